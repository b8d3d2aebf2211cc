import { mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  DefaultClusterRegistry,
  DefaultHelmRunner,
  DefaultPolicyEngine,
  defaultChartPath,
  HelmExec,
  loadChartDefaults,
  RecordedReleaseOwner,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-node';
import { ReleaseLocks } from '../../../lock/releaseLock';
import {
  mockUserInfo,
  recordedOwnerReader,
  recordingAuditor,
  runActionHandler,
  SEEDED_CLUSTER_TOKEN,
} from '../../__testUtils__/harness';
import { Day2ActionOptions } from '../options';
import { createRestartAction } from '../restart';
import { createRollbackAction } from '../rollback';
import { createUninstallAction } from '../uninstall';

/**
 * The day-2 actions with helm answered at the process boundary (the runner,
 * its workspace and argument building are real): a release with a history
 * and per-revision values, and a recorded owner.
 */
export interface FakeRelease {
  history: Array<{ revision: number; status: string }>;
  values: Record<number, Record<string, unknown> | null>;
}

export async function createDay2Harness(
  opts: {
    release?: FakeRelease | null;
    recorded?: RecordedReleaseOwner;
    ownershipRefs?: string[];
    deny?: boolean;
    /** Permissions the policy denies (others allowed). */
    denied?: string[];
    locks?: ReleaseLocks;
    localCatalogDir?: string;
    policy?: Record<string, unknown>;
    /** Where finished operations are journaled (default: nowhere). */
    journal?: Day2ActionOptions['journal'];
  } = {},
) {
  const release =
    opts.release === undefined
      ? {
          history: [
            { revision: 1, status: 'superseded' },
            { revision: 2, status: 'deployed' },
          ],
          values: {
            // What a deploy gives helm: typed answers plus rbac.readOnly.
            1: {
              replicaCount: 2,
              image: { tag: 'v0.1.0' },
              rbac: { readOnly: true },
            },
            2: {
              replicaCount: 3,
              image: { tag: 'v0.2.0' },
              rbac: { readOnly: true },
            },
          },
        }
      : opts.release;
  const helmCalls: string[][] = [];
  const exec: HelmExec = async req => {
    helmCalls.push(req.args);
    const ok = (stdout: string) => ({
      code: 0,
      stdout,
      stderr: '',
      timedOut: false,
    });
    const [cmd, sub] = req.args;
    if (cmd === 'version') return ok('v4.1.4');
    if (cmd === 'history') {
      if (!release) {
        return {
          code: 1,
          stdout: '',
          stderr: 'Error: release: not found',
          timedOut: false,
        };
      }
      const max = req.args.includes('--max');
      return ok(
        JSON.stringify(max ? release.history.slice(-1) : release.history),
      );
    }
    if (cmd === 'get' && sub === 'values') {
      const i = req.args.indexOf('--revision');
      const rev =
        i >= 0
          ? Number(req.args[i + 1])
          : release!.history[release!.history.length - 1].revision;
      if (!release || !(rev in release.values)) {
        return {
          code: 1,
          stdout: '',
          stderr: 'Error: release: not found',
          timedOut: false,
        };
      }
      return ok(JSON.stringify(release.values[rev]));
    }
    if (cmd === 'rollback' && release) {
      // helm writes a new revision with the target's values.
      const target = Number(req.args[2]);
      const next = release.history[release.history.length - 1].revision + 1;
      release.history.forEach(h => (h.status = 'superseded'));
      release.history.push({ revision: next, status: 'deployed' });
      release.values[next] = release.values[target];
      return ok('');
    }
    if (cmd === 'uninstall') return ok('');
    throw new Error(`unexpected helm ${req.args.join(' ')}`);
  };
  const config = mockServices.rootConfig({
    data: {
      kubernetes: {
        clusterLocatorMethods: [
          {
            type: 'config',
            clusters: [
              {
                name: 'dev-cluster',
                url: 'https://127.0.0.1:1',
                authProvider: 'serviceAccount',
                serviceAccountToken: SEEDED_CLUSTER_TOKEN,
                skipTLSVerify: true,
              },
            ],
          },
        ],
      },
      mcpKubernetes: {
        policy: (opts.policy ?? {
          environments: { development: { allowedClusters: ['dev-cluster'] } },
        }) as any,
      },
    },
  });
  const helmRunner = DefaultHelmRunner.create({
    helmPath: '/nonexistent/helm',
    chartPath: defaultChartPath(),
    exec,
  });
  const clusterRegistry = DefaultClusterRegistry.fromConfig({
    config,
    logger: mockServices.logger.mock(),
  });
  const policyEngine = DefaultPolicyEngine.fromConfig(config, {
    chartDefaults: await loadChartDefaults(defaultChartPath()),
  });
  const { auditor, auditEvents } = recordingAuditor();
  const { readOwner, ownerLookups } = recordedOwnerReader(opts.recorded);
  const restarts: Array<{ namespace: string; name: string }> = [];
  const decide = (reqs: Array<{ permission: { name: string } }>) =>
    reqs.map(r => ({
      result:
        opts.deny || opts.denied?.includes(r.permission.name)
          ? AuthorizeResult.DENY
          : AuthorizeResult.ALLOW,
    })) as any;
  const permissions = mockServices.permissions.mock({
    authorize: async reqs => decide(reqs),
    authorizeConditional: async reqs => decide(reqs),
  });
  const common = {
    helmRunner,
    clusterRegistry,
    permissions,
    userInfo: mockUserInfo(opts.ownershipRefs),
    auditor,
    locks: opts.locks,
    readOwner,
    journal: opts.journal,
  };
  const actions = {
    restart: createRestartAction({
      ...common,
      restart: async r => {
        restarts.push({ namespace: r.namespace, name: r.name });
        return { restartedAt: '2026-11-30T00:00:00.000Z' };
      },
    }),
    rollback: createRollbackAction({ ...common, policyEngine }),
    uninstall: createUninstallAction({
      ...common,
      localCatalogDir: opts.localCatalogDir,
    }),
  };

  const run = (
    action: keyof typeof actions,
    input: Record<string, unknown>,
    extra?: { isDryRun?: boolean; checkpoint?: any },
  ) => runActionHandler(actions[action], input, extra);

  /** helm commands that change the release (not reads). */
  const writes = () =>
    helmCalls
      .filter(a => ['rollback', 'uninstall', 'upgrade'].includes(a[0]))
      .map(a => a.slice(0, 3).join(' '));

  return {
    actions,
    run,
    helmCalls,
    writes,
    auditEvents,
    ownerLookups,
    restarts,
  };
}
