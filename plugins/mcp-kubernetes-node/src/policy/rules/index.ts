import { PolicyRuleId } from '../types';
import {
  baseUrlHttps,
  existingSecretRequired,
  ingressTlsRequired,
  noInlineCredentials,
  noPublicRegistration,
} from './credentials';
import { clusterAllowed, namespaceAllowed } from './placement';
import { PolicyRule } from './types';
import {
  autoscalingBounds,
  limitCeilings,
  networkPolicyEnabled,
  pinnedTag,
  registryAllowed,
  replicaBounds,
  requestsAndLimits,
  serviceAccountSettings,
  rbacSettings,
  rbacReadOnly,
} from './workload';
import { noNetworkPolicyWidening } from './network';

/** Every rule by id; the `Record` type makes a missing implementation a compile error. */
export const POLICY_RULES: Record<PolicyRuleId, PolicyRule> = {
  'placement.cluster-allowed': clusterAllowed,
  'placement.namespace-allowed': namespaceAllowed,
  'oauth.existing-secret-required': existingSecretRequired,
  'secrets.no-inline-credentials': noInlineCredentials,
  'ingress.tls-required': ingressTlsRequired,
  'oauth.base-url-https': baseUrlHttps,
  'oauth.no-public-registration': noPublicRegistration,
  'resources.requests-and-limits': requestsAndLimits,
  'resources.limit-ceilings': limitCeilings,
  'network-policy.enabled': networkPolicyEnabled,
  'network-policy.no-widening': noNetworkPolicyWidening,
  'image.pinned-tag': pinnedTag,
  'image.registry-allowed': registryAllowed,
  'replicas.bounds': replicaBounds,
  'autoscaling.bounds': autoscalingBounds,
  'service-account.settings': serviceAccountSettings,
  'rbac.settings': rbacSettings,
  'rbac.read-only': rbacReadOnly,
};

export type { RuleContext, PolicyRule } from './types';
export { isExplicitClusterName, matchesAny } from './placement';
export { INLINE_CREDENTIAL_KEYS } from './credentials';
