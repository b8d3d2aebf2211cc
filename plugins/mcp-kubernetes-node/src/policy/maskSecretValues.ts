import { isSecretKey } from '@mcp-kubernetes/plugin-mcp-kubernetes-common';
import { isPlainObject } from './values';

/**
 * Keys whose whole subtree names things in a secret store, never holds a
 * credential: `mcpKubernetes.oauth.externalSecret.remoteKeys` maps Secret keys
 * such as `google-client-secret` to remote key NAMES, which a user needs to
 * read to fix a store.
 */
const NAMES_ONLY_SUBTREE = 'remoteKeys';
/** What a masked value reads as. */
export const MASKED = '********';

function mask(value: unknown, key: string, masking: boolean): unknown {
  if (Array.isArray(value)) {
    return value.map(v => mask(v, key, masking));
  }
  if (isPlainObject(value)) {
    // Env entries name the credential in `name` and carry it in `value`.
    const envSecret = masking && isSecretKey(value.name);
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      // defineProperty: a `__proto__` key stays a key instead of replacing the prototype.
      Object.defineProperty(out, k, {
        value:
          envSecret && k === 'value' && typeof v === 'string' && v
            ? MASKED
            : mask(v, k, masking && k !== NAMES_ONLY_SUBTREE),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  }
  if (
    masking &&
    typeof value === 'string' &&
    value !== '' &&
    isSecretKey(key)
  ) {
    return MASKED;
  }
  return value;
}

/**
 * A copy of chart values with credential strings masked (keys judged by the
 * shared `isSecretKey`), for answers that echo values (the policy preview).
 * `existingSecret` is a Secret's name and `remoteKeys.*` are remote key names,
 * not credentials: both stay readable.
 *
 * @public
 */
export function maskSecretValues<T>(value: T, key = ''): T {
  return mask(value, key, key !== NAMES_ONLY_SUBTREE) as T;
}
