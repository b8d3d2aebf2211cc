import { InputError } from '@backstage/errors';
import { z } from 'zod';

/**
 * The deploy action's input, validated again inside the handler: the form
 * and the scaffolder's own schema check are not trusted (a template can pass
 * anything, and mock contexts skip the scaffolder's check).
 */

/** DNS-1123 label: what Kubernetes accepts for a namespace (and helm, shorter, for a release). */
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** Cluster names come from config; same alphabet plus dots. */
const CLUSTER_NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;
const ENVIRONMENT = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
/** Backstage entity name rules. */
const ENTITY_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const ENTITY_REF =
  /^([a-z0-9-]+:)?([a-z0-9-]+\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/i;
/** Helm's own limit for release names (objects get suffixes appended). */
export const MAX_RELEASE_NAME = 53;

const dnsLabel = (field: string, max: number) =>
  z
    .string({
      required_error: `${field} is required`,
      invalid_type_error: `${field} must be a string`,
    })
    .max(max, `${field} must be at most ${max} characters`)
    .regex(
      DNS1123_LABEL,
      `${field} must be a DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit (e.g. mcp-team-a)`,
    );

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

export const deployInputSchema = z
  .object({
    cluster: z
      .string({
        required_error: 'cluster is required',
        invalid_type_error: 'cluster must be a string',
      })
      .max(63, 'cluster must be at most 63 characters')
      .regex(
        CLUSTER_NAME,
        'cluster must be a configured cluster name (lowercase letters, digits, - and .)',
      ),
    namespace: dnsLabel('namespace', 63),
    releaseName: dnsLabel('releaseName', MAX_RELEASE_NAME),
    environment: z
      .string({
        required_error: 'environment is required',
        invalid_type_error: 'environment must be a string',
      })
      .max(63, 'environment must be at most 63 characters')
      .regex(
        ENVIRONMENT,
        'environment must be a policy environment name such as production',
      ),
    values: z
      .record(z.unknown(), {
        invalid_type_error:
          'values must be an object of chart values (not a string or list)',
      })
      .default({}),
    timeout: timeout.optional(),
    wait: z
      .boolean({ invalid_type_error: 'wait must be true or false' })
      .default(true),
    entityName: z
      .string({ invalid_type_error: 'entityName must be a string' })
      .max(63, 'entityName must be at most 63 characters')
      .regex(
        ENTITY_NAME,
        'entityName must be a catalog entity name (letters, digits, -, _ and .)',
      )
      .optional(),
    owner: z
      .string({ invalid_type_error: 'owner must be a string' })
      .max(253, 'owner must be at most 253 characters')
      .regex(
        ENTITY_REF,
        'owner must be an entity reference such as group:default/team-a',
      )
      .optional(),
  })
  .strict();

export type DeployInput = z.infer<typeof deployInputSchema>;

/** Parses the input or throws one InputError naming every bad field. */
export function parseDeployInput(raw: unknown): DeployInput {
  const parsed = deployInputSchema.safeParse(raw);
  if (parsed.success) {
    return parsed.data;
  }
  const problems = parsed.error.issues.map(issue => {
    if (issue.code === 'unrecognized_keys') {
      return `unknown input(s) ${issue.keys.join(', ')}`;
    }
    const field = issue.path.join('.') || 'input';
    return issue.message.startsWith(String(issue.path[0] ?? '')) &&
      issue.path.length
      ? issue.message
      : `${field}: ${issue.message}`;
  });
  throw new InputError(
    `Invalid mcp-kubernetes:deploy input: ${problems.join('; ')}`,
  );
}
