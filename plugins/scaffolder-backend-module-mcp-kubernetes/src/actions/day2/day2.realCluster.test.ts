import { AppsV1Api, CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import {
  DefaultClusterRegistry,
  DefaultHelmRunner,
  DefaultPolicyEngine,
  defaultChartPath,
  loadValuesSchema,
  pinnedHelmPath,
  RESTARTED_AT_ANNOTATION,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-node';
import {
  deleteTestNamespace,
  describeIfRealCluster,
  PlayedControllers,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-node/testUtils';
import { randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InMemoryReleaseLocks } from '../../lock/releaseLock';
import { createDeployAction, createUpgradeAction } from '../deploy';
import {
  actionDepsOnCluster,
  permissionsDenying,
  runAsTask,
  startTestNamespace,
  uninstallQuietly,
  userOwning,
  installWithoutRecord,
} from '../__testUtils__/realCluster';
import { createRestartAction } from './restart';
import { createRollbackAction } from './rollback';
import { createUninstallAction } from './uninstall';

/**
 * The day-2 actions with real helm 4 against the real API server: an install
 * made by the deploy action is upgraded, rolled back, restarted and
 * uninstalled, and a caller from another team changes nothing.
 */
jest.setTimeout(300_000);

describeIfRealCluster('day-2 actions on a real API server', kubeconfigPath => {
  const id = randomBytes(3).toString('hex');
  const namespace = `mcpk-day2-${id}`;
  const release = `mcpk-d2-${id}`;
  const neighbour = `mcpk-d2n-${id}`;
  const deploymentName = `${release}-mcp-kubernetes`;
  const runner = DefaultHelmRunner.create({
    helmPath: pinnedHelmPath('v4'),
    chartPath: defaultChartPath(),
  });
  const locks = new InMemoryReleaseLocks();
  let admin: KubeConfig;
  let cluster: string;
  let controllers: PlayedControllers;
  let registry: DefaultClusterRegistry;
  let catalogDir: string;
  let actionsFor: (
    refs: string[],
    denied?: string[],
  ) => Promise<{
    deploy: ReturnType<typeof createDeployAction>;
    upgrade: ReturnType<typeof createUpgradeAction>;
    rollback: ReturnType<typeof createRollbackAction>;
    restart: ReturnType<typeof createRestartAction>;
    uninstall: ReturnType<typeof createUninstallAction>;
  }>;
  const auditEvents: Array<{ eventId: string; outcome?: string }> = [];

  const answers = (extra: Record<string, unknown> = {}) => ({
    cluster,
    namespace,
    releaseName: release,
    environment: 'development',
    owner: 'group:default/team-a',
    imageTag: 'v0.1.0',
    size: 'small',
    timeout: 90,
    ...extra,
  });
  const where = () => ({ cluster, namespace, releaseName: release });

  const deployment = () =>
    admin
      .makeApiClient(AppsV1Api)
      .readNamespacedDeployment({ name: deploymentName, namespace });
  const revision = async () =>
    (
      await runner.releaseState({
        kubeConfig: registry.getKubeConfig(cluster),
        release,
        namespace,
      })
    )?.revision;

  beforeAll(async () => {
    ({ admin, controllers } = await startTestNamespace(
      kubeconfigPath,
      namespace,
    ));
    catalogDir = mkdtempSync(join(tmpdir(), 'mcpk-day2-catalog-'));
    let policyEngine: DefaultPolicyEngine;
    let valuesSchema: Awaited<ReturnType<typeof loadValuesSchema>>;
    ({ registry, cluster, policyEngine, valuesSchema } =
      await actionDepsOnCluster(kubeconfigPath, {
        environments: {
          // A bare API server has no Cilium CRD: the policy turns the CiliumNetworkPolicy off.
          development: {
            allowedClusters: ['*'],
            fixedValues: { ciliumNetworkPolicy: { enabled: false } },
          },
        },
      }));
    const auditor = {
      async createEvent(o: { eventId: string }) {
        const entry: (typeof auditEvents)[number] = { eventId: o.eventId };
        auditEvents.push(entry);
        return {
          async success() {
            entry.outcome = 'success';
          },
          async fail() {
            entry.outcome = 'fail';
          },
        };
      },
    };
    actionsFor = async (refs, denied = []) => {
      const userInfo = userOwning(refs);
      const permissions = permissionsDenying(denied);
      const chart = {
        policyEngine,
        helmRunner: runner,
        clusterRegistry: registry,
        permissions,
        userInfo,
        auditor,
        valuesSchema,
        locks,
      };
      const day2 = {
        helmRunner: runner,
        clusterRegistry: registry,
        userInfo,
        permissions,
        auditor,
        locks,
        defaultTimeoutSeconds: 90,
      };
      return {
        deploy: createDeployAction(chart),
        upgrade: createUpgradeAction(chart),
        rollback: createRollbackAction({ ...day2, policyEngine }),
        restart: createRestartAction(day2),
        uninstall: createUninstallAction({
          ...day2,
          localCatalogDir: catalogDir,
        }),
      };
    };
  });

  afterAll(async () => {
    await controllers?.stop();
    const kubeConfig = registry?.getKubeConfig(cluster);
    if (kubeConfig) {
      await uninstallQuietly(runner, kubeConfig, namespace, [
        release,
        neighbour,
      ]);
    }
    if (admin) await deleteTestNamespace(admin, namespace);
    if (catalogDir) rmSync(catalogDir, { recursive: true, force: true });
  });

  it('deploy installs small (2 replicas); upgrade makes it large on the live Deployment', async () => {
    const owner = await actionsFor([
      'user:default/ann',
      'group:default/team-a',
    ]);
    const installed = await runAsTask(owner.deploy, answers());
    expect(installed.error).toBeUndefined();
    expect(installed.outputs).toMatchObject({
      operation: 'install',
      revision: 1,
    });
    expect((await deployment()).spec?.replicas).toBe(2);

    const upgraded = await runAsTask(
      owner.upgrade,
      answers({ size: 'large', imageTag: 'v0.2.0' }),
    );
    expect(upgraded.error).toBeUndefined();
    expect(upgraded.outputs).toMatchObject({
      operation: 'upgrade',
      revision: 2,
    });
    const live = await deployment();
    expect(live.spec?.replicas).toBe(3);
    const container = live.spec?.template.spec?.containers[0];
    expect(container?.resources?.limits).toMatchObject({
      cpu: '2',
      memory: '2Gi',
    });
    expect(container?.image).toMatch(/:v0\.2\.0$/);
  });

  it('a caller from another team is refused by every day-2 action and nothing changes', async () => {
    const before = await deployment();
    const revisionBefore = await revision();
    const other = await actionsFor([
      'user:default/bob',
      'group:default/team-b',
    ]);
    const attempts = [
      await runAsTask(other.upgrade, answers({ size: 'small' })),
      await runAsTask(other.rollback, {
        ...where(),
        revision: 1,
        environment: 'development',
      }),
      await runAsTask(other.restart, where()),
      await runAsTask(other.uninstall, { ...where(), confirm: release }),
    ];
    for (const { error } of attempts) {
      expect(error?.name).toBe('NotAllowedError');
      expect(error?.message).toContain('is owned by group:default/team-a');
    }
    const after = await deployment();
    expect(after.metadata?.resourceVersion).toBe(
      before.metadata?.resourceVersion,
    );
    expect(
      after.spec?.template.metadata?.annotations?.[RESTARTED_AT_ANNOTATION],
    ).toBeUndefined();
    expect(await revision()).toBe(revisionBefore);
    expect(revisionBefore).toBe(2);
  });

  it('an owner whom the permission policy denies mcp-kubernetes.install.operate is refused by every day-2 action and nothing changes', async () => {
    const before = await deployment();
    const revisionBefore = await revision();
    const denied = await actionsFor(
      ['group:default/team-a'],
      ['mcp-kubernetes.install.operate'],
    );
    const attempts = [
      await runAsTask(denied.upgrade, answers({ size: 'small' })),
      await runAsTask(denied.rollback, {
        ...where(),
        revision: 1,
        environment: 'development',
      }),
      await runAsTask(denied.restart, where()),
      await runAsTask(denied.uninstall, { ...where(), confirm: release }),
    ];
    for (const { error } of attempts) {
      expect(error?.name).toBe('NotAllowedError');
      expect(error?.message).toContain(
        'denies mcp-kubernetes.install.operate on component:default/',
      );
    }
    const after = await deployment();
    expect(after.metadata?.resourceVersion).toBe(
      before.metadata?.resourceVersion,
    );
    expect(await revision()).toBe(revisionBefore);
  });

  it("rollback checks revision 1 against today's policy and restores its values as revision 3", async () => {
    const owner = await actionsFor(['group:default/team-a']);
    const { error, outputs, log } = await runAsTask(owner.rollback, {
      ...where(),
      revision: 1,
      environment: 'development',
    });
    expect(error).toBeUndefined();
    expect(outputs).toEqual({
      revision: 3,
      rolledBackTo: 1,
      previousRevision: 2,
    });
    expect(log).toContain(
      "Checking the values of revision 1 against today's development policy",
    );
    const kubeConfig = registry.getKubeConfig(cluster);
    const [v1, v3] = await Promise.all(
      [1, 3].map(r =>
        runner.getValues({ kubeConfig, release, namespace, revision: r }),
      ),
    );
    expect(v3).toEqual(v1);
    expect(v1).toMatchObject({ replicaCount: 2, image: { tag: 'v0.1.0' } });
    const live = await deployment();
    expect(live.spec?.replicas).toBe(2);
    expect(live.spec?.template.spec?.containers[0].image).toMatch(/:v0\.1\.0$/);
  });

  it('restart sets the pod template annotation and leaves the helm revision alone', async () => {
    const before = await deployment();
    const owner = await actionsFor(['group:default/team-a']);
    const { error, outputs } = await runAsTask(owner.restart, where());
    expect(error).toBeUndefined();
    const after = await deployment();
    const restartedAt =
      after.spec?.template.metadata?.annotations?.[RESTARTED_AT_ANNOTATION];
    expect(restartedAt).toBe(outputs.restartedAt);
    expect(Date.parse(String(restartedAt))).toBeGreaterThan(
      Date.now() - 120_000,
    );
    expect(after.metadata?.resourceVersion).not.toBe(
      before.metadata?.resourceVersion,
    );
    expect(await revision()).toBe(3);
  });

  it('uninstall refuses deleteNamespace while another release lives there; nothing removed', async () => {
    await installWithoutRecord(
      runner,
      registry.getKubeConfig(cluster),
      namespace,
      neighbour,
    );
    const owner = await actionsFor(['group:default/team-a']);
    const { error } = await runAsTask(owner.uninstall, {
      ...where(),
      confirm: release,
      deleteNamespace: true,
    });
    expect(error?.name).toBe('InputError');
    expect(error?.message).toContain(`also holds the release(s) ${neighbour}`);
    expect(await revision()).toBe(3);
  });

  it('uninstall removes the release and the entity file written for it, keeps other files and the namespace', async () => {
    const entity = (
      rel: string,
      name: string,
    ) => `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: ${name}
  annotations:
    mcp-kubernetes.io/cluster: ${cluster}
    mcp-kubernetes.io/namespace: ${namespace}
    mcp-kubernetes.io/release: ${rel}
    mcp-kubernetes.io/environment: development
spec: { type: service, lifecycle: experimental, owner: group:default/team-a }
`;
    const ours = join(catalogDir, `default-${release}.yaml`);
    const theirs = join(catalogDir, `default-${neighbour}.yaml`);
    writeFileSync(ours, entity(release, release));
    writeFileSync(theirs, entity(neighbour, neighbour));
    const owner = await actionsFor(['group:default/team-a']);
    const { error, outputs } = await runAsTask(owner.uninstall, {
      ...where(),
      confirm: release,
    });
    expect(error).toBeUndefined();
    expect(outputs).toEqual({
      entityFileRemoved: true,
      namespaceDeleted: false,
    });
    expect(await revision()).toBeUndefined();
    await expect(deployment()).rejects.toMatchObject({ code: 404 });
    expect(existsSync(ours)).toBe(false);
    expect(readFileSync(theirs, 'utf8')).toContain(neighbour);
    const ns = await admin
      .makeApiClient(CoreV1Api)
      .readNamespace({ name: namespace });
    expect(ns.status?.phase).toBe('Active');
    // Refused: another team, the operate permission denied, deleteNamespace with a neighbour.
    expect(
      auditEvents
        .filter(e => e.eventId === 'release-uninstall')
        .map(e => e.outcome),
    ).toEqual(['fail', 'fail', 'fail', 'success']);
  });
});
