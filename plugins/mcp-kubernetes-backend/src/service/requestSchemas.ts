import { InputError } from '@backstage/errors';
import {
  CLUSTER_NAME,
  DNS1123_LABEL,
  DNS1123_SUBDOMAIN,
  MAX_RELEASE_NAME,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-common';
import { z } from 'zod';

// What the routes and the MCP actions accept; also keeps odd input out of logs, errors and
// catalog filters.

/** One install: cluster, namespace and Helm release, by the shared name rules. */
export const installRefSchema = z
  .object({
    cluster: z
      .string()
      .regex(
        CLUSTER_NAME,
        'must be a configured cluster name (letters, digits, ".", "_", "-")',
      ),
    namespace: z
      .string()
      .max(63)
      .regex(
        DNS1123_LABEL,
        'must be a DNS-1123 label (lowercase letters, digits, -)',
      ),
    release: z
      .string()
      .max(MAX_RELEASE_NAME)
      .regex(
        DNS1123_SUBDOMAIN,
        'must be a Helm release name (lowercase letters, digits, -, .)',
      ),
  })
  .strict();

export const entityRefSchema = z
  .object({
    namespace: z.string().min(1).max(63),
    kind: z.string().min(1).max(63),
    name: z.string().min(1).max(63),
  })
  .strict();

export const clustersQuerySchema = z
  .object({ environment: z.string().min(1).max(63).optional() })
  .strict();

/** A helm revision: helm numbers them from 1. */
const revisionNumber = z
  .number()
  .int('must be a whole number')
  .min(1, 'must be at least 1')
  .max(1_000_000, 'must be at most 1000000');

/** A revision in a query string: digits only (no signs, exponents or spaces), then a number. */
const revisionParam = z
  .string()
  .regex(/^[0-9]{1,7}$/, 'must be a whole number of at least 1, e.g. 3')
  .transform(Number)
  .pipe(revisionNumber);

/** `?from=N&to=M` of the values diff. */
export const valuesDiffQuerySchema = z
  .object({ from: revisionParam, to: revisionParam })
  .strict();

/**
 * `POST /operations`: one operation the scaffolder module performed. Strict (unknown keys,
 * `__proto__` included, are refused); the backend stamps the time.
 */
export const recordOperationBodySchema = installRefSchema
  .extend({
    action: z.enum(['deploy', 'upgrade', 'rollback', 'restart', 'uninstall']),
    actor: z
      .string()
      .max(255)
      .regex(
        /^(unknown|[A-Za-z0-9][A-Za-z0-9_.-]*:[A-Za-z0-9][A-Za-z0-9_.-]*\/[A-Za-z0-9][A-Za-z0-9_.@-]*)$/,
        'must be a user entity ref (kind:namespace/name) or "unknown"',
      ),
    revision: revisionNumber.optional(),
    rolledBackTo: revisionNumber.optional(),
    taskId: z
      .string()
      .max(64)
      .regex(
        /^[A-Za-z0-9][A-Za-z0-9_-]*$/,
        'must be a scaffolder task id (letters, digits, _, -)',
      )
      .optional(),
  })
  .strict()
  .refine(b => b.rolledBackTo === undefined || b.action === 'rollback', {
    path: ['rolledBackTo'],
    message: 'only a rollback has a revision it rolled back to',
  })
  .refine(
    b =>
      b.revision === undefined || !['restart', 'uninstall'].includes(b.action),
    { path: ['revision'], message: 'a restart or uninstall makes no revision' },
  );

/** Parses input or throws an InputError naming each bad field. */
export function parse<T>(
  schema: z.ZodType<T, z.ZodTypeDef, unknown>,
  input: unknown,
  what: string,
): T {
  const result = schema.safeParse(input);
  if (!result.success) {
    const detail = result.error.issues
      .map(i => `${i.path.join('.') || what}: ${i.message}`)
      .join('; ');
    throw new InputError(`Invalid ${what}: ${detail}`);
  }
  return result.data;
}
