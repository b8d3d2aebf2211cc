export * from './types';
export { DefaultPolicyEngine } from './DefaultPolicyEngine';
export type { DefaultPolicyEngineOptions } from './DefaultPolicyEngine';
export { readPolicyConfig, PolicyConfigError } from './readPolicyConfig';
export { defaultEnvironmentPolicies } from './defaultPolicy';
export { policyEngineServiceRef } from './policyEngineServiceRef';
export { parseQuantity } from './quantity';
export { maskSecretValues } from './maskSecretValues';
