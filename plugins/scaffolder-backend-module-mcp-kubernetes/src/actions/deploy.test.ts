import {
  HelmExec,
  spawnHelm,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-node';
import { existsSync } from 'node:fs';
import { createHarness, SEEDED_CLUSTER_TOKEN } from './__testUtils__/harness';

jest.setTimeout(60_000);

/** Strings that only appear in values: none may reach helm's argument list or the log. */
const SEEDED = {
  tag: 'v9.8.7-seeded',
  host: 'seeded-host.example.com',
  secretName: 'seeded-existing-secret',
  inlineSecret: 'SEEDED-client-secret-4b1d9e',
};

const base = {
  cluster: 'dev-cluster',
  namespace: 'mcp-team-a',
  releaseName: 'mcp-team-a',
  owner: 'group:default/team-a',
};

/** Typed answers a production deploy passes (what the template form sends). */
const productionAnswers = {
  size: 'small',
  imageTag: SEEDED.tag,
  oauthEnabled: true,
  baseURL: `https://${SEEDED.host}`,
  existingSecret: SEEDED.secretName,
  ingressEnabled: true,
  ingressHost: SEEDED.host,
  tlsSecretName: 'tls',
};

describe.each(['v4', 'v3'] as const)(
  'mcp-kubernetes:deploy with real helm %s',
  helm => {
    it('dry run renders the chart and reports the objects, without a cluster', async () => {
      const h = await createHarness({ helm });
      const { outputs, log, error } = await h.run(
        {
          ...base,
          cluster: 'prod-eu-1',
          environment: 'production',
          ...productionAnswers,
        },
        { isDryRun: true },
      );
      expect(error).toBeUndefined();
      expect(outputs.operation).toBe('dry-run');
      expect(outputs.revision).toBeUndefined();
      expect(outputs.objects).toEqual(
        expect.arrayContaining([
          'Deployment/mcp-team-a-mcp-kubernetes',
          'Service/mcp-team-a-mcp-kubernetes',
          'Ingress/mcp-team-a-mcp-kubernetes',
        ]),
      );
      expect(outputs.annotations).toEqual({
        'mcp-kubernetes.io/cluster': 'prod-eu-1',
        'mcp-kubernetes.io/namespace': 'mcp-team-a',
        'mcp-kubernetes.io/release': 'mcp-team-a',
        'mcp-kubernetes.io/environment': 'production',
        'backstage.io/kubernetes-id': 'mcp-team-a',
      });
      // Only version detection and template ran; no kubeconfig was ever written.
      expect(h.calls.map(c => c.args[0])).toEqual(['version', 'template']);
      expect(h.calls.some(c => c.args.includes('--kubeconfig'))).toBe(false);
      expect(log.join('\n')).toMatch(
        /Dry run: would create or update these \d+ objects/,
      );
    });

    it("validates the values merged with the chart defaults itself, so the render skips helm's duplicate validation", async () => {
      const answers = {
        ...base,
        cluster: 'prod-eu-1',
        environment: 'production',
        ...productionAnswers,
      };
      const h = await createHarness({ helm });
      expect((await h.run(answers, { isDryRun: true })).error).toBeUndefined();
      const template = h.calls.find(c => c.args[0] === 'template')!;
      expect(template.args).toContain('--skip-schema-validation');

      // Defaults that break the schema are caught by our check, before helm runs.
      const broken = await createHarness({
        helm,
        chartDefaults: { service: { port: 'http' } },
      });
      const { error } = await broken.run(answers, { isDryRun: true });
      expect(error?.name).toBe('InputError');
      expect(error?.message).toContain('values.schema.json');
      expect(broken.calls.map(c => c.args[0])).not.toContain('template');

      // An action made without the defaults leaves the validation to helm.
      const plain = await createHarness({ helm, chartDefaults: null });
      expect(
        (await plain.run(answers, { isDryRun: true })).error,
      ).toBeUndefined();
      expect(
        plain.calls.find(c => c.args[0] === 'template')!.args,
      ).not.toContain('--skip-schema-validation');
    });

    it('passes values only through a 0600 file in a 0700 dir, removed afterwards', async () => {
      const h = await createHarness({ helm });
      await h.run(
        {
          ...base,
          cluster: 'prod-eu-1',
          environment: 'production',
          ...productionAnswers,
        },
        { isDryRun: true },
      );
      const template = h.calls.find(c => c.args[0] === 'template')!;
      const argText = template.args.join(' ');
      for (const seeded of Object.values(SEEDED)) {
        expect(argText).not.toContain(seeded);
      }
      const files = Object.entries(template.fileModes);
      expect(files).toHaveLength(1);
      for (const [path, mode] of files) {
        expect(mode).toEqual({ file: 0o600, dir: 0o700 });
        expect(existsSync(path)).toBe(false);
      }
      expect(template.env.HELM_CACHE_HOME).toContain('mcpk-helm-');
      expect(Object.keys(template.env).sort()).toEqual(
        expect.arrayContaining([
          'HELM_CACHE_HOME',
          'HELM_CONFIG_HOME',
          'HELM_DATA_HOME',
          'HOME',
          'KUBECONFIG',
          'PATH',
        ]),
      );
    });

    it('never logs or outputs an inline secret or the cluster token', async () => {
      // A sandbox environment without rules lets an inline secret through to rendering.
      const h = await createHarness({
        helm,
        policy: {
          environments: { sandbox: { allowedClusters: ['dev-cluster'] } },
        },
      });
      const values = {
        mcpKubernetes: {
          oauth: {
            enabled: true,
            baseURL: 'https://x.example.com',
            googleClientID: 'id',
            googleClientSecret: SEEDED.inlineSecret,
          },
        },
      };
      const { outputs, log, error } = await h.run(
        { ...base, environment: 'sandbox', values },
        { isDryRun: true },
      );
      expect(error).toBeUndefined();
      const visible = `${log.join('\n')}\n${JSON.stringify(outputs)}`;
      expect(visible).not.toContain(SEEDED.inlineSecret);
      expect(visible).not.toContain(
        Buffer.from(SEEDED.inlineSecret).toString('base64'),
      );
      expect(visible).not.toContain(SEEDED_CLUSTER_TOKEN);
      expect(h.calls.flatMap(c => c.args).join(' ')).not.toContain(
        SEEDED.inlineSecret,
      );
    });

    it('production accepts credentials from the chart ExternalSecret and renders it', async () => {
      const h = await createHarness({ helm });
      const { existingSecret: _unused, ...withoutSecret } = productionAnswers;
      const { outputs, error } = await h.run(
        {
          ...base,
          cluster: 'prod-eu-1',
          environment: 'production',
          ...withoutSecret,
          externalSecretEnabled: true,
          secretStoreName: 'vault',
          secretStoreKind: 'ClusterSecretStore',
        },
        { isDryRun: true },
      );
      expect(error).toBeUndefined();
      expect(outputs.objects).toEqual(
        expect.arrayContaining([
          'ExternalSecret/mcp-team-a-mcp-kubernetes-oauth',
          'Deployment/mcp-team-a-mcp-kubernetes',
        ]),
      );
    });

    it('a policy failure lists every violation and touches nothing', async () => {
      const h = await createHarness({ helm });
      const { error, log } = await h.run({
        ...base,
        cluster: 'prod-eu-1',
        environment: 'production',
        imageTag: 'latest',
        oauthEnabled: true,
        baseURL: 'https://mcp.example.com',
        // OAuth without a credentials Secret is refused by the answers schema
        // before the policy runs (deployAnswers.test.ts).
        existingSecret: 'mcp-oauth',
        // A platform template's free value the typed answers override.
        values: { mcpKubernetes: { oauth: { allowPublicRegistration: true } } },
      });
      expect(error?.name).toBe('InputError');
      for (const id of ['ingress.tls-required', 'image.pinned-tag']) {
        expect(error!.message).toContain(`[${id}]`);
      }
      // The typed answers win: OAuth answers never allow public registration,
      // and the size preset always sets replicas, requests and limits.
      for (const id of [
        'oauth.no-public-registration',
        'resources.requests-and-limits',
        'replicas.bounds',
      ]) {
        expect(error!.message).not.toContain(`[${id}]`);
      }
      expect(log).toContain(
        'The typed answers replace these free-form values: values.mcpKubernetes.oauth.allowPublicRegistration',
      );
      expect(error!.message).toContain('nothing was deployed');
      expect(log.some(l => l.includes('Fix:'))).toBe(true);
      expect(h.calls).toEqual([]);
    });
  },
);

describe('mcp-kubernetes:deploy input checks (no helm reached)', () => {
  it.each([
    [{ releaseName: 'Bad_Name' }, 'releaseName must be a DNS-1123 label'],
    [
      { releaseName: 'a'.repeat(54) },
      'releaseName must be at most 53 characters',
    ],
    [{ namespace: '../etc' }, 'namespace must be a DNS-1123 label'],
    [
      { cluster: 'nope' },
      'cluster: unknown cluster "nope"; configured clusters: dev-cluster, prod-eu-1',
    ],
    [
      { environment: 'prod' },
      'Unknown environment "prod"; the company policy defines: development, staging, production',
    ],
    [
      { values: 'image.tag=latest' },
      'values must be an object of chart values',
    ],
    [
      { values: { replicaCount: 'three' } },
      'values.replicaCount must be integer',
    ],
    [{ values: { imagee: {} } }, 'values.imagee: unknown key "imagee"'],
    [
      { values: { 'image.tag': 'x' } },
      'values.image.tag: key looks like a --set path',
    ],
    [{ timeout: '2d' }, 'timeout must be between 30s and 1h'],
    [{ extra: 1 }, 'unknown input(s) extra'],
  ])('%j fails with "%s"', async (patch, message) => {
    const h = await createHarness();
    const { error } = await h.run({
      ...base,
      environment: 'development',
      ...patch,
    });
    expect(error?.message).toContain(message);
    expect(h.calls).toEqual([]);
  });

  it('checks the deploy permission before anything else happens', async () => {
    const h = await createHarness({ deny: true });
    const { error } = await h.run({ ...base, environment: 'development' });
    expect(error?.name).toBe('NotAllowedError');
    expect(error?.message).toContain('mcp-kubernetes.deploy');
    expect(h.calls).toEqual([]);
  });

  it('does not echo a wrongly typed secret in the schema error', async () => {
    const h = await createHarness();
    const { error } = await h.run({
      ...base,
      environment: 'development',
      values: {
        mcpKubernetes: { oauth: { enabled: 'SEEDED-typed-into-bool' } },
      },
    });
    expect(error?.message).toContain(
      'values.mcpKubernetes.oauth.enabled must be boolean',
    );
    expect(error?.message).not.toContain('SEEDED-typed-into-bool');
  });
});

/** Answers helm at the spawn boundary for install paths (no cluster here); version/template stay real. */
function helmAnswers(
  history: string | 'not-found',
  upgrade: { code: number; stdout?: string; stderr?: string },
  real: HelmExec,
): HelmExec {
  return async req => {
    switch (req.args[0]) {
      case 'history':
        return history === 'not-found'
          ? {
              code: 1,
              stdout: '',
              stderr: 'Error: release: not found',
              timedOut: false,
            }
          : { code: 0, stdout: history, stderr: '', timedOut: false };
      case 'upgrade':
        req.onStderrLine?.(
          `beginning wait for 4 resources with timeout of 5m0s, token ${SEEDED_CLUSTER_TOKEN}`,
        );
        return {
          code: upgrade.code,
          stdout: upgrade.stdout ?? '',
          stderr: upgrade.stderr ?? '',
          timedOut: false,
        };
      default:
        return real(req);
    }
  };
}

describe.each([
  ['v4', ['--rollback-on-failure', '--wait=watcher'], ['--atomic', '--wait']],
  ['v3', ['--atomic', '--wait'], ['--rollback-on-failure', '--wait=watcher']],
] as const)('install path with helm %s flags', (helm, wanted, unwanted) => {
  const installed = JSON.stringify({
    version: 1,
    info: { status: 'deployed' },
  });

  it('installs inside a checkpoint with the version-specific flags and audits it', async () => {
    const h = await createHarness({
      helm,
      answer: helmAnswers(
        'not-found',
        { code: 0, stdout: installed },
        spawnHelm,
      ),
    });
    const checkpoints: Record<string, unknown> = {};
    const checkpoint = async ({
      key,
      fn,
    }: {
      key: string;
      fn: () => Promise<unknown>;
    }) => {
      if (!(key in checkpoints)) checkpoints[key] = await fn();
      return checkpoints[key];
    };
    const input = {
      ...base,
      environment: 'development',
      values: { image: { tag: SEEDED.tag } },
    };
    const first = await h.run(input, { checkpoint });
    expect(first.error).toBeUndefined();
    expect(first.outputs).toMatchObject({ revision: 1, operation: 'install' });
    const upgrade = h.calls.find(c => c.args[0] === 'upgrade')!;
    expect(upgrade.args).toEqual(
      expect.arrayContaining([
        '--install',
        '--create-namespace',
        '--timeout',
        '300s',
        ...wanted,
      ]),
    );
    for (const flag of unwanted) expect(upgrade.args).not.toContain(flag);
    expect(upgrade.args.join(' ')).not.toContain(SEEDED.tag);
    expect(Object.values(upgrade.fileModes)).toEqual([
      { file: 0o600, dir: 0o700 },
      { file: 0o600, dir: 0o700 },
    ]);
    // helm's own line at debug only; the person reads the phase.
    expect(first.log.join('\n')).toContain(
      '[debug] helm: beginning wait for 4 resources',
    );
    expect(first.log).toContain('Waiting for 4 objects to be ready');
    expect(first.log.some(l => /^Ready in \d+ s$/.test(l))).toBe(true);
    expect(first.log.join('\n')).not.toContain(SEEDED_CLUSTER_TOKEN);
    expect(h.auditEvents).toEqual([
      expect.objectContaining({
        eventId: 'release-install',
        outcome: 'success',
      }),
    ]);

    // A retried task replays the checkpoint instead of running helm again.
    const before = h.calls.length;
    const again = await h.run(input, { checkpoint });
    expect(again.outputs).toMatchObject({ revision: 1, operation: 'install' });
    // Rendering is repeated (cheap, no cluster); the install is not.
    expect(h.calls.slice(before).map(c => c.args[0])).toEqual(['template']);
  });

  it('refuses a release another operation holds, naming state and recovery', async () => {
    const busy = JSON.stringify([
      { revision: 4, status: 'pending-upgrade', chart: 'mcp-kubernetes-0.1.0' },
    ]);
    const h = await createHarness({
      helm,
      answer: helmAnswers(busy, { code: 0 }, spawnHelm),
    });
    const { error } = await h.run({ ...base, environment: 'development' });
    expect(error?.name).toBe('ConflictError');
    expect(error?.message).toContain('Release mcp-team-a/mcp-team-a is busy');
    expect(error?.message).toContain('pending-upgrade');
    expect(error?.message).toContain('helm rollback mcp-team-a -n mcp-team-a');
    expect(h.calls.some(c => c.args[0] === 'upgrade')).toBe(false);
  });

  it('reports a failed upgrade that helm rolled back, with one event each', async () => {
    let upgraded = false;
    const answer: HelmExec = async req => {
      if (req.args[0] === 'history') {
        const entry = !upgraded
          ? { revision: 2, status: 'deployed' }
          : { revision: 4, status: 'deployed', description: 'Rollback to 2' };
        return {
          code: 0,
          stdout: JSON.stringify([entry]),
          stderr: '',
          timedOut: false,
        };
      }
      if (req.args[0] === 'upgrade') {
        upgraded = true;
        return {
          code: 1,
          stdout: '',
          stderr: `Error: UPGRADE FAILED: release mcp-team-a failed, and has been rolled back due to rollback-on-failure being set: context deadline exceeded (token ${SEEDED_CLUSTER_TOKEN})`,
          timedOut: false,
        };
      }
      return spawnHelm(req);
    };
    const h = await createHarness({ helm, answer });
    const { error } = await h.run({ ...base, environment: 'development' });
    expect(error?.message).toContain(
      'helm upgrade of mcp-team-a/mcp-team-a failed',
    );
    expect(error?.message).toContain(
      'Helm rolled the release back to revision 2.',
    );
    expect(error?.message).not.toContain(SEEDED_CLUSTER_TOKEN);
    expect(h.auditEvents.map(e => [e.eventId, e.outcome])).toEqual([
      ['release-upgrade', 'fail'],
      ['release-rollback', 'success'],
    ]);
  });
});
