import {
  CLUSTER_NAME,
  DNS1123_LABEL,
  MAX_RELEASE_NAME,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-common';
import { z } from 'zod';

/**
 * Inputs of the day-2 actions: where the install lives, with the same name
 * patterns as the deploy answers, in strict schemas (unknown keys refused).
 * The handler parses again: a template can pass anything.
 */

const LABEL_HINT =
  "a DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit";

/** cluster, namespace and releaseName of one install. */
export const releaseTargetShape = {
  cluster: z
    .string({ required_error: 'cluster is required' })
    .max(63, 'cluster must be at most 63 characters')
    .regex(
      CLUSTER_NAME,
      "cluster must be a configured cluster name (letters, digits, '.', '_' and '-')",
    )
    .describe('Cluster name as configured in the backend'),
  namespace: z
    .string({ required_error: 'namespace is required' })
    .max(63, 'namespace must be at most 63 characters')
    .regex(DNS1123_LABEL, `namespace must be ${LABEL_HINT}`)
    .describe('Namespace of the release'),
  releaseName: z
    .string({ required_error: 'releaseName is required' })
    .max(
      MAX_RELEASE_NAME,
      `releaseName must be at most ${MAX_RELEASE_NAME} characters`,
    )
    .regex(DNS1123_LABEL, `releaseName must be ${LABEL_HINT}`)
    .describe('Helm release name'),
};

/** helm --timeout for the operation: seconds, 30 to 3600. */
export const timeoutField = z
  .number({ invalid_type_error: 'timeout must be a number of seconds' })
  .int('timeout must be whole seconds')
  .min(30, 'timeout must be at least 30 seconds')
  .max(3600, 'timeout must be at most 3600 seconds')
  .optional()
  .describe('helm --timeout in seconds (default: the configured helm timeout)');
