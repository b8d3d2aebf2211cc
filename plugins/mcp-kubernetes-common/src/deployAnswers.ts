import { z } from 'zod';
import {
  CLUSTER_NAME,
  DNS1123_LABEL,
  DNS1123_SUBDOMAIN,
  ENTITY_NAME,
  ENTITY_REF,
  ENVIRONMENT_NAME,
  HOSTNAME,
  IMAGE_TAG,
  MAX_RELEASE_NAME,
} from './names';

/**
 * The deploy template's answers, typed: the one schema the form's preview,
 * the scaffolder's input check (`schema.input` of mcp-kubernetes:deploy) and
 * the action's own re-check use. Chart values are built from these answers
 * on the server; only a caller with `mcp-kubernetes.deploy.values` may add
 * free-form `values`, and those lose to the typed answers (see
 * `composeChartValues`).
 */

/** Replicas and per-pod resources of the template's size choices. @public */
export const SIZE_PRESETS = {
  small: {
    replicaCount: 2,
    requests: { cpu: '100m', memory: '128Mi' },
    limits: { cpu: '500m', memory: '512Mi' },
  },
  medium: {
    replicaCount: 2,
    requests: { cpu: '250m', memory: '256Mi' },
    limits: { cpu: '1', memory: '1Gi' },
  },
  large: {
    replicaCount: 3,
    requests: { cpu: '500m', memory: '512Mi' },
    limits: { cpu: '2', memory: '2Gi' },
  },
} as const;

/** @public */
export type SizePreset = keyof typeof SIZE_PRESETS;

const str = (field: string) =>
  z.string({
    required_error: `${field} is required`,
    invalid_type_error: `${field} must be a string`,
  });

const bool = (field: string) =>
  z.boolean({ invalid_type_error: `${field} must be true or false` });

/** A required name: `pattern`, at most `max` characters. */
const name = (field: string, pattern: RegExp, max: number, what: string) =>
  str(field)
    .max(max, `${field} must be at most ${max} characters`)
    .regex(pattern, `${field} must be ${what}`);

/** An optional name where the form may send '' for "not given". */
const optionalName = (
  field: string,
  pattern: RegExp,
  max: number,
  what: string,
) =>
  str(field)
    .max(max, `${field} must be at most ${max} characters`)
    .regex(
      new RegExp(`^$|${pattern.source}`),
      `${field} must be ${what} (or empty)`,
    )
    .optional();

const LABEL_HINT =
  "a DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit (e.g. mcp-team-a)";
const SUBDOMAIN_HINT =
  "a DNS-1123 name: lowercase letters, digits, '-' and '.' (e.g. mcp-oauth)";

/** https URL, printable ASCII only: no whitespace, control characters, quotes or brackets a template could break on. */
const HTTPS_URL = /^https:\/\/[A-Za-z0-9\-._~:/?#[\]@!$&()*+,;=%]+$/;

function isHttpsUrl(value: string): boolean {
  if (value === '') return true;
  try {
    const url = new URL(value);
    return (
      url.protocol === 'https:' &&
      HOSTNAME.test(url.hostname) &&
      !url.username &&
      !url.password
    );
  } catch {
    return false;
  }
}

/** Helm-style duration (`300s`, `5m`, `1h`) or seconds; 30 s to 1 h. */
const timeout = z
  .union([z.number(), z.string()], {
    invalid_type_error: 'timeout must be seconds or a duration like 5m',
  })
  .transform((v, ctx) => {
    const m =
      typeof v === 'number'
        ? [String(v), String(v), 's']
        : /^(\d{1,5})(s|m|h)?$/.exec(v.trim());
    const seconds = m
      ? Number(m[1]) *
        { s: 1, m: 60, h: 3600 }[(m[2] ?? 's') as 's' | 'm' | 'h']
      : NaN;
    if (!Number.isInteger(seconds) || seconds < 30 || seconds > 3600) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: 'timeout must be between 30s and 1h, e.g. 300 or "5m"',
      });
      return z.NEVER;
    }
    return seconds;
  });

/** The answers as an object schema (for `.shape`); `deployAnswersSchema` adds the cross-field rules. @public */
export const deployAnswersObjectSchema = z
  .object({
    cluster: name(
      'cluster',
      CLUSTER_NAME,
      63,
      "a configured cluster name (letters, digits, '.', '_' and '-')",
    ).describe('Cluster name as configured in the backend'),
    namespace: name('namespace', DNS1123_LABEL, 63, LABEL_HINT).describe(
      'Namespace to install into (DNS-1123 label, created if missing)',
    ),
    releaseName: name(
      'releaseName',
      DNS1123_LABEL,
      MAX_RELEASE_NAME,
      LABEL_HINT,
    ).describe(
      `Helm release name (DNS-1123 label, at most ${MAX_RELEASE_NAME} characters)`,
    ),
    environment: name(
      'environment',
      ENVIRONMENT_NAME,
      63,
      'a policy environment name such as production',
    ).describe('Policy environment, e.g. development, staging or production'),
    entityName: name(
      'entityName',
      ENTITY_NAME,
      63,
      "a catalog entity name (letters, digits, '-', '_' and '.')",
    )
      .optional()
      .describe(
        'Catalog Component the install belongs to (default: the release name)',
      ),
    owner: name(
      'owner',
      ENTITY_REF,
      253,
      'an entity reference such as group:default/team-a',
    ).describe('Owner of that entity, e.g. group:default/team-a'),
    size: z
      .enum(['small', 'medium', 'large'], {
        errorMap: () => ({ message: 'size must be small, medium or large' }),
      })
      .default('small')
      .describe('Replicas and resources preset'),
    imageTag: optionalName(
      'imageTag',
      IMAGE_TAG,
      128,
      "an image tag (letters, digits, '_', '.' and '-', e.g. v0.1.0)",
    ).describe('Server image tag (empty: the chart default)'),
    access: z
      .enum(['read-only', 'read-write'], {
        errorMap: () => ({
          message: 'access must be read-only or read-write',
        }),
      })
      .default('read-only')
      .describe(
        'What the server may do in the cluster (chart value rbac.readOnly)',
      ),
    oauthEnabled: bool('oauthEnabled').default(false),
    baseURL: str('baseURL')
      .max(2048, 'baseURL must be at most 2048 characters')
      .regex(
        new RegExp(`^$|${HTTPS_URL.source}`),
        'baseURL must be an https:// URL without spaces, quotes or control characters',
      )
      .refine(isHttpsUrl, {
        message:
          'baseURL must be an https:// URL with a host name (e.g. https://mcp.example.com)',
      })
      .optional()
      .describe('Public https:// address of the server (OAuth)'),
    existingSecret: optionalName(
      'existingSecret',
      DNS1123_SUBDOMAIN,
      253,
      SUBDOMAIN_HINT,
    ).describe('Secret with the OAuth credentials'),
    externalSecretEnabled: bool('externalSecretEnabled').default(false),
    secretStoreName: optionalName(
      'secretStoreName',
      DNS1123_SUBDOMAIN,
      253,
      SUBDOMAIN_HINT,
    ),
    secretStoreKind: z
      .enum(['SecretStore', 'ClusterSecretStore'], {
        errorMap: () => ({
          message: 'secretStoreKind must be SecretStore or ClusterSecretStore',
        }),
      })
      .default('SecretStore'),
    ingressEnabled: bool('ingressEnabled').default(false),
    ingressHost: optionalName(
      'ingressHost',
      HOSTNAME,
      253,
      'an RFC 1123 host name such as mcp.example.com',
    ),
    ingressClassName: optionalName(
      'ingressClassName',
      DNS1123_SUBDOMAIN,
      253,
      SUBDOMAIN_HINT,
    ),
    tlsSecretName: optionalName(
      'tlsSecretName',
      DNS1123_SUBDOMAIN,
      253,
      SUBDOMAIN_HINT,
    ),
    timeout: timeout
      .optional()
      .describe(
        'How long helm waits, seconds or a duration like 5m (30s to 1h; default 5m)',
      ),
    wait: bool('wait')
      .default(true)
      .describe(
        'Wait until the install is ready and roll back on failure (default true)',
      ),
    values: z
      .record(z.unknown(), {
        invalid_type_error:
          'values must be an object of chart values (not a string or list)',
      })
      .optional()
      .describe(
        'Free-form chart values, merged under the typed answers; needs the permission mcp-kubernetes.deploy.values',
      ),
  })
  .strict();

/** The typed deploy answers with their cross-field rules. @public */
export const deployAnswersSchema = deployAnswersObjectSchema.superRefine(
  (a, ctx) => {
    const need = (path: string, message: string) =>
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: [path], message });
    if (a.oauthEnabled && !a.baseURL) {
      need('baseURL', 'baseURL is required when oauthEnabled is true');
    }
    // The form never takes credentials: with OAuth on they come from a Secret.
    if (a.oauthEnabled && !a.existingSecret && !a.externalSecretEnabled) {
      need(
        'existingSecret',
        'existingSecret is required when oauthEnabled is true: name the Secret that holds the OAuth credentials, or turn on externalSecretEnabled to have one synced from your secret store',
      );
    }
    if (a.externalSecretEnabled && !a.oauthEnabled) {
      need(
        'externalSecretEnabled',
        'externalSecretEnabled needs oauthEnabled: nothing would read the synced credentials',
      );
    }
    if (a.externalSecretEnabled && !a.secretStoreName) {
      need(
        'secretStoreName',
        'secretStoreName is required when externalSecretEnabled is true',
      );
    }
    if (a.ingressEnabled && !a.ingressHost) {
      need(
        'ingressHost',
        'ingressHost is required when ingressEnabled is true',
      );
    }
  },
);

/** Parsed answers (defaults applied, timeout in seconds). @public */
export type DeployAnswers = z.output<typeof deployAnswersSchema>;

/** Answers as a caller writes them. @public */
export type DeployAnswersInput = z.input<typeof deployAnswersSchema>;

/** The answers `buildChartValues` reads; all optional so the form can preview partial answers. @public */
export type ChartAnswers = Partial<
  Pick<
    DeployAnswers,
    | 'size'
    | 'imageTag'
    | 'access'
    | 'oauthEnabled'
    | 'baseURL'
    | 'existingSecret'
    | 'externalSecretEnabled'
    | 'secretStoreName'
    | 'secretStoreKind'
    | 'ingressEnabled'
    | 'ingressHost'
    | 'ingressClassName'
    | 'tlsSecretName'
  >
>;

const text = (v: unknown) => (typeof v === 'string' ? v : '');

/**
 * Chart values from the typed answers: size preset, image tag, RBAC access
 * (read-only unless `access` is `read-write`), OAuth (with the ESO block only
 * when OAuth is on: the chart refuses an ExternalSecret nothing reads) and
 * ingress.
 *
 * @public
 */
export function buildChartValues(
  answers: ChartAnswers,
): Record<string, unknown> {
  const size =
    SIZE_PRESETS[
      answers.size && answers.size in SIZE_PRESETS ? answers.size : 'small'
    ];
  const values: Record<string, unknown> = {
    replicaCount: size.replicaCount,
    resources: { requests: { ...size.requests }, limits: { ...size.limits } },
    rbac: { readOnly: answers.access !== 'read-write' },
  };
  if (text(answers.imageTag)) {
    values.image = { tag: text(answers.imageTag) };
  }
  if (answers.oauthEnabled) {
    const oauth: Record<string, unknown> = {
      enabled: true,
      baseURL: text(answers.baseURL),
      existingSecret: text(answers.existingSecret),
      allowPublicRegistration: false,
    };
    if (answers.externalSecretEnabled) {
      oauth.externalSecret = {
        enabled: true,
        secretStoreRef: {
          name: text(answers.secretStoreName),
          kind:
            answers.secretStoreKind === 'ClusterSecretStore'
              ? 'ClusterSecretStore'
              : 'SecretStore',
        },
      };
    }
    values.mcpKubernetes = { oauth };
  }
  if (answers.ingressEnabled) {
    const host = text(answers.ingressHost);
    const className = text(answers.ingressClassName);
    const tlsSecret = text(answers.tlsSecretName);
    values.ingress = {
      enabled: true,
      ...(className ? { className } : {}),
      hosts: host ? [{ host, paths: [{ path: '/', pathType: 'Prefix' }] }] : [],
      tls: tlsSecret
        ? [{ secretName: tlsSecret, hosts: host ? [host] : [] }]
        : [],
    };
  }
  return values;
}

/**
 * A full, lowercase entity reference (`kind:namespace/name`), filling in the
 * default kind and the `default` namespace.
 *
 * @public
 */
export function normalizeEntityRef(ref: string, defaultKind: string): string {
  const m = /^(?:([^:/]+):)?(?:([^:/]+)\/)?([^:/]+)$/.exec(ref.trim());
  if (!m) {
    return ref.trim().toLocaleLowerCase('en-US');
  }
  const [, kind, namespace, entityName] = m;
  return `${kind ?? defaultKind}:${
    namespace ?? 'default'
  }/${entityName}`.toLocaleLowerCase('en-US');
}

/**
 * Values the server always sets, over anything else: the catalog entity the
 * install is made for and its owner, which the chart records on the
 * Deployment (`MCP_KUBERNETES_RECORDED_ANNOTATIONS`).
 *
 * @public
 */
export function recordedEntityValues(
  answers: Pick<DeployAnswers, 'releaseName' | 'owner'> & {
    entityName?: string;
  },
): { catalog: { entityRef: string; owner: string } } {
  return {
    catalog: {
      entityRef: normalizeEntityRef(
        `component:default/${answers.entityName ?? answers.releaseName}`,
        'component',
      ),
      owner: normalizeEntityRef(answers.owner, 'group'),
    },
  };
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Keys that would reach an object's prototype instead of the values. @public */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set([
  '__proto__',
  'constructor',
  'prototype',
]);

/** Merges `over` onto `under`: objects key by key, anything else (lists too) replaced. @public */
export function deepMergeValues(
  under: Record<string, unknown>,
  over: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...under };
  for (const [key, value] of Object.entries(over)) {
    if (FORBIDDEN_KEYS.has(key)) {
      throw new Error(`values key "${key}" is not allowed`);
    }
    const below = out[key];
    out[key] =
      isObject(below) && isObject(value)
        ? deepMergeValues(below, value)
        : value;
  }
  return out;
}

/**
 * The exact chart values of a deploy: free-form `values` (only for callers
 * allowed `mcp-kubernetes.deploy.values`) at the bottom, the typed answers
 * over them, the server-set `rbac.readOnly` and `catalog.*` on top. Lists are
 * replaced, not merged.
 *
 * @public
 */
export function composeChartValues(
  answers: DeployAnswers,
  freeValues: Record<string, unknown> = {},
): Record<string, unknown> {
  const typed = buildChartValues(answers);
  return deepMergeValues(deepMergeValues(freeValues, typed), {
    rbac: { readOnly: answers.access !== 'read-write' },
    ...recordedEntityValues(answers),
  });
}

/** The value at `keys` (list indexes as strings), own properties only. */
const path = (root: unknown, ...keys: string[]): unknown =>
  keys.reduce<unknown>(
    (at, key) =>
      (isObject(at) || Array.isArray(at)) &&
      Object.prototype.hasOwnProperty.call(at, key)
        ? (at as Record<string, unknown>)[key]
        : undefined,
    root,
  );

const sameQuantities = (
  live: unknown,
  preset: { cpu: string; memory: string },
) =>
  isObject(live) &&
  String(live.cpu) === preset.cpu &&
  String(live.memory) === preset.memory;

/** The value at `keys` when it is a non-empty string. */
const stringAt = (root: unknown, ...keys: string[]) => {
  const v = path(root, ...keys);
  return typeof v === 'string' && v !== '' ? v : undefined;
};

/**
 * The typed answers a release's values came from (the inverse of
 * `buildChartValues`), so an upgrade form starts from what is installed
 * instead of the defaults: leaving a question untouched then keeps it as it
 * is (an upgrade takes the whole set of answers). `size` is set only when
 * replicas and resources match a preset exactly. No credential is read: OAuth
 * is configured by the name of an existing Secret.
 *
 * @public
 */
export function answersFromChartValues(values: unknown): ChartAnswers {
  const answers: ChartAnswers = {};
  const size = (Object.keys(SIZE_PRESETS) as SizePreset[]).find(key => {
    const preset = SIZE_PRESETS[key];
    return (
      path(values, 'replicaCount') === preset.replicaCount &&
      sameQuantities(path(values, 'resources', 'requests'), preset.requests) &&
      sameQuantities(path(values, 'resources', 'limits'), preset.limits)
    );
  });
  if (size) answers.size = size;
  const imageTag = stringAt(values, 'image', 'tag');
  if (imageTag) answers.imageTag = imageTag;
  const readOnly = path(values, 'rbac', 'readOnly');
  if (typeof readOnly === 'boolean') {
    answers.access = readOnly ? 'read-only' : 'read-write';
  }
  const oauth = path(values, 'mcpKubernetes', 'oauth');
  answers.oauthEnabled = path(oauth, 'enabled') === true;
  if (answers.oauthEnabled) {
    answers.baseURL = stringAt(oauth, 'baseURL');
    answers.existingSecret = stringAt(oauth, 'existingSecret');
    answers.externalSecretEnabled =
      path(oauth, 'externalSecret', 'enabled') === true;
    if (answers.externalSecretEnabled) {
      answers.secretStoreName = stringAt(
        oauth,
        'externalSecret',
        'secretStoreRef',
        'name',
      );
      answers.secretStoreKind =
        path(oauth, 'externalSecret', 'secretStoreRef', 'kind') ===
        'ClusterSecretStore'
          ? 'ClusterSecretStore'
          : 'SecretStore';
    }
  }
  const ingress = path(values, 'ingress');
  answers.ingressEnabled = path(ingress, 'enabled') === true;
  if (answers.ingressEnabled) {
    answers.ingressHost = stringAt(ingress, 'hosts', '0', 'host');
    answers.ingressClassName = stringAt(ingress, 'className');
    answers.tlsSecretName = stringAt(ingress, 'tls', '0', 'secretName');
  }
  // Drop the keys left undefined, so the result is plain JSON for a form's formData.
  return Object.fromEntries(
    Object.entries(answers).filter(([, v]) => v !== undefined),
  ) as ChartAnswers;
}
