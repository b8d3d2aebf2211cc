import { isPlainObject } from './values';

/** Keys whose values are credentials (the chart's inline OAuth fields and the usual suspects). */
const SECRET_KEY = /(secret|token|password|encryptionkey|privatekey|apikey)$/i;
const SECRET_ENV_NAME =
  /(SECRET|TOKEN|PASSWORD|ENCRYPTION_KEY|API_KEY|PRIVATE_KEY)/i;
/** What a masked value reads as. */
export const MASKED = '********';

/**
 * A copy of chart values with credential strings masked, for answers that
 * echo values (the policy preview). `existingSecret` is a Secret's name, not a
 * credential, and stays readable.
 *
 * @public
 */
export function maskSecretValues<T>(value: T, key = ''): T {
  if (Array.isArray(value)) {
    return value.map(v => maskSecretValues(v, key)) as unknown as T;
  }
  if (isPlainObject(value)) {
    const envSecret =
      typeof value.name === 'string' && SECRET_ENV_NAME.test(value.name);
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] =
        envSecret && k === 'value' && typeof v === 'string' && v
          ? MASKED
          : maskSecretValues(v, k);
    }
    return out as T;
  }
  if (
    typeof value === 'string' &&
    value !== '' &&
    SECRET_KEY.test(key) &&
    key !== 'existingSecret'
  ) {
    return MASKED as unknown as T;
  }
  return value;
}
