import { z } from 'zod';

/**
 * Name patterns shared by every package that accepts or checks a name, so the
 * form, the deploy action and the cluster registry agree on one rule each.
 */

/** DNS-1123 label: namespaces, release names, Kubernetes object names that are labels. @public */
export const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** DNS-1123 subdomain (Secret, store and class names): labels joined by dots, at most 253 characters. @public */
export const DNS1123_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * Cluster names as configured in `kubernetes.clusterLocatorMethods` (and
 * kubeconfig contexts): letters, digits, `.`, `_` and `-`, at most 63
 * characters, starting and ending with a letter or digit.
 *
 * @public
 */
export const CLUSTER_NAME = /^[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?$/;

/** Policy environment names, e.g. `production`. @public */
export const ENVIRONMENT_NAME = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/** Backstage entity names (at most 63 characters). @public */
export const ENTITY_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

/** A full or short entity reference: `[kind:][namespace/]name`. @public */
export const ENTITY_REF =
  /^([A-Za-z0-9-]+:)?([a-z0-9]([-a-z0-9]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

/** RFC 1123 host name (lowercase, at least two labels), e.g. `mcp.example.com`. @public */
export const HOSTNAME =
  /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?(\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)+$/;

/** OCI image tag. @public */
export const IMAGE_TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

/** Helm's limit for release names (objects get suffixes appended). @public */
export const MAX_RELEASE_NAME = 53;

/**
 * Where one install lives, as every API and action accepts it: a configured
 * cluster name, a DNS-1123 namespace and a DNS-1123 release name (≤ 53).
 *
 * @public
 */
export const installRefSchema = z
  .object({
    cluster: z
      .string()
      .max(63)
      .regex(CLUSTER_NAME, 'cluster must be a configured cluster name'),
    namespace: z
      .string()
      .max(63)
      .regex(DNS1123_LABEL, 'namespace must be a DNS-1123 label'),
    release: z
      .string()
      .max(MAX_RELEASE_NAME)
      .regex(DNS1123_LABEL, 'release must be a DNS-1123 label'),
  })
  .strict();
