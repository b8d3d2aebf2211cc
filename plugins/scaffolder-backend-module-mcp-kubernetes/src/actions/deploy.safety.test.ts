import {
  HelmExec,
  HelmExecRequest,
  HelmExecResult,
  spawnHelm,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-node';
import { readFileSync } from 'node:fs';
import vm from 'node:vm';
import { stringify } from 'yaml';
import { createHarness, SEEDED_CLUSTER_TOKEN } from './__testUtils__/harness';

/**
 * Safety of mcp-kubernetes:deploy beyond input shape: who may deploy where,
 * free-form values only with their own permission, server-set keys, the
 * allow-list of rendered objects, ownership of upgrades and one helm per
 * release at a time.
 */

jest.setTimeout(60_000);

const answers = {
  cluster: 'dev-cluster',
  namespace: 'mcp-team-a',
  releaseName: 'mcp-team-a',
  environment: 'development',
  owner: 'group:default/team-a',
  imageTag: 'v0.1.0',
};

const ok = (stdout = ''): HelmExecResult => ({
  code: 0,
  stdout,
  stderr: '',
  timedOut: false,
});
const notFound: HelmExecResult = {
  code: 1,
  stdout: '',
  stderr: 'Error: release: not found',
  timedOut: false,
};
const installed = JSON.stringify({ version: 1, info: { status: 'deployed' } });

/** Reads the values file helm was given (while it exists). */
function valuesOf(req: HelmExecRequest): Record<string, unknown> {
  return JSON.parse(
    readFileSync(req.args[req.args.indexOf('--values') + 1], 'utf8'),
  );
}

/** A cluster-less helm: real version/template, scripted history/upgrade. */
function scripted(opts: {
  history?: () => HelmExecResult;
  upgrade?: (req: HelmExecRequest) => Promise<HelmExecResult>;
  template?: (req: HelmExecRequest) => Promise<HelmExecResult>;
}): HelmExec {
  return async req => {
    switch (req.args[0]) {
      case 'history':
        return (opts.history ?? (() => notFound))();
      case 'upgrade':
        return opts.upgrade ? opts.upgrade(req) : ok(installed);
      case 'template':
        return opts.template ? opts.template(req) : spawnHelm(req);
      default:
        return spawnHelm(req);
    }
  };
}

describe('who may deploy where', () => {
  const onlyDevNamespaces = {
    allOf: [
      {
        rule: 'IS_CLUSTER',
        resourceType: 'mcp-kubernetes-deploy-target',
        params: { patterns: ['dev-*'] },
      },
      {
        rule: 'IS_NAMESPACE',
        resourceType: 'mcp-kubernetes-deploy-target',
        params: { patterns: ['mcp-team-a*'] },
      },
      {
        rule: 'IS_ENVIRONMENT',
        resourceType: 'mcp-kubernetes-deploy-target',
        params: { patterns: ['development'] },
      },
    ],
  };

  it('applies a conditional decision to the target: allowed inside the globs', async () => {
    const h = await createHarness({ conditional: onlyDevNamespaces });
    const { error } = await h.run(answers, { isDryRun: true });
    expect(error).toBeUndefined();
  });

  it.each([
    [{ namespace: 'kube-system' }, 'namespace kube-system'],
    [{ cluster: 'prod-eu-1' }, 'cluster prod-eu-1'],
  ])(
    'refuses %j outside the globs before anything runs',
    async (patch, where) => {
      const h = await createHarness({ conditional: onlyDevNamespaces });
      const { error } = await h.run({ ...answers, ...patch });
      expect(error?.name).toBe('NotAllowedError');
      expect(error?.message).toContain(where);
      expect(error?.message).toContain('permission mcp-kubernetes.deploy');
      expect(h.calls).toEqual([]);
    },
  );

  it('free-form values need mcp-kubernetes.deploy.values', async () => {
    const h = await createHarness({ denyValues: true });
    const { error } = await h.run({ ...answers, values: { replicaCount: 3 } });
    expect(error?.name).toBe('NotAllowedError');
    expect(error?.message).toContain(
      'values: free-form chart values need the permission mcp-kubernetes.deploy.values',
    );
    expect(h.calls).toEqual([]);
    // Typed answers alone (or an empty values object) need no extra permission.
    const typed = await h.run(answers, { isDryRun: true });
    expect(typed.error).toBeUndefined();
    const empty = await h.run({ ...answers, values: {} }, { isDryRun: true });
    expect(empty.error).toBeUndefined();
    // A key zod would drop still counts as a free value.
    const proto = await h.run({
      ...answers,
      values: JSON.parse('{"__proto__": {"replicaCount": 9}}'),
    });
    expect(proto.error?.name).toBe('NotAllowedError');
  });
});

describe('the values helm receives', () => {
  it('are built on the server from the typed answers; server-set keys win over free values', async () => {
    const seen: Array<Record<string, unknown>> = [];
    const h = await createHarness({
      answer: scripted({
        template: async req => {
          seen.push(valuesOf(req));
          return spawnHelm(req);
        },
        upgrade: async req => {
          seen.push(valuesOf(req));
          return ok(installed);
        },
      }),
    });
    const { error } = await h.run({
      ...answers,
      size: 'large',
      values: {
        replicaCount: 9,
        podLabels: { team: 'a' },
        rbac: { readOnly: false },
        catalog: {
          entityRef: 'component:default/someone-else',
          owner: 'group:default/admins',
        },
      },
    });
    expect(error).toBeUndefined();
    // Exactly one object: the one the policy judged, rendered and installed.
    expect(seen).toHaveLength(2);
    expect(seen[1]).toEqual(seen[0]);
    expect(seen[0]).toMatchObject({
      replicaCount: 3, // the size answer wins over the free value
      podLabels: { team: 'a' }, // free values fill what the answers do not set
      rbac: { readOnly: true }, // from access (default read-only), never from values
      image: { tag: 'v0.1.0' },
      catalog: {
        entityRef: 'component:default/mcp-team-a',
        owner: 'group:default/team-a',
      },
    });
  });

  it('sets rbac.readOnly from access where the policy allows read-write', async () => {
    const seen: Array<Record<string, unknown>> = [];
    const h = await createHarness({
      policy: {
        environments: { sandbox: { allowedClusters: ['dev-cluster'] } },
      },
      answer: scripted({
        template: async req => {
          seen.push(valuesOf(req));
          return spawnHelm(req);
        },
      }),
    });
    const { error } = await h.run(
      { ...answers, environment: 'sandbox', access: 'read-write' },
      { isDryRun: true },
    );
    expect(error).toBeUndefined();
    expect(seen[0]).toMatchObject({ rbac: { readOnly: false } });
  });

  it('free values may lean on typed answers for keys the schema requires', async () => {
    const h = await createHarness();
    // oauth.enabled without baseURL alone breaks the schema's if/then; the typed baseURL completes it.
    const { error } = await h.run(
      {
        ...answers,
        oauthEnabled: true,
        baseURL: 'https://mcp.example.com',
        existingSecret: 'mcp-oauth',
        values: {
          mcpKubernetes: { oauth: { enabled: true, disableStreaming: true } },
        },
      },
      { isDryRun: true },
    );
    expect(error).toBeUndefined();
    // A required key missing from the composed values is still an error, named.
    const missing = await h.run({
      ...answers,
      values: { imagePullSecrets: [{}] },
    });
    expect(missing.error?.message).toContain(
      "values.imagePullSecrets[0] must have required property 'name'",
    );
  });

  it('defaults to read-only access', async () => {
    const seen: Array<Record<string, unknown>> = [];
    const h = await createHarness({
      answer: scripted({
        template: async req => {
          seen.push(valuesOf(req));
          return spawnHelm(req);
        },
      }),
    });
    const { error } = await h.run(answers, { isDryRun: true });
    expect(error).toBeUndefined();
    expect(seen[0]).toMatchObject({ rbac: { readOnly: true } });
  });

  it('accepts values built in another realm (the scaffolder templating sandbox)', async () => {
    const h = await createHarness();
    const foreign = vm.runInNewContext(
      '({ podLabels: { team: "a" }, tolerations: [{ key: "k", operator: "Exists" }] })',
    );
    const { error } = await h.run(
      { ...answers, values: foreign },
      { isDryRun: true },
    );
    expect(error).toBeUndefined();
  });

  it('refuses __proto__ keys, naming the path, before helm', async () => {
    const h = await createHarness();
    const { error } = await h.run({
      ...answers,
      values: JSON.parse('{"podLabels": {"__proto__": {"x": "y"}}}'),
    });
    expect(error?.name).toBe('InputError');
    expect(error?.message).toContain(
      'values.podLabels.__proto__: key "__proto__" is not allowed',
    );
    expect(h.calls).toEqual([]);
  });

  it.each([
    [
      'baseURL',
      {
        oauthEnabled: true,
        baseURL: 'https://x/\n---\nkind: ClusterRoleBinding',
      },
    ],
    [
      'ingressHost',
      { ingressEnabled: true, ingressHost: 'a.example.com\nkind: x' },
    ],
    ['imageTag', { imageTag: 'v1\n---' }],
    ['existingSecret', { existingSecret: '%2e%2e' }],
  ])('refuses a YAML-document payload in %s', async (field, patch) => {
    const h = await createHarness();
    const { error } = await h.run({ ...answers, ...patch });
    expect(error?.name).toBe('InputError');
    expect(error?.message).toContain(`${field} must be`);
    expect(h.calls).toEqual([]);
  });
});

describe('the allow-list of rendered objects', () => {
  it.each([
    [
      'ClusterRoleBinding',
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRoleBinding',
        metadata: { name: 'pwned' },
        roleRef: { kind: 'ClusterRole', name: 'cluster-admin' },
      },
      'ClusterRoleBinding/pwned (not an object this chart makes for release mcp-team-a)',
    ],
    [
      'ConfigMap',
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: {
          name: 'mcp-team-a-mcp-kubernetes',
          namespace: 'mcp-team-a',
        },
      },
      'ConfigMap/mcp-team-a-mcp-kubernetes in namespace mcp-team-a (not an object',
    ],
  ])(
    'refuses a render that smuggles a %s, naming it; helm never installs',
    async (_kind, smuggled, message) => {
      const h = await createHarness({
        answer: scripted({
          template: async req => {
            const real = await spawnHelm(req);
            return ok(`${real.stdout}\n---\n${stringify(smuggled)}`);
          },
        }),
      });
      const { error } = await h.run(answers);
      expect(error?.name).toBe('InputError');
      expect(error?.message).toContain(message);
      expect(error?.message).toContain('nothing was deployed');
      expect(h.calls.some(c => c.args[0] === 'upgrade')).toBe(false);
    },
  );
});

describe('upgrading an existing release', () => {
  const deployed = () =>
    ok(JSON.stringify([{ revision: 3, status: 'deployed' }]));

  it('needs the recorded owner among your ownership refs', async () => {
    const h = await createHarness({
      answer: scripted({ history: deployed }),
      recorded: {
        found: true,
        owner: 'group:default/team-b',
        entityRef: 'component:default/mcp-team-a',
      },
    });
    const { error } = await h.run(answers);
    expect(error?.name).toBe('NotAllowedError');
    expect(error?.message).toContain(
      'Release mcp-team-a/mcp-team-a is owned by group:default/team-b',
    );
    expect(h.ownerLookups).toEqual(['mcp-team-a-mcp-kubernetes']);
    expect(h.calls.some(c => c.args[0] === 'upgrade')).toBe(false);
  });

  it('refuses a release without a recorded owner, saying how to adopt it', async () => {
    const h = await createHarness({
      answer: scripted({ history: deployed }),
      recorded: { found: true },
    });
    const { error } = await h.run(answers);
    expect(error?.name).toBe('NotAllowedError');
    expect(error?.message).toContain('records no owner');
    expect(error?.message).toContain(
      'kubectl annotate deployment mcp-team-a-mcp-kubernetes -n mcp-team-a mcp-kubernetes.io/owner=group:default/<your-team>',
    );
    expect(h.calls.some(c => c.args[0] === 'upgrade')).toBe(false);
  });

  it('refuses re-pointing the install at another entity', async () => {
    const h = await createHarness({
      answer: scripted({ history: deployed }),
    });
    const { error } = await h.run({ ...answers, entityName: 'decoy' });
    expect(error?.message).toContain(
      'was installed for component:default/mcp-team-a, not component:default/decoy',
    );
  });

  it('upgrades when your team owns it', async () => {
    const h = await createHarness({
      answer: scripted({
        history: deployed,
        upgrade: async () =>
          ok(JSON.stringify({ version: 4, info: { status: 'deployed' } })),
      }),
      ownershipRefs: ['user:default/mock', 'group:default/team-a'],
    });
    const { error, outputs } = await h.run(answers);
    expect(error).toBeUndefined();
    expect(outputs).toMatchObject({ operation: 'upgrade', revision: 4 });
  });
});

describe('install races', () => {
  it("turns helm's raw 'release: already exists' into the typed busy error", async () => {
    const h = await createHarness({
      answer: scripted({
        upgrade: async () => ({
          code: 1,
          stdout: '',
          stderr: `Error: release: already exists (token ${SEEDED_CLUSTER_TOKEN})`,
          timedOut: false,
        }),
      }),
    });
    const { error } = await h.run(answers);
    expect(error?.name).toBe('ConflictError');
    expect(error?.message).toContain(
      'Release mcp-team-a/mcp-team-a is busy: another install of the same release started at the same time and got there first.',
    );
    expect(error?.message).toContain('helm history mcp-team-a -n mcp-team-a');
    expect(error?.message).not.toContain(SEEDED_CLUSTER_TOKEN);
  });

  it('two tasks on one release: one runs helm, the other gets the typed busy error', async () => {
    let release!: () => void;
    const gate = new Promise<void>(r => (release = r));
    let upgrades = 0;
    const h = await createHarness({
      answer: scripted({
        upgrade: async () => {
          upgrades++;
          await gate;
          return ok(installed);
        },
      }),
    });
    const first = h.run(answers);
    // Wait until the first task is inside helm, holding the lock.
    while (upgrades === 0) await new Promise(r => setTimeout(r, 20));
    const second = await h.run(answers);
    expect(second.error?.name).toBe('ConflictError');
    expect(second.error?.message).toContain(
      'another deploy task is running helm on it right now',
    );
    release();
    expect((await first).error).toBeUndefined();
    expect(upgrades).toBe(1);
  });
});
