import { stringify } from 'yaml';
import { checkRenderedManifests } from './checkRenderedManifests';
import { restrictedDeployment } from './__fixtures__/objects';

/** PSS findings (rule:path) of a Deployment after `mutate` breaks it. */
function pssFindings(mutate: (d: Record<string, any>) => void): string[] {
  const deployment = restrictedDeployment();
  mutate(deployment);
  return checkRenderedManifests(stringify(deployment))
    .filter(f => f.rule === 'pss-restricted')
    .map(f => f.path ?? '');
}

const POD = 'spec.template.spec';
const C0 = `${POD}.containers[0]`;

describe('Pod Security Standards restricted check', () => {
  it('passes a restricted pod template', () => {
    expect(pssFindings(() => {})).toEqual([]);
  });

  it.each([
    [
      'runAsNonRoot missing everywhere',
      (d: any) => delete d.spec.template.spec.securityContext.runAsNonRoot,
      [`${C0}.securityContext.runAsNonRoot`],
    ],
    [
      'runAsNonRoot false in the container overrides the pod',
      (d: any) =>
        (d.spec.template.spec.containers[0].securityContext.runAsNonRoot =
          false),
      [`${C0}.securityContext.runAsNonRoot`],
    ],
    [
      'runAsUser 0',
      (d: any) => (d.spec.template.spec.securityContext.runAsUser = 0),
      [`${POD}.securityContext.runAsUser`],
    ],
    [
      'seccomp missing',
      (d: any) => delete d.spec.template.spec.securityContext.seccompProfile,
      [`${C0}.securityContext.seccompProfile.type`],
    ],
    [
      'seccomp Unconfined',
      (d: any) =>
        (d.spec.template.spec.securityContext.seccompProfile.type =
          'Unconfined'),
      [
        `${POD}.securityContext.seccompProfile.type`,
        `${C0}.securityContext.seccompProfile.type`,
      ],
    ],
    [
      'privilege escalation allowed',
      (d: any) =>
        delete d.spec.template.spec.containers[0].securityContext
          .allowPrivilegeEscalation,
      [`${C0}.securityContext.allowPrivilegeEscalation`],
    ],
    [
      'capabilities not dropped',
      (d: any) =>
        (d.spec.template.spec.containers[0].securityContext.capabilities.drop =
          ['NET_RAW']),
      [`${C0}.securityContext.capabilities.drop`],
    ],
    [
      'capability added beyond NET_BIND_SERVICE',
      (d: any) =>
        d.spec.template.spec.containers[0].securityContext.capabilities.add.push(
          'SYS_ADMIN',
        ),
      [`${C0}.securityContext.capabilities.add[1]`],
    ],
    [
      'privileged',
      (d: any) =>
        (d.spec.template.spec.containers[0].securityContext.privileged = true),
      [`${C0}.securityContext.privileged`],
    ],
    [
      'hostNetwork',
      (d: any) => (d.spec.template.spec.hostNetwork = true),
      [`${POD}.hostNetwork`],
    ],
    [
      'hostPID and hostIPC',
      (d: any) =>
        Object.assign(d.spec.template.spec, { hostPID: true, hostIPC: true }),
      [`${POD}.hostPID`, `${POD}.hostIPC`],
    ],
    [
      'hostPath volume',
      (d: any) =>
        d.spec.template.spec.volumes.push({
          name: 'h',
          hostPath: { path: '/' },
        }),
      [`${POD}.volumes[2].hostPath`],
    ],
    [
      'other non-restricted volume type',
      (d: any) =>
        d.spec.template.spec.volumes.push({
          name: 'n',
          nfs: { server: 'x', path: '/' },
        }),
      [`${POD}.volumes[2].nfs`],
    ],
    [
      'hostPort',
      (d: any) => (d.spec.template.spec.containers[0].ports[0].hostPort = 80),
      [`${C0}.ports[0].hostPort`],
    ],
    [
      'unsafe sysctl',
      (d: any) =>
        (d.spec.template.spec.securityContext.sysctls = [
          { name: 'kernel.msgmax', value: '1' },
        ]),
      [`${POD}.securityContext.sysctls[0]`],
    ],
    [
      'AppArmor unconfined annotation',
      (d: any) =>
        (d.spec.template.metadata.annotations = {
          'container.apparmor.security.beta.kubernetes.io/web': 'unconfined',
        }),
      [
        'spec.template.metadata.annotations.container.apparmor.security.beta.kubernetes.io/web',
      ],
    ],
    [
      'procMount Unmasked',
      (d: any) =>
        (d.spec.template.spec.containers[0].securityContext.procMount =
          'Unmasked'),
      [`${C0}.securityContext.procMount`],
    ],
    [
      'SELinux user set',
      (d: any) =>
        (d.spec.template.spec.securityContext.seLinuxOptions = {
          user: 'root',
        }),
      [`${POD}.securityContext.seLinuxOptions.user`],
    ],
  ])('rejects %s', (_name, mutate, expected) => {
    expect(pssFindings(mutate).sort()).toEqual([...expected].sort());
  });

  it('checks init containers too', () => {
    const found = pssFindings(d => {
      d.spec.template.spec.initContainers = [
        { name: 'init', image: 'busybox:1' },
      ];
    });
    expect(found).toEqual([
      `${POD}.initContainers[0].securityContext.allowPrivilegeEscalation`,
      `${POD}.initContainers[0].securityContext.capabilities.drop`,
    ]);
  });

  it('finds the pod template of CronJobs and bare Pods', () => {
    const container = { name: 'c', image: 'x:1' };
    const cronJob = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'cj' },
      spec: {
        schedule: '* * * * *',
        jobTemplate: {
          spec: {
            template: {
              spec: { restartPolicy: 'Never', containers: [container] },
            },
          },
        },
      },
    };
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
      spec: { containers: [container] },
    };
    const findings = checkRenderedManifests(
      `${stringify(cronJob)}---\n${stringify(pod)}`,
    ).filter(f => f.rule === 'pss-restricted');
    expect(
      findings.filter(f => f.kind === 'CronJob').map(f => f.path),
    ).toContain(
      'spec.jobTemplate.spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation',
    );
    expect(findings.filter(f => f.kind === 'Pod').map(f => f.path)).toContain(
      'spec.containers[0].securityContext.runAsNonRoot',
    );
  });
});
