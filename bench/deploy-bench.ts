/**
 * Deploy action benchmark. Run: `npm run bench:deploy`.
 *
 * Wall time of `mcp-kubernetes:deploy` as a dry run (input checks, values
 * schema, policy, helm template, rendered-manifest checks) against a bare
 * `helm template` of the same chart and values with the same helm binary.
 * Both run warm (the action is created once, as in a running backend), in
 * alternating order so machine load hits both alike. Target: ratio <= 1.10.
 */
import { ConfigReader } from '@backstage/config';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  DefaultClusterRegistry,
  DefaultHelmRunner,
  DefaultPolicyEngine,
  checkRenderedManifests,
  defaultChartPath,
  loadChartDefaults,
  loadValuesSchema,
  pinnedHelmPath,
  spawnHelm,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-node';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { createDeployAction } from '@mcp-kubernetes/plugin-scaffolder-backend-module-mcp-kubernetes';
import {
  composeChartValues,
  deployAnswersSchema,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-common';

const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const WARMUP = 3;
const HELM = (process.env.BENCH_HELM as 'v4' | 'v3') ?? 'v4';

/** The typed answers of the template form, as the scaffolder hands them over. */
const answers = {
  cluster: 'prod-eu-1',
  namespace: 'mcp-team-a',
  releaseName: 'mcp-team-a',
  environment: 'production',
  owner: 'group:default/team-a',
  size: 'small',
  imageTag: 'v1.0.0',
  oauthEnabled: true,
  baseURL: 'https://mcp.example.com',
  existingSecret: 'mcp-oauth',
  ingressEnabled: true,
  ingressHost: 'mcp.example.com',
  tlsSecretName: 'mcp-tls',
} as const;
// The bare baseline renders exactly the values the action builds from them.
const values = composeChartValues(deployAnswersSchema.parse(answers));

const silent = {
  info() {},
  warn() {},
  error() {},
  debug() {},
  child: () => silent,
} as any;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function main() {
  const chartPath = defaultChartPath();
  const manifestCheckMs: number[] = [];
  const helmPath = pinnedHelmPath(HELM);
  const config = new ConfigReader({
    mcpKubernetes: {
      policy: {
        environments: { production: { allowedClusters: ['prod-eu-1'] } },
      },
    },
    kubernetes: {
      clusterLocatorMethods: [
        {
          type: 'config',
          clusters: [
            {
              name: 'prod-eu-1',
              url: 'https://127.0.0.1:1',
              authProvider: 'serviceAccount',
              serviceAccountToken: 'x',
              skipTLSVerify: true,
            },
          ],
        },
      ],
    },
  });
  // Allow-all, as a portal without a permission policy (jest mocks are not available here).
  const permissions = {
    authorize: async (r: unknown[]) =>
      r.map(() => ({ result: AuthorizeResult.ALLOW })),
    authorizeConditional: async (r: unknown[]) =>
      r.map(() => ({ result: AuthorizeResult.ALLOW })),
  } as any;
  const action = createDeployAction({
    policyEngine: DefaultPolicyEngine.fromConfig(config, {
      chartDefaults: await loadChartDefaults(chartPath),
    }),
    helmRunner: DefaultHelmRunner.create({ helmPath, chartPath }),
    clusterRegistry: DefaultClusterRegistry.fromConfig({
      config,
      logger: silent,
    }),
    permissions,
    userInfo: {
      getUserInfo: async () => ({
        userEntityRef: 'user:default/bench',
        ownershipEntityRefs: ['user:default/bench', 'group:default/team-a'],
      }),
    },
    // Timed separately so the breakdown shows where the overhead over helm goes.
    checkManifests: (yaml, rendered) => {
      const t0 = performance.now();
      const findings = checkRenderedManifests(yaml, rendered);
      manifestCheckMs.push(performance.now() - t0);
      return findings;
    },
    valuesSchema: await loadValuesSchema(chartPath),
    // As the module makes it: the values are validated merged with the chart defaults, so the
    // render skips helm's own (duplicate) validation.
    chartDefaults: await loadChartDefaults(chartPath),
  });
  const dir = await mkdtemp(join(tmpdir(), 'mcpk-bench-'));
  const input = answers;

  async function actionDryRun(): Promise<number> {
    const ctx = {
      input,
      logger: silent,
      output: () => {},
      isDryRun: true,
      checkpoint: async ({ fn }: { fn: () => Promise<unknown> }) => fn(),
      getInitiatorCredentials: async () => ({
        $$type: '@backstage/BackstageCredentials',
        principal: { type: 'user', userEntityRef: 'user:default/bench' },
      }),
      workspacePath: dir,
      task: { id: 'bench' },
    };
    const t0 = performance.now();
    await action.handler(ctx as any);
    return performance.now() - t0;
  }

  // The bare baseline: what a person would run by hand, values in a file, helm's homes in a temp dir.
  const valuesFile = join(dir, 'values.yaml');
  await writeFile(valuesFile, stringify(values), { mode: 0o600 });
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: dir,
    HELM_CACHE_HOME: join(dir, 'c'),
    HELM_CONFIG_HOME: join(dir, 'g'),
    HELM_DATA_HOME: join(dir, 'd'),
  };
  async function bareTemplate(): Promise<number> {
    const t0 = performance.now();
    const r = await spawnHelm({
      file: helmPath,
      args: [
        'template',
        'mcp-team-a',
        chartPath,
        '--namespace',
        'mcp-team-a',
        '--values',
        valuesFile,
      ],
      env,
      timeoutMs: 60_000,
    });
    if (r.code !== 0) throw new Error(r.stderr);
    return performance.now() - t0;
  }

  for (let i = 0; i < WARMUP; i++) {
    await actionDryRun();
    await bareTemplate();
  }
  const ours: number[] = [];
  const bare: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    if (i % 2 === 0) {
      ours.push(await actionDryRun());
      bare.push(await bareTemplate());
    } else {
      bare.push(await bareTemplate());
      ours.push(await actionDryRun());
    }
  }
  await rm(dir, { recursive: true, force: true });

  const ratio = median(ours) / median(bare);
  const fmt = (n: number) => `${n.toFixed(1)} ms`;
  console.log(
    `deploy-bench: helm ${HELM}, ${RUNS} runs each (after ${WARMUP} warm-up)`,
  );
  console.log(
    `  action dry run   median ${fmt(median(ours))}  min ${fmt(
      Math.min(...ours),
    )}  max ${fmt(Math.max(...ours))}`,
  );
  console.log(
    `  bare helm template median ${fmt(median(bare))}  min ${fmt(
      Math.min(...bare),
    )}  max ${fmt(Math.max(...bare))}`,
  );
  console.log(
    `  of which manifest checks median ${fmt(
      median(manifestCheckMs.slice(WARMUP)),
    )}`,
  );
  console.log(
    `  ratio (median/median) ${ratio.toFixed(3)}  target <= 1.10  ${
      ratio <= 1.1 ? 'OK' : 'ABOVE TARGET'
    }`,
  );
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
