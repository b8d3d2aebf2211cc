import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  FakeKubeApiServer,
  startFakeKubeApiServer,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-node/testUtils';
import { mcpKubernetesPlugin } from '../plugin';
import { durationMs, readScaleSettings } from './scaleConfig';

const read = (mcpKubernetes: object) => {
  const logger = mockServices.logger.mock();
  const settings = readScaleSettings(
    new ConfigReader({ mcpKubernetes } as any),
    logger,
  );
  return { settings, warnings: logger.warn.mock.calls.map(c => c[0]) };
};

describe('readScaleSettings', () => {
  it('defaults: a 5-minute sweep, 20 s freshness, a 1-minute recorder, no warnings', () => {
    const { settings, warnings } = read({});
    expect(settings).toEqual({
      sweep: { frequency: { minutes: 5 }, timeout: { minutes: 4 } },
      record: { frequency: { minutes: 1 }, timeout: { minutes: 5 } },
      freshnessMs: 20_000,
      sharedTtlMs: 11 * 60_000,
      // A quarter of a request per second over the 5-minute period.
      sweepBudget: 75,
      // The rest of the 2/s for views, with ten seconds' burst.
      viewRate: { perSecond: 1.75, burst: 17.5 },
    });
    expect(warnings).toEqual([]);
  });

  it('sizes the sweep budget from requests per second and the period, and refuses a bad rate', () => {
    expect(
      read({
        health: { sweepRequestsPerSecond: 0.5, sweep: { frequency: '10m' } },
      }).settings.sweepBudget,
    ).toBe(300);
    for (const bad of [0, -1, 'lots']) {
      expect(() => read({ health: { sweepRequestsPerSecond: bad } })).toThrow(
        /mcpKubernetes\.health\.sweepRequestsPerSecond/,
      );
    }
  });

  it('gives views what the sweep leaves of the total, and refuses a sweep that leaves nothing', () => {
    expect(
      read({
        health: { maxRequestsPerSecond: 5, sweepRequestsPerSecond: 1 },
      }).settings.viewRate,
    ).toEqual({ perSecond: 4, burst: 40 });
    // A small total halves the default sweep share rather than refusing it.
    const small = read({ health: { maxRequestsPerSecond: 0.2 } }).settings;
    expect(small.viewRate.perSecond).toBeCloseTo(0.1);
    expect(small.viewRate.burst).toBe(1);
    expect(small.sweepBudget).toBe(30);
    expect(() =>
      read({ health: { maxRequestsPerSecond: 1, sweepRequestsPerSecond: 1 } }),
    ).toThrow(
      /mcpKubernetes\.health\.sweepRequestsPerSecond: 1 leaves no room for card views under mcpKubernetes\.health\.maxRequestsPerSecond \(1\)/,
    );
    for (const bad of [0, -2]) {
      expect(() => read({ health: { maxRequestsPerSecond: bad } })).toThrow(
        /mcpKubernetes\.health\.maxRequestsPerSecond/,
      );
    }
  });

  it('reads human durations and schedule objects', () => {
    const { settings, warnings } = read({
      health: {
        freshness: '15s',
        sweep: {
          frequency: '10m',
          timeout: { minutes: 2 },
          initialDelay: 'PT30S',
        },
      },
      keyRotation: { record: { frequency: { seconds: 90 } } },
    });
    expect(settings.freshnessMs).toBe(15_000);
    expect(settings.sweep).toMatchObject({
      frequency: { minutes: 10 },
      timeout: { minutes: 2 },
      initialDelay: { seconds: 30 },
    });
    expect(settings.record).toMatchObject({
      frequency: { seconds: 90 },
      timeout: { minutes: 5 },
    });
    expect(warnings).toEqual([]);
  });

  it('still accepts the old *Seconds keys, with a deprecation warning naming the new key', () => {
    const { settings, warnings } = read({
      health: { intervalSeconds: 30 },
      keyRotation: { recordIntervalSeconds: 120 },
    });
    expect(settings.sweep.frequency).toEqual({ seconds: 30 });
    expect(settings.record.frequency).toEqual({ seconds: 120 });
    expect(warnings).toEqual([
      expect.stringMatching(
        /health\.intervalSeconds is deprecated; use mcpKubernetes\.health\.sweep\.frequency .*'30s'/,
      ),
      expect.stringMatching(
        /keyRotation\.recordIntervalSeconds is deprecated; use mcpKubernetes\.keyRotation\.record\.frequency/,
      ),
    ]);
  });

  it('prefers the new key when both are set, and says the old one is ignored', () => {
    const { settings, warnings } = read({
      health: { intervalSeconds: 30, sweep: { frequency: '2m' } },
    });
    expect(settings.sweep.frequency).toEqual({ minutes: 2 });
    expect(warnings).toEqual([
      expect.stringMatching(/health\.intervalSeconds is ignored/),
    ]);
  });

  it.each([
    [{ health: { freshness: 'soon' } }, /health\.freshness/],
    [{ health: { freshness: '0s' } }, /health\.freshness.*positive/],
    [
      { health: { sweep: { frequency: '\n---\nkind: Secret' } } },
      /mcpKubernetes\.health\.sweep: [\s\S]*frequency/,
    ],
    [{ health: { intervalSeconds: -1 } }, /health\.intervalSeconds: -1/],
  ])('refuses %j naming the field', (config, message) => {
    expect(() => read(config)).toThrow(message);
  });

  it('measures durations for TTLs', () => {
    expect(durationMs({ minutes: 5, seconds: 2 })).toBe(302_000);
  });
});

describe('the plugin schedules singleton work once across replicas', () => {
  let server: FakeKubeApiServer;
  afterAll(async () => server?.close());

  it('runs the sweep and the recorder as global tasks and reloads history locally', async () => {
    server = await startFakeKubeApiServer();
    const scheduler = mockServices.scheduler.mock();
    const backend = await startTestBackend({
      features: [
        mcpKubernetesPlugin,
        scheduler.factory,
        mockServices.rootConfig.factory({
          data: {
            kubernetes: {
              clusterLocatorMethods: [
                {
                  type: 'config',
                  clusters: [
                    {
                      name: 'alpha',
                      url: server.url,
                      authProvider: 'serviceAccount',
                      serviceAccountToken: server.token,
                      skipTLSVerify: true,
                    },
                  ],
                },
              ],
            },
            mcpKubernetes: { health: { sweep: { frequency: '7m' } } },
          },
        }),
        catalogServiceMock.factory({ entities: [] }),
        createServiceFactory({
          service: actionsRegistryServiceRef,
          deps: {},
          factory: () => actionsRegistryServiceMock(),
        }),
        createServiceFactory({
          service: coreServices.permissions,
          deps: {},
          factory: () => mockServices.permissions.mock(),
        }),
      ],
    });
    try {
      const tasks = Object.fromEntries(
        scheduler.scheduleTask.mock.calls.map(([task]) => [task.id, task]),
      );
      expect(tasks['mcp-kubernetes-health-probe']).toMatchObject({
        scope: 'global',
        frequency: { minutes: 7 },
      });
      expect(tasks['mcp-kubernetes-rotation-record']).toMatchObject({
        scope: 'global',
        frequency: { minutes: 1 },
      });
      expect(tasks['mcp-kubernetes-rotation-reload']).toMatchObject({
        scope: 'local',
      });
    } finally {
      await backend.stop();
    }
  });
});
