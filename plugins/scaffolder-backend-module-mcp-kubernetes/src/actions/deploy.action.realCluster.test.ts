import { AppsV1Api, KubeConfig } from '@kubernetes/client-node';
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import {
  DefaultClusterRegistry,
  DefaultHelmRunner,
  DefaultPolicyEngine,
  defaultChartPath,
  loadValuesSchema,
  pinnedHelmPath,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-node';
import {
  deleteTestNamespace,
  describeIfRealCluster,
  PlayedControllers,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-node/testUtils';
import { randomBytes } from 'node:crypto';
import { DatabaseReleaseLocks } from '../lock/releaseLock';
import { createDeployAction } from './deploy';
import {
  actionDepsOnCluster,
  allowAllPermissions,
  runAsTask,
  startTestNamespace,
  uninstallQuietly,
  userOwning,
  installWithoutRecord,
} from './__testUtils__/realCluster';

/**
 * The deploy action itself (not only the runner) against a real API server:
 * the recorded owner lands on the Deployment and guards upgrades, the task
 * log reads as progress, and two backend replicas never run helm on one
 * release at once.
 */
jest.setTimeout(300_000);

describeIfRealCluster(
  'mcp-kubernetes:deploy on a real API server',
  kubeconfigPath => {
    const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
    const id = randomBytes(3).toString('hex');
    const namespace = `mcpk-action-${id}`;
    const release = `mcpk-act-${id}`;
    const raced = `mcpk-race-${id}`;
    const orphan = `mcpk-orphan-${id}`;
    const runner = DefaultHelmRunner.create({
      helmPath: pinnedHelmPath('v4'),
      chartPath: defaultChartPath(),
    });
    let admin: KubeConfig;
    let cluster: string;
    let controllers: PlayedControllers;
    let registry: DefaultClusterRegistry;
    let makeAction: (
      refs: string[],
      locks?: DatabaseReleaseLocks,
    ) => Promise<ReturnType<typeof createDeployAction>>;

    const answers = (releaseName: string) => ({
      cluster,
      namespace,
      releaseName,
      environment: 'development',
      owner: 'group:default/team-a',
      imageTag: 'v0.0.1',
      timeout: 60,
      // The chart's CiliumNetworkPolicy needs Cilium's CRD; a platform value turns it off.
      values: { ciliumNetworkPolicy: { enabled: false } },
    });

    const deployment = (name: string) =>
      admin.makeApiClient(AppsV1Api).readNamespacedDeployment({
        name: `${name}-mcp-kubernetes`,
        namespace,
      });

    beforeAll(async () => {
      ({ admin, controllers } = await startTestNamespace(
        kubeconfigPath,
        namespace,
        {
          // An image tagged never-ready stays unready, so helm's wait times out.
          neverReady: d =>
            !!d.spec?.template.spec?.containers.some(c =>
              c.image?.endsWith(':never-ready'),
            ),
        },
      ));
      let policyEngine: DefaultPolicyEngine;
      let valuesSchema: Awaited<ReturnType<typeof loadValuesSchema>>;
      ({ registry, cluster, policyEngine, valuesSchema } =
        await actionDepsOnCluster(kubeconfigPath, {
          environments: { development: { allowedClusters: ['*'] } },
        }));
      makeAction = async (refs, locks) =>
        createDeployAction({
          policyEngine,
          helmRunner: runner,
          clusterRegistry: registry,
          permissions: allowAllPermissions(),
          userInfo: userOwning(refs),
          valuesSchema,
          locks,
        });
    });

    afterAll(async () => {
      await controllers?.stop();
      const kubeConfig = registry?.getKubeConfig(cluster);
      if (kubeConfig) {
        await uninstallQuietly(runner, kubeConfig, namespace, [
          release,
          raced,
          orphan,
        ]);
      }
      if (admin) await deleteTestNamespace(admin, namespace);
    });

    it('installs, records the owner on the Deployment and logs progress in words', async () => {
      const action = await makeAction([
        'user:default/ann',
        'group:default/team-a',
      ]);
      const { error, outputs, log } = await runAsTask(action, answers(release));
      expect(error).toBeUndefined();
      expect(outputs).toMatchObject({ operation: 'install', revision: 1 });
      const annotations =
        (await deployment(release)).metadata?.annotations ?? {};
      expect(annotations['mcp-kubernetes.io/owner']).toBe(
        'group:default/team-a',
      );
      expect(annotations['mcp-kubernetes.io/entity-ref']).toBe(
        `component:default/${release}`,
      );
      const info = log.filter(l => !l.startsWith('[debug]'));
      expect(info.some(l => /^Applying \d+ objects$/.test(l))).toBe(true);
      expect(
        info.some(l => /^Waiting for \d+ objects to be ready$/.test(l)),
      ).toBe(true);
      expect(info.some(l => /^Ready in \d+ s$/.test(l))).toBe(true);
      expect(info.some(l => l.includes('level=DEBUG'))).toBe(false);
    });

    it("refuses another team's upgrade, then upgrades for the owner", async () => {
      const other = await makeAction([
        'user:default/bob',
        'group:default/team-b',
      ]);
      const refused = await runAsTask(other, {
        ...answers(release),
        size: 'large',
      });
      expect(refused.error?.name).toBe('NotAllowedError');
      expect(refused.error?.message).toContain(
        'is owned by group:default/team-a',
      );
      expect((await deployment(release)).spec?.replicas).toBe(2);

      const owner = await makeAction([
        'user:default/ann',
        'group:default/team-a',
      ]);
      const upgraded = await runAsTask(owner, {
        ...answers(release),
        size: 'large',
      });
      expect(upgraded.error).toBeUndefined();
      expect(upgraded.outputs).toMatchObject({
        operation: 'upgrade',
        revision: 2,
      });
      expect((await deployment(release)).spec?.replicas).toBe(3);
    });

    it('a failed upgrade is rolled back and the log says so in words', async () => {
      const owner = await makeAction(['group:default/team-a']);
      const { error, log } = await runAsTask(owner, {
        ...answers(release),
        size: 'large',
        imageTag: 'never-ready',
        timeout: 30,
      });
      expect(error?.name).toBe('HelmCommandError');
      expect(error?.message).toContain(
        'Helm rolled the release back to revision 2.',
      );
      const info = log.filter(l => !l.startsWith('[debug]'));
      expect(info).toContain('Rolling back to revision 2');
      expect(info).toContain('Rolled back to revision 2');
      expect(
        info.some(l =>
          /^Waiting for Deployment mcpk-act-\w+-mcp-kubernetes: \d+\/3 ready$/.test(
            l,
          ),
        ),
      ).toBe(true);
    });

    it('refuses to upgrade a release installed without a record, saying how to adopt it', async () => {
      await installWithoutRecord(
        runner,
        registry.getKubeConfig(cluster),
        namespace,
        orphan,
      );
      const action = await makeAction(['group:default/team-a']);
      const { error } = await runAsTask(action, answers(orphan));
      expect(error?.name).toBe('NotAllowedError');
      expect(error?.message).toContain('records no owner');
      expect(error?.message).toContain(
        `kubectl annotate deployment ${orphan}-mcp-kubernetes -n ${namespace}`,
      );
    });

    it('two replicas installing one new release: one installs, the other gets ReleaseBusyError', async () => {
      const knex = await databases.init('SQLITE_3');
      const replica = async () =>
        makeAction(
          ['group:default/team-a'],
          await DatabaseReleaseLocks.create({
            database: mockServices.database({ knex }),
          }),
        );
      const [a, b] = [await replica(), await replica()];
      const results = await Promise.all([
        runAsTask(a, answers(raced)),
        runAsTask(b, answers(raced)),
      ]);
      const errors = results.map(r => r.error).filter(Boolean);
      expect(results.filter(r => !r.error)).toHaveLength(1);
      expect(errors).toHaveLength(1);
      expect(errors[0]!.name).toBe('ConflictError');
      expect(errors[0]!.message).toContain(
        `Release ${namespace}/${raced} is busy`,
      );
    });
  },
);
