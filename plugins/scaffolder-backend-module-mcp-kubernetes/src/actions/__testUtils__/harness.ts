import { LoggerService } from '@backstage/backend-plugin-api';
import { mockServices, ServiceMock } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  DefaultClusterRegistry,
  DefaultHelmRunner,
  DefaultPolicyEngine,
  defaultChartPath,
  pinnedHelmPath,
  HelmExec,
  HelmExecRequest,
  loadChartDefaults,
  loadValuesSchema,
  RecordedReleaseOwner,
  spawnHelm,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-node';
import { ReleaseLocks } from '../../lock/releaseLock';
import { existsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  createDeployAction,
  createUpgradeAction,
  DeployActionOptions,
} from '../deploy';

/** A bearer token seeded into the cluster config: it must never show up in logs or outputs. */
export const SEEDED_CLUSTER_TOKEN = 'seeded-cluster-token-7f3a9c1e5b';

/** One recorded helm process start, with the state of the files it was given. */
export interface RecordedCall {
  args: string[];
  env: Record<string, string>;
  /** Mode bits of every file argument while helm ran (e.g. 0o600), and of its directory. */
  fileModes: Record<string, { file: number; dir: number }>;
}

/** Wraps the real spawn boundary: records every call, then runs real helm (or `answer`). */
export function recordingExec(answer?: HelmExec): {
  exec: HelmExec;
  calls: RecordedCall[];
} {
  const calls: RecordedCall[] = [];
  const exec: HelmExec = async (req: HelmExecRequest) => {
    const fileModes: RecordedCall['fileModes'] = {};
    for (const arg of req.args) {
      if (arg.includes('mcpk-helm-') && existsSync(arg)) {
        fileModes[arg] = {
          file: statSync(arg).mode & 0o777,
          dir: statSync(dirname(arg)).mode & 0o777,
        };
      }
    }
    calls.push({ args: [...req.args], env: { ...req.env }, fileModes });
    return (answer ?? spawnHelm)(req);
  };
  return { exec, calls };
}

/**
 * helm as it answers for a release that is installed (at revision 1, with `values`): `history`
 * and `get values` are answered here, everything else (version, template, upgrade) runs real helm.
 */
export function installedReleaseExec(
  values: Record<string, unknown> = {},
): HelmExec {
  return async req => {
    const ok = (stdout: string) => ({
      code: 0,
      stdout,
      stderr: '',
      timedOut: false,
    });
    if (req.args[0] === 'history') {
      return ok('[{"revision":1,"status":"deployed"}]');
    }
    if (req.args[0] === 'get' && req.args[1] === 'values') {
      return ok(JSON.stringify(values));
    }
    return spawnHelm(req);
  };
}

/** `mockServices.logger.mock()` that also keeps every line (children included), so tests can search the task log. */
export function capturingLogger(): ServiceMock<LoggerService> & {
  lines: string[];
} {
  const lines: string[] = [];
  const write =
    (prefix: string) =>
    (m: string, meta?: unknown): void =>
      void lines.push(`${prefix}${m}${meta ? ` ${JSON.stringify(meta)}` : ''}`);
  const logger = mockServices.logger.mock({
    info: write(''),
    warn: write(''),
    error: write(''),
    debug: write('[debug] '),
    child: () => logger,
  });
  return Object.assign(logger, { lines });
}

/** An auditor that keeps every event with its outcome, so tests can assert what was audited. */
export function recordingAuditor() {
  const auditEvents: Array<{
    eventId: string;
    meta?: unknown;
    outcome?: 'success' | 'fail';
    error?: string;
  }> = [];
  const auditor = {
    async createEvent(opts: { eventId: string; meta?: unknown }) {
      const entry: (typeof auditEvents)[number] = {
        eventId: opts.eventId,
        meta: opts.meta,
      };
      auditEvents.push(entry);
      return {
        async success() {
          entry.outcome = 'success';
        },
        async fail(o: { error: Error }) {
          entry.outcome = 'fail';
          entry.error = o.error.message;
        },
      };
    },
  };
  return { auditor, auditEvents };
}

/** The initiator: user:default/mock, owning `ownershipRefs` (default: itself and group:default/team-a). */
export function mockUserInfo(ownershipRefs?: string[]) {
  return {
    async getUserInfo() {
      return {
        userEntityRef: 'user:default/mock',
        ownershipEntityRefs: ownershipRefs ?? [
          'user:default/mock',
          'group:default/team-a',
        ],
      };
    },
  };
}

/**
 * Answers the live Deployment's recorded owner with `recorded` (default: owned by
 * group:default/team-a for component:default/mcp-team-a), keeping every lookup.
 */
export function recordedOwnerReader(recorded?: RecordedReleaseOwner) {
  const ownerLookups: string[] = [];
  const readOwner = async ({
    deploymentName,
  }: {
    deploymentName: string;
  }): Promise<RecordedReleaseOwner> => {
    ownerLookups.push(deploymentName);
    return (
      recorded ?? {
        found: true,
        owner: 'group:default/team-a',
        entityRef: 'component:default/mcp-team-a',
      }
    );
  };
  return { readOwner, ownerLookups };
}

/** Runs an action's handler like the scaffolder would, returning outputs, the task log and any error. */
export async function runActionHandler(
  action: { handler: (ctx: any) => Promise<void> },
  input: Record<string, unknown>,
  extra: { isDryRun?: boolean; checkpoint?: any } = {},
) {
  const logger = capturingLogger();
  const outputs: Record<string, unknown> = {};
  const ctx = {
    ...createMockActionContext({ input: input as any, logger }),
    output: (name: string, value: unknown) => {
      outputs[name] = value;
    },
    ...extra,
  };
  let error: Error | undefined;
  try {
    await action.handler(ctx);
  } catch (e) {
    error = e as Error;
  }
  return { outputs, log: logger.lines, error };
}

export interface HarnessOptions {
  helm?: 'v3' | 'v4';
  /** `mcpKubernetes.policy` config. */
  policy?: Record<string, unknown>;
  /** Replaces real helm at the spawn boundary (still recorded). */
  answer?: HelmExec;
  deny?: boolean;
  /** Deny `mcp-kubernetes.deploy.values` (allowed by default: a platform template). */
  denyValues?: boolean;
  /** A conditional decision for `mcp-kubernetes.deploy` instead of ALLOW. */
  conditional?: Record<string, unknown>;
  clusterUrl?: string;
  /** The initiator's ownership refs (default: user:default/mock and group:default/team-a). */
  ownershipRefs?: string[];
  /** What the live Deployment records (default: owned by group:default/team-a for component:default/mcp-team-a). */
  recorded?: RecordedReleaseOwner;
  locks?: ReleaseLocks;
  /** Build `mcp-kubernetes:upgrade` instead of `mcp-kubernetes:deploy` (same options). */
  upgrade?: boolean;
  /** Where finished operations are journaled (default: nowhere). */
  journal?: DeployActionOptions['journal'];
  /**
   * The chart defaults the action validates merged values with (default: the chart's
   * values.yaml, as the module passes); `null` for an action made without them.
   */
  chartDefaults?: Record<string, unknown> | null;
}

export async function createHarness(options: HarnessOptions = {}) {
  const chartPath = defaultChartPath();
  const config = mockServices.rootConfig({
    data: {
      kubernetes: {
        clusterLocatorMethods: [
          {
            type: 'config',
            clusters: [
              {
                name: 'dev-cluster',
                url: options.clusterUrl ?? 'https://127.0.0.1:1',
                authProvider: 'serviceAccount',
                serviceAccountToken: SEEDED_CLUSTER_TOKEN,
                skipTLSVerify: true,
              },
              {
                name: 'prod-eu-1',
                url: 'https://127.0.0.1:2',
                authProvider: 'serviceAccount',
                serviceAccountToken: SEEDED_CLUSTER_TOKEN,
                skipTLSVerify: true,
              },
            ],
          },
        ],
      },
      // Test policies are plain JSON; the config type wants JsonObject.
      mcpKubernetes: {
        policy: (options.policy ?? {
          // The shipped policy allows no cluster until one is configured.
          environments: {
            development: { allowedClusters: ['dev-cluster'] },
            production: { allowedClusters: ['prod-eu-1'] },
          },
        }) as any,
      },
    },
  });
  const { exec, calls } = recordingExec(options.answer);
  const helmRunner = DefaultHelmRunner.create({
    helmPath: pinnedHelmPath(options.helm ?? 'v4'),
    chartPath,
    exec,
  });
  const policyEngine = DefaultPolicyEngine.fromConfig(config, {
    chartDefaults: await loadChartDefaults(chartPath),
  });
  const clusterRegistry = DefaultClusterRegistry.fromConfig({
    config,
    logger: mockServices.logger.mock(),
  });
  const decide = (name: string) => {
    if (options.deny) return AuthorizeResult.DENY;
    if (options.denyValues && name === 'mcp-kubernetes.deploy.values') {
      return AuthorizeResult.DENY;
    }
    return AuthorizeResult.ALLOW;
  };
  const permissions = mockServices.permissions.mock({
    authorize: async reqs =>
      reqs.map(r => ({ result: decide(r.permission.name) })) as any,
    authorizeConditional: async reqs =>
      reqs.map(r =>
        options.conditional && !options.deny
          ? {
              result: AuthorizeResult.CONDITIONAL,
              pluginId: 'scaffolder',
              resourceType: 'mcp-kubernetes-deploy-target',
              conditions: options.conditional,
            }
          : { result: decide(r.permission.name) },
      ) as any,
  });
  const { readOwner, ownerLookups } = recordedOwnerReader(options.recorded);
  const { auditor, auditEvents } = recordingAuditor();
  const action = (options.upgrade ? createUpgradeAction : createDeployAction)({
    policyEngine,
    helmRunner,
    clusterRegistry,
    permissions,
    userInfo: mockUserInfo(options.ownershipRefs),
    auditor,
    valuesSchema: await loadValuesSchema(chartPath),
    chartDefaults:
      options.chartDefaults === null
        ? undefined
        : options.chartDefaults ?? (await loadChartDefaults(chartPath)),
    locks: options.locks,
    readOwner,
    readReadiness: null,
    journal: options.journal,
  });

  /** Runs the handler like the scaffolder would, returning outputs and the task log. */
  const run = (
    input: Record<string, unknown>,
    extra?: { isDryRun?: boolean; checkpoint?: any },
  ) => runActionHandler(action, input, extra);

  return {
    action,
    run,
    calls,
    auditEvents,
    ownerLookups,
    policyEngine,
    helmRunner,
    clusterRegistry,
  };
}
