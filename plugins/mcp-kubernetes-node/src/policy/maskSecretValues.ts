import { isPlainObject } from './values';

/** Keys whose values are credentials (the chart's inline OAuth fields and the usual suspects). */
const SECRET_KEY = /(secret|token|password|encryptionkey|privatekey|apikey)$/i;
const SECRET_ENV_NAME =
  /(SECRET|TOKEN|PASSWORD|ENCRYPTION_KEY|API_KEY|PRIVATE_KEY)/i;
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
    const envSecret =
      masking &&
      typeof value.name === 'string' &&
      SECRET_ENV_NAME.test(value.name);
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] =
        envSecret && k === 'value' && typeof v === 'string' && v
          ? MASKED
          : mask(v, k, masking && k !== NAMES_ONLY_SUBTREE);
    }
    return out;
  }
  if (
    masking &&
    typeof value === 'string' &&
    value !== '' &&
    SECRET_KEY.test(key) &&
    key !== 'existingSecret'
  ) {
    return MASKED;
  }
  return value;
}

/**
 * A copy of chart values with credential strings masked, for answers that
 * echo values (the policy preview). `existingSecret` is a Secret's name and
 * `remoteKeys.*` are remote key names, not credentials: both stay readable.
 *
 * @public
 */
export function maskSecretValues<T>(value: T, key = ''): T {
  return mask(value, key, key !== NAMES_ONLY_SUBTREE) as T;
}
