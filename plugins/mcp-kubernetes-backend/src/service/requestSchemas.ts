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
