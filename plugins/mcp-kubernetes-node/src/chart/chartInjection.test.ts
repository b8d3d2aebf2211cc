import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import {
  CHART_DIR,
  K8sObject,
  NAMESPACE,
  parseObjects,
  RELEASE,
  runHelm,
} from './helmHarness';
import { PinnedHelmMajor } from '../helm/pinnedHelm';
import {
  describePath,
  pointerOf,
  schemaStringParameters,
  StringParameter,
  uniqueParameters,
  valuesStringLeaves,
  withValueAt,
} from './stringParameters';

/**
 * Security review finding 1 (YAML injection): every string parameter of the
 * chart, enumerated from values.yaml and values.schema.json, is rendered by
 * the real pinned helm with hostile payloads. Each render must either be
 * refused by the schema (the error names the field) or hold exactly the
 * objects of the same render without the payload, with the payload intact
 * where it lands.
 */

jest.setTimeout(600_000);

const values = parse(readFileSync(join(CHART_DIR, 'values.yaml'), 'utf8'));
const schema = JSON.parse(
  readFileSync(join(CHART_DIR, 'values.schema.json'), 'utf8'),
);

const CLUSTER_ROLE_BINDING = [
  'x',
  '---',
  'apiVersion: rbac.authorization.k8s.io/v1',
  'kind: ClusterRoleBinding',
  'metadata:',
  '  name: injected-admin',
  'roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}',
  'subjects: [{kind: Group, name: "system:authenticated", apiGroup: rbac.authorization.k8s.io}]',
].join('\n');

const BASE_PAYLOADS: Record<string, string> = {
  document: CLUSTER_ROLE_BINDING,
  quoteBreak: 'x"\n  injected: true',
  template: '{{ .Release.Name }}',
  oneLine: `x' "y" #z: {a: [*b]} !!binary &c`,
  // No whitespace, so it fits a bare "no whitespace" pattern and must land quoted.
  noSpace: `x"'#{{.Release.Name}}:[*a]&b!c%2e%2e`,
};

/** Valid-looking prefixes, so a payload also gets past a bare `^/` or `^https://` check. */
function prefixesFor(current: unknown): string[] {
  if (typeof current !== 'string') return [''];
  if (current.startsWith('https://')) return ['', 'https://mcp.example.com/'];
  if (current.startsWith('/')) return ['', '/'];
  return [''];
}

/** Every feature on that can be on together, so each string reaches a template. */
const FULL: Record<string, unknown> = {
  imagePullSecrets: [{ name: 'regcred' }],
  serviceAccount: { annotations: { 'example.com/a': 'b' } },
  podAnnotations: { 'example.com/a': 'b' },
  podLabels: { 'example.com/a': 'b' },
  ingress: {
    enabled: true,
    className: 'nginx',
    annotations: { 'example.com/a': 'b' },
    hosts: [
      {
        host: 'mcp.example.com',
        paths: [{ path: '/', pathType: 'Prefix' }],
      },
    ],
    tls: [{ secretName: 'mcp-tls', hosts: ['mcp.example.com'] }],
  },
  nodeSelector: { 'example.com/a': 'b' },
  tolerations: [{ key: 'k', operator: 'Exists' }],
  volumes: [{ name: 'extra', emptyDir: {} }],
  volumeMounts: [{ name: 'extra', mountPath: '/extra' }],
  mcpKubernetes: {
    env: [{ name: 'LOG_LEVEL', value: 'debug' }],
    oauth: {
      enabled: true,
      baseURL: 'https://mcp.example.com',
      existingSecret: 'mcp-creds',
      mountCredentialsAsFiles: true,
      credentialsMountPath: '/etc/mcp-kubernetes/oauth',
      externalSecret: {
        enabled: true,
        secretStoreRef: { name: 'store', kind: 'SecretStore' },
        remoteKeys: {
          'google-client-id': 'gcid',
          'google-client-secret': {
            key: 'bundle',
            property: 'secret',
            version: '1',
          },
        },
        remoteRefVersion: 'latest',
      },
    },
  },
  ciliumNetworkPolicy: {
    labels: { 'example.com/a': 'b' },
    annotations: { 'example.com/a': 'b' },
    ingressFromEndpoints: [{ matchLabels: { app: 'ingress' } }],
    extraIngress: [{ fromEndpoints: [{ matchLabels: { app: 'x' } }] }],
    extraEgress: [{ toEndpoints: [{ matchLabels: { app: 'y' } }] }],
  },
  networkPolicy: {
    enabled: true,
    apiServerCIDRs: ['10.0.0.1/32'],
    ingressFrom: [{ podSelector: { matchLabels: { app: 'ingress' } } }],
    extraEgress: [{ to: [{ podSelector: { matchLabels: { app: 'y' } } }] }],
  },
  podDisruptionBudget: { enabled: true },
  serviceMonitor: { enabled: true, labels: { 'example.com/a': 'b' } },
  catalog: {
    entityRef: 'component:default/mcp-foo',
    owner: 'group:default/team-a',
  },
};

/** The development-only inline credentials exclude the ExternalSecret. */
const INLINE: Record<string, unknown> = {
  mcpKubernetes: {
    oauth: {
      enabled: true,
      baseURL: 'https://mcp.example.com',
      googleClientID: 'id',
      googleClientSecret: 'secret',
      registrationToken: 'token',
      encryptionKey: 'key',
    },
  },
};

const KUBECONFIG: Record<string, unknown> = {
  mcpKubernetes: {
    kubernetes: { inCluster: false, kubeconfig: '/etc/kube/config' },
  },
};

/** Parameters whose context differs from FULL. */
function contextFor(p: StringParameter): [string, Record<string, unknown>] {
  const key = p.path.join('.');
  if (
    /^mcpKubernetes\.oauth\.(googleClientID|googleClientSecret|registrationToken|encryptionKey)$/.test(
      key,
    )
  ) {
    return ['inline', INLINE];
  }
  if (key === 'mcpKubernetes.kubernetes.kubeconfig') {
    return ['kubeconfig', KUBECONFIG];
  }
  if (key.startsWith('autoscaling.')) {
    return [
      'autoscaling',
      { ...FULL, autoscaling: { enabled: true, maxReplicas: 5 } },
    ];
  }
  return ['full', FULL];
}

function currentValue(
  context: Record<string, unknown>,
  path: StringParameter['path'],
): unknown {
  const read = (root: unknown) =>
    path.reduce<any>(
      (node, k) => (node && typeof node === 'object' ? node[k] : undefined),
      root,
    );
  return read(context) ?? read(values);
}

const workDir = mkdtempSync(join(tmpdir(), 'mcpk-injection-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));
let fileCounter = 0;

async function render(
  v: Record<string, unknown>,
  version: PinnedHelmMajor = 'v4',
) {
  const file = join(workDir, `values-${fileCounter++}.json`);
  writeFileSync(file, JSON.stringify(v));
  return runHelm(
    ['template', RELEASE, CHART_DIR, '--namespace', NAMESPACE, '-f', file],
    version,
  );
}

const identity = (o: K8sObject) =>
  `${o.kind}/${o.metadata?.namespace ?? ''}/${o.metadata?.name}`;

/** Every string of the render: values, map keys, and decoded Secret data. */
function stringsOf(objects: K8sObject[]): string[] {
  const out: string[] = [];
  const walk = (node: unknown) => {
    if (typeof node === 'string') out.push(node);
    else if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) {
        out.push(k);
        walk(v);
      }
    }
  };
  for (const o of objects) {
    walk(o);
    if (o.kind === 'Secret' && o.data) {
      for (const v of Object.values<string>(o.data)) {
        out.push(Buffer.from(v, 'base64').toString('utf8'));
      }
    }
  }
  return out;
}

/** Refused: only by the schema, and the error names the field (JSON pointer). */
function refusalVerdict(
  stderr: string,
  parameter: StringParameter,
  version: PinnedHelmMajor = 'v4',
) {
  // helm 4 prints a JSON pointer (at '/a/b/0'), helm 3 a dotted path (- a.b.0:).
  const field =
    version === 'v4'
      ? `at '${pointerOf(parameter.path)}`
      : `- ${parameter.path.join('.')}`;
  return {
    outcome: 'refused' as const,
    schemaError: /values don't meet the specifications of the schema/.test(
      stderr,
    ),
    namesField: stderr.includes(field),
  };
}

/**
 * Rendered: exactly the objects of the render without the payload, and the
 * payload arrives as one string, whole (a substring of e.g. an argument
 * "--oauth-base-url=<payload>" or "<registry>/<repo>:<tag>").
 */
function renderVerdict(stdout: string, payload: string) {
  const objects = parseObjects(stdout);
  const strings = stringsOf(objects);
  return {
    outcome: 'rendered' as const,
    objects: objects.map(identity).sort(),
    intact: strings.some(s => s.includes(payload)),
    injectedKeys: strings.filter(s => s === 'injected'),
  };
}

const baselines = new Map<string, Promise<string[]>>();
function baseline(
  name: string,
  context: Record<string, unknown>,
  version: PinnedHelmMajor = 'v4',
) {
  const key = `${version}:${name}`;
  if (!baselines.has(key)) {
    baselines.set(
      key,
      render(context, version).then(r => {
        if (r.code !== 0) {
          throw new Error(`context ${name} does not render: ${r.stderr}`);
        }
        return parseObjects(r.stdout).map(identity).sort();
      }),
    );
  }
  return baselines.get(key)!;
}

const parameters = uniqueParameters(
  schemaStringParameters(schema),
  valuesStringLeaves(values),
);

/** Which cases rendered (payload landed) and which the schema refused. */
const outcomes = { rendered: new Set<string>(), refused: new Set<string>() };

const cases = parameters.flatMap(p => {
  const [contextName, context] = contextFor(p);
  const prefixes = p.asKey ? [''] : prefixesFor(currentValue(context, p.path));
  return Object.entries(BASE_PAYLOADS).flatMap(([payloadName, payload]) =>
    prefixes.map(prefix => ({
      title: `${describePath(p)} <- ${prefix}${payloadName}`,
      parameter: p,
      contextName,
      context,
      payload: `${prefix}${payload}`,
    })),
  );
});

describe('chart string parameters against YAML injection', () => {
  it('enumerates the string parameters of values.yaml and the schema', () => {
    const names = parameters.map(describePath);
    // A few known-dangerous ones, so an enumeration bug cannot pass silently.
    for (const name of [
      'mcpKubernetes.oauth.baseURL',
      'probes.path',
      'nameOverride',
      'fullnameOverride',
      'serviceAccount.name',
      'mcpKubernetes.oauth.credentialsMountPath',
      'serviceMonitor.path',
      'serviceMonitor.interval',
      'ingress.hosts[0].host',
      'ingress.hosts[0].paths[0].path',
      'ingress.className',
      'image.registry',
      'image.repository',
      'image.tag',
      'mcpKubernetes.oauth.existingSecret',
      'mcpKubernetes.oauth.externalSecret.secretStoreRef.name',
      'mcpKubernetes.oauth.externalSecret.remoteKeys.google-client-id',
      'podAnnotations{key}',
      'networkPolicy.apiServerCIDRs[0]',
      'catalog.entityRef',
      'catalog.owner',
    ]) {
      expect(names).toContain(name);
    }
    expect(parameters.length).toBeGreaterThan(60);
  });

  it.each(cases.map(c => [c.title, c] as const))('%s', async (_title, c) => {
    const expectedObjects = await baseline(c.contextName, c.context);
    const result = await render(
      withValueAt(c.context, c.parameter, c.payload, values),
    );
    const verdict =
      result.code !== 0
        ? refusalVerdict(result.stderr, c.parameter)
        : renderVerdict(result.stdout, c.payload);
    (verdict.outcome === 'refused' ? outcomes.refused : outcomes.rendered).add(
      c.title,
    );
    expect(verdict).toEqual(
      verdict.outcome === 'refused'
        ? { outcome: 'refused', schemaError: true, namesField: true }
        : {
            outcome: 'rendered',
            objects: expectedObjects,
            intact: true,
            injectedKeys: [],
          },
    );
  });

  it('exercised both outcomes: refusals and payloads landing intact', () => {
    expect(outcomes.rendered.size + outcomes.refused.size).toBe(cases.length);
    for (const title of [
      'podAnnotations{key} <- document',
      'podAnnotations.example.com/key <- quoteBreak',
      'mcpKubernetes.oauth.externalSecret.remoteKeys.google-client-id <- template',
      'mcpKubernetes.env[0].x-payload <- document',
      'probes.path <- /noSpace',
      'mcpKubernetes.oauth.baseURL <- https://mcp.example.com/template',
    ]) {
      expect({ title, rendered: outcomes.rendered.has(title) }).toEqual({
        title,
        rendered: title.endsWith('/template')
          ? false // braces and spaces are not part of a URL
          : true,
      });
    }
    expect(outcomes.rendered.size).toBeGreaterThan(100);
    expect(outcomes.refused.size).toBeGreaterThan(100);
  });
});

describe('the same with helm 3 (the YAML-document payload)', () => {
  const documentCases = cases.filter(c => c.title.endsWith('document'));

  it.each(documentCases.map(c => [c.title, c] as const))(
    '%s',
    async (_title, c) => {
      const expectedObjects = await baseline(c.contextName, c.context, 'v3');
      const result = await render(
        withValueAt(c.context, c.parameter, c.payload, values),
        'v3',
      );
      const verdict =
        result.code !== 0
          ? refusalVerdict(result.stderr, c.parameter, 'v3')
          : renderVerdict(result.stdout, c.payload);
      expect(verdict).toEqual(
        verdict.outcome === 'refused'
          ? { outcome: 'refused', schemaError: true, namesField: true }
          : {
              outcome: 'rendered',
              objects: expectedObjects,
              intact: true,
              injectedKeys: [],
            },
      );
    },
  );
});
