import { randomBytes } from 'node:crypto';
import {
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
} from '@kubernetes/client-node';
import {
  createServiceFactory,
  ServiceFactory,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  notificationService,
  NotificationSendOptions,
} from '@backstage/plugin-notifications-node';
import {
  buildMcpInstall,
  createLeastPrivilegeKubeconfig,
  deleteTestNamespace,
  describeIfRealCluster,
  ensureSharedCrd,
  failingExternalSecret,
  LeastPrivilegeKubeconfig,
  playControllers,
  PlayedControllers,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-node/testUtils';
import {
  capturingLogger,
  clusterConfig,
  eventually,
} from '../__testUtils__/e2eHarness';
import {
  createRecordedInstall,
  isoSeconds,
  mergePatch,
  syncedExternalSecretStatus,
} from '../__testUtils__/realClusterInstall';
import { mcpKubernetesPlugin } from '../plugin';
import { NOTIFIER_TASK_ID } from './scheduleNotifier';

/**
 * Owner notifications on a real kube-apiserver: the whole plugin (watch cache, status builder,
 * state table, scheduled task) with a recording notifications service. Two installs: one whose
 * OAuth key is 120 days old (first seen overdue: only "key-overdue" is sent, never also
 * "key-warning"), one whose ExternalSecret has not been Ready for two hours. Each sends exactly
 * one notification; later runs send nothing; fixing each sends exactly one "resolved".
 */
jest.setTimeout(120_000);

const TOKEN = `ghp_${'Qw7'.repeat(12)}`;

describeIfRealCluster(
  'owner notifications on the real API server',
  kubeconfigPath => {
    const id = randomBytes(3).toString('hex');
    const namespace = `mcpk-notify-${id}`;
    const keyRelease = `key-${id}`;
    const esRelease = `es-${id}`;
    const owner = 'group:default/team-notify';
    let admin: KubeConfig;
    let controllers: PlayedControllers;
    let leastPrivilege: LeastPrivilegeKubeconfig;
    let backend: Awaited<ReturnType<typeof startTestBackend>>;
    let triggerTask: (id: string) => Promise<void>;
    // The plugin sees the whole shared cluster, where other suites' installs come and go in
    // parallel: `sent` keeps what concerns this suite's namespace, `sentAnywhere` everything.
    const sentAnywhere: NotificationSendOptions[] = [];
    const sent: NotificationSendOptions[] = [];
    const logger = capturingLogger();

    const topicOf = (release: string) =>
      `mcp-kubernetes:least-privilege/${namespace}/${release}`;
    /** What was sent for one install, as `condition:state`. */
    const sentFor = (release: string) =>
      sent
        .filter(s => s.payload.topic === topicOf(release))
        .map(
          s => `${s.payload.metadata?.condition}:${s.payload.metadata?.state}`,
        );

    async function createInstall(
      release: string,
      options: { rotatedDaysAgo: number; esFailingSince?: number },
    ) {
      const seed = buildMcpInstall({ namespace, release, replicas: 1 });
      return createRecordedInstall(admin, {
        namespace,
        release,
        entityRef: `component:default/mcp-${release}`,
        owner,
        rotatedDaysAgo: options.rotatedDaysAgo,
        externalSecretStatus:
          options.esFailingSince !== undefined
            ? failingExternalSecret(
                {
                  ...seed.externalSecret,
                  status: { refreshTime: isoSeconds(Date.now()) },
                },
                // A provider error that quotes a token: it must never reach a notification.
                `could not get secret data from provider: token=${TOKEN}`,
                new Date(options.esFailingSince),
              ).status
            : syncedExternalSecretStatus(),
      });
    }

    beforeAll(async () => {
      admin = new KubeConfig();
      admin.loadFromFile(kubeconfigPath);
      await ensureSharedCrd(admin, 'external-secrets.io_externalsecrets.yaml');
      await admin
        .makeApiClient(CoreV1Api)
        .createNamespace({ body: { metadata: { name: namespace } } });
      controllers = playControllers({ kubeConfig: admin, namespace });
      await createInstall(keyRelease, { rotatedDaysAgo: 120 });
      await createInstall(esRelease, {
        rotatedDaysAgo: 5,
        esFailingSince: Date.now() - 2 * 60 * 60 * 1000,
      });
      leastPrivilege = await createLeastPrivilegeKubeconfig(admin, namespace);

      // The mock scheduler runs each task once at start-up; the test triggers later runs.
      const scheduler = mockServices.scheduler() as unknown as {
        factory(): ServiceFactory;
        triggerTask(id: string): Promise<void>;
      };
      triggerTask = taskId => scheduler.triggerTask(taskId);
      const actions = actionsRegistryServiceMock();
      backend = await startTestBackend({
        features: [
          mcpKubernetesPlugin,
          scheduler.factory(),
          // The cluster is the least-privilege kubeconfig's context.
          mockServices.rootConfig.factory({
            data: clusterConfig(
              {},
              {
                kubeconfig: {
                  enabled: true,
                  path: leastPrivilege.kubeconfigPath,
                },
                notifications: {
                  externalSecretFailingMinutes: 60,
                  installFailingMinutes: 15,
                },
              },
            ),
          }),
          catalogServiceMock.factory({ entities: [] }),
          mockServices.permissions.factory(),
          createServiceFactory({
            service: actionsRegistryServiceRef,
            deps: {},
            factory: () => actions,
          }),
          createServiceFactory({
            service: notificationService,
            deps: {},
            factory: () => ({
              async send(options: NotificationSendOptions) {
                const copy = JSON.parse(JSON.stringify(options));
                sentAnywhere.push(copy);
                if (
                  copy.payload.topic?.startsWith(
                    `mcp-kubernetes:least-privilege/${namespace}/`,
                  )
                ) {
                  sent.push(copy);
                }
              },
            }),
          }),
          logger.factory,
        ],
      });
    });

    afterAll(async () => {
      await backend?.stop();
      await controllers?.stop();
      await leastPrivilege?.cleanup();
      if (admin) await deleteTestNamespace(admin, namespace);
    });

    /** Runs the notifier until `check` holds (the watch cache fills asynchronously). */
    const runUntil = (check: () => boolean) =>
      eventually(
        async () => {
          await triggerTask(NOTIFIER_TASK_ID);
          return check();
        },
        ok => ok,
        60_000,
      );

    it('an overdue key and a long-failing ExternalSecret each send exactly one notification to the owner group', async () => {
      await runUntil(
        () => sentFor(keyRelease).length > 0 && sentFor(esRelease).length > 0,
      );
      // More runs while the conditions last: nothing new.
      await triggerTask(NOTIFIER_TASK_ID);
      await triggerTask(NOTIFIER_TASK_ID);
      expect(sentFor(keyRelease)).toEqual(['key-overdue:active']);
      expect(sentFor(esRelease)).toEqual(['external-secret-failing:active']);
      expect(sent.every(s => s.recipients.type === 'entity')).toBe(true);
      expect(sent.map(s => (s.recipients as any).entityRef)).toEqual([
        owner,
        owner,
      ]);
      const es = sent.find(s => s.payload.topic === topicOf(esRelease))!;
      expect(es.payload).toMatchObject({
        severity: 'high',
        link: `/catalog/default/component/mcp-${esRelease}`,
        scope: `${topicOf(esRelease)}:external-secret`,
      });
      expect(es.payload.description).toMatch(/SecretSyncedError/);
      expect(es.payload.description).toContain('[redacted]');
      const everything = JSON.stringify(sentAnywhere) + logger.lines.join('\n');
      expect(everything).not.toContain(TOKEN);
      expect(everything).not.toContain('c2VjcmV0');
    });

    it('fixing each (key rotated, ExternalSecret Ready again) sends exactly one "resolved" each', async () => {
      const core = admin.makeApiClient(CoreV1Api);
      const custom = admin.makeApiClient(CustomObjectsApi);
      await core.patchNamespacedSecret(
        {
          namespace,
          name: `${keyRelease}-oauth-credentials`,
          body: {
            metadata: {
              annotations: {
                'mcp-kubernetes.io/oauth-key-rotated-at': isoSeconds(
                  Date.now(),
                ),
              },
            },
          },
        },
        mergePatch,
      );
      await custom.patchNamespacedCustomObjectStatus(
        {
          group: 'external-secrets.io',
          version: 'v1',
          namespace,
          plural: 'externalsecrets',
          name: `${esRelease}-oauth-credentials`,
          body: { status: syncedExternalSecretStatus() },
        },
        mergePatch,
      );
      await runUntil(
        () => sentFor(keyRelease).length > 1 && sentFor(esRelease).length > 1,
      );
      await triggerTask(NOTIFIER_TASK_ID);
      await triggerTask(NOTIFIER_TASK_ID);
      expect(sentFor(keyRelease)).toEqual([
        'key-overdue:active',
        'key-overdue:resolved',
      ]);
      expect(sentFor(esRelease)).toEqual([
        'external-secret-failing:active',
        'external-secret-failing:resolved',
      ]);
      expect(
        sent.filter(s => s.payload.metadata?.state === 'resolved'),
      ).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            payload: expect.objectContaining({ severity: 'low' }),
          }),
        ]),
      );
    });
  },
);
