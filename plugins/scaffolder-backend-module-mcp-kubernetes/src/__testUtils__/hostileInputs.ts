import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';

/**
 * Generated hostile inputs for the deploy template: every form answer and
 * every chart values path, each with payloads that broke (or could break)
 * YAML, paths, prototypes, look-alike names and type checks. `marker` is put
 * into the names of objects a payload tries to smuggle in, so the suite can
 * search the cluster for them afterwards.
 */

/** A payload class; `mustRefuse` classes are never valid for a one-line, typed answer. */
export type PayloadClass =
  | 'yaml-document'
  | 'dot-dot'
  | 'proto'
  | 'control'
  | 'lookalike'
  | 'over-long'
  | 'wrong-type'
  | 'template'
  | 'url';

export interface Payload {
  cls: PayloadClass;
  label: string;
  value: unknown;
}

/** Payload classes no answer may accept (a newline, a control character, a wrong type, far too long). */
export const MUST_REFUSE: ReadonlySet<PayloadClass> = new Set([
  'yaml-document',
  'control',
  'wrong-type',
  'over-long',
]);

export function smuggledDocuments(marker: string): string {
  return [
    '---',
    'apiVersion: rbac.authorization.k8s.io/v1',
    'kind: ClusterRoleBinding',
    `metadata: {name: ${marker}-crb}`,
    'roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}',
    'subjects: [{kind: Group, name: "system:authenticated", apiGroup: rbac.authorization.k8s.io}]',
    '---',
    'apiVersion: v1',
    'kind: ConfigMap',
    `metadata: {name: ${marker}-cm, namespace: default}`,
    'data:',
    '  swallow: |1',
  ].join('\n');
}

/** The string payloads, each once per field. */
export function stringPayloads(marker: string): Payload[] {
  const doc = smuggledDocuments(marker);
  return [
    {
      cls: 'yaml-document',
      label: 'newline + YAML documents',
      value: `ok\n${doc}`,
    },
    {
      cls: 'yaml-document',
      label: 'https + YAML documents',
      value: `https://x/\n${doc}`,
    },
    {
      cls: 'yaml-document',
      label: 'CRLF + document',
      value: `ok\r\n---\r\nkind: Secret`,
    },
    {
      cls: 'yaml-document',
      label: 'quote break + newline',
      value: `a"\nkind: ClusterRoleBinding\n#`,
    },
    {
      cls: 'dot-dot',
      label: '%2e%2e segments',
      value: '%2e%2e/%2e%2e/api/v1/secrets',
    },
    {
      cls: 'dot-dot',
      label: 'https %2e%2e path',
      value:
        'https://mcp.example.com/%2e%2e/%2e%2e/api/v1/namespaces/kube-system/secrets',
    },
    { cls: 'dot-dot', label: '../ segments', value: '../../etc/passwd' },
    { cls: 'dot-dot', label: 'encoded slash', value: 'a%2f..%2fb' },
    { cls: 'proto', label: '__proto__', value: '__proto__' },
    {
      cls: 'proto',
      label: 'constructor.prototype',
      value: 'constructor.prototype',
    },
    { cls: 'control', label: 'NUL', value: 'mcp\u0000x' },
    { cls: 'control', label: 'ESC sequence', value: 'mcp\u001b[31mred' },
    { cls: 'control', label: 'tab', value: 'mcp\tx' },
    { cls: 'control', label: 'DEL', value: 'mcp\u007fx' },
    { cls: 'control', label: 'line separator U+2028', value: 'mcp\u2028---' },
    { cls: 'lookalike', label: 'Cyrillic es', value: 'm\u0441p-team' },
    { cls: 'lookalike', label: 'fullwidth', value: '\uff4dcp-team' },
    { cls: 'lookalike', label: 'zero-width space', value: 'mcp\u200b-team' },
    {
      cls: 'lookalike',
      label: 'right-to-left override',
      value: 'mcp\u202e-team',
    },
    { cls: 'lookalike', label: 'dotless i', value: 'mcp-\u0131ngress' },
    { cls: 'over-long', label: '254 letters', value: 'a'.repeat(254) },
    { cls: 'over-long', label: '5000 letters', value: 'a'.repeat(5000) },
    {
      cls: 'over-long',
      label: 'https + 3000',
      value: `https://mcp.example.com/${'a'.repeat(3000)}`,
    },
    {
      cls: 'template',
      label: 'scaffolder expression',
      value: '${{ secrets.backstageToken }}',
    },
    {
      cls: 'template',
      label: 'helm template',
      value: '{{ .Release.Name }}{{ lookup "v1" "Secret" "" "" }}',
    },
    { cls: 'template', label: 'YAML alias/tag', value: '*a !!binary x &b' },
    { cls: 'url', label: 'http not https', value: 'http://mcp.example.com' },
    {
      cls: 'url',
      label: 'credentials in URL',
      value: 'https://user:pass@mcp.example.com',
    },
    {
      cls: 'url',
      label: 'metadata address',
      value: 'https://169.254.169.254/latest',
    },
    // eslint-disable-next-line no-script-url
    { cls: 'url', label: 'javascript', value: 'javascript:alert(1)' },
    { cls: 'url', label: 'space in host', value: 'https://mcp example.com' },
  ];
}

/** Wrong types, for every answer (strings get objects/numbers, booleans get strings). */
export function wrongTypes(kind: 'string' | 'boolean'): Payload[] {
  const common: Payload[] = [
    { cls: 'wrong-type', label: 'object', value: { $ne: '' } },
    { cls: 'wrong-type', label: 'list', value: ['a', 'b'] },
    { cls: 'wrong-type', label: 'null', value: null },
  ];
  return kind === 'string'
    ? [
        ...common,
        { cls: 'wrong-type', label: 'number', value: 12345 },
        { cls: 'wrong-type', label: 'boolean', value: true },
      ]
    : [
        ...common,
        { cls: 'wrong-type', label: 'string "true"', value: 'true' },
        { cls: 'wrong-type', label: 'number 1', value: 1 },
      ];
}

/** The template's answers and their JSON types. */
export const ANSWER_FIELDS: Record<string, 'string' | 'boolean'> = {
  name: 'string',
  description: 'string',
  owner: 'string',
  environment: 'string',
  cluster: 'string',
  namespace: 'string',
  oauthEnabled: 'boolean',
  baseURL: 'string',
  existingSecret: 'string',
  externalSecretEnabled: 'boolean',
  secretStoreName: 'string',
  secretStoreKind: 'string',
  ingressEnabled: 'boolean',
  ingressHost: 'string',
  ingressClassName: 'string',
  tlsSecretName: 'string',
  size: 'string',
  imageTag: 'string',
  access: 'string',
  publish: 'boolean',
  repoUrl: 'string',
};

/** Answers that make a field matter (its dependency switched on). */
export function contextFor(field: string): Record<string, unknown> {
  switch (field) {
    case 'baseURL':
      return { oauthEnabled: true, existingSecret: 'mcp-oauth' };
    case 'existingSecret':
      return { oauthEnabled: true, baseURL: 'https://mcp.example.com' };
    case 'externalSecretEnabled':
      return {
        oauthEnabled: true,
        baseURL: 'https://mcp.example.com',
        secretStoreName: 'vault',
      };
    case 'secretStoreName':
    case 'secretStoreKind':
      return {
        oauthEnabled: true,
        baseURL: 'https://mcp.example.com',
        externalSecretEnabled: true,
        secretStoreName: 'vault',
      };
    case 'ingressHost':
    case 'ingressClassName':
    case 'tlsSecretName':
      return { ingressEnabled: true, ingressHost: 'mcp.example.com' };
    case 'repoUrl':
      return { publish: true };
    default:
      return {};
  }
}

export interface AnswerCase {
  field: string;
  payload: Payload;
  values: Record<string, unknown>;
}

/**
 * Answers valid one by one but not together: the form's JSON schema cannot
 * say so, the action must (naming the field to fix).
 */
export function crossFieldCases(base: Record<string, unknown>): AnswerCase[] {
  const c = (field: string, label: string, extra: Record<string, unknown>) => ({
    field,
    payload: { cls: 'url' as const, label, value: undefined },
    values: { ...base, ...extra },
  });
  return [
    c('baseURL', 'OAuth on without a base URL', { oauthEnabled: true }),
    c('existingSecret', 'OAuth on without credentials', {
      oauthEnabled: true,
      baseURL: 'https://mcp.example.com',
    }),
    c('ingressHost', 'ingress on without a host', { ingressEnabled: true }),
    c('secretStoreName', 'ExternalSecret on without a store', {
      oauthEnabled: true,
      baseURL: 'https://mcp.example.com',
      externalSecretEnabled: true,
    }),
    c('externalSecretEnabled', 'ExternalSecret without OAuth', {
      externalSecretEnabled: true,
      secretStoreName: 'vault',
    }),
  ];
}

/** One case per answer × payload. */
export function answerCases(
  base: Record<string, unknown>,
  marker: string,
): AnswerCase[] {
  const cases: AnswerCase[] = [];
  for (const [field, type] of Object.entries(ANSWER_FIELDS)) {
    const payloads = [
      ...(type === 'string' ? stringPayloads(marker) : []),
      ...wrongTypes(type),
    ];
    for (const payload of payloads) {
      cases.push({
        field,
        payload,
        values: { ...base, ...contextFor(field), [field]: payload.value },
      });
    }
  }
  return cases;
}

/** Every leaf path of chart/values.yaml (objects that are maps get a made-up key). */
export function chartValuePaths(): { path: string[]; type: string }[] {
  const values = parse(
    readFileSync(resolve(__dirname, '../../../../chart/values.yaml'), 'utf8'),
  );
  const out: { path: string[]; type: string }[] = [];
  const walk = (obj: Record<string, unknown>, path: string[]) => {
    for (const [key, v] of Object.entries(obj)) {
      const p = [...path, key];
      if (
        v &&
        typeof v === 'object' &&
        !Array.isArray(v) &&
        Object.keys(v).length
      ) {
        walk(v as Record<string, unknown>, p);
      } else if (v && typeof v === 'object' && !Array.isArray(v)) {
        out.push({ path: [...p, 'injected-key'], type: 'string' }); // a map (annotations, labels, selectors)
      } else {
        out.push({ path: p, type: Array.isArray(v) ? 'array' : typeof v });
      }
    }
  };
  walk(values, []);
  return out;
}

function nest(path: string[], leaf: unknown): Record<string, unknown> {
  return path.reduceRight<unknown>(
    (acc, key) => ({ [key]: acc }),
    leaf,
  ) as Record<string, unknown>;
}

export interface ValuesCase {
  path: string;
  payload: Payload;
  /** The free-form `values` object (a `__proto__` key is an own key, sent as JSON). */
  values: Record<string, unknown>;
}

/** Free-form values: every chart path × the payloads that a one-line value must never take, plus prototype keys. */
export function valuesCases(marker: string): ValuesCase[] {
  const doc = smuggledDocuments(marker);
  const cases: ValuesCase[] = [];
  const parents = new Set<string>();
  for (const { path, type } of chartValuePaths()) {
    const leafPayloads: Payload[] = [
      {
        cls: 'yaml-document',
        label: 'newline + YAML documents',
        value: `x\n${doc}`,
      },
      {
        cls: 'dot-dot',
        label: '%2e%2e',
        value: '/%2e%2e/%2e%2e/api/v1/namespaces/kube-system/secrets',
      },
      { cls: 'control', label: 'ESC', value: 'x\u001b[0m' },
      {
        cls: 'wrong-type',
        label:
          type === 'string' ? 'object for a string' : 'string for a non-string',
        value: type === 'string' ? { nested: { deeper: doc } } : `x\n${doc}`,
      },
    ];
    for (const payload of leafPayloads) {
      cases.push({
        path: path.join('.'),
        payload,
        values: nest(path, payload.value),
      });
    }
    // A prototype key at this path's parent (once per parent): refused, never merged into what helm or the policy sees.
    const parent = path.slice(0, -1);
    if (parents.has(parent.join('.'))) continue;
    parents.add(parent.join('.'));
    for (const key of ['__proto__', 'constructor', 'prototype']) {
      const inner = JSON.parse(
        `{"${key}": {"polluted": ${JSON.stringify(`${marker}\n${doc}`)}}}`,
      );
      cases.push({
        path: [...parent, key].join('.'),
        payload: { cls: 'proto', label: `${key} key`, value: inner },
        values: parent.length ? nest(parent, inner) : inner,
      });
    }
  }
  return cases;
}
