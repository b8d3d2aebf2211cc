/** Small helpers to read and merge chart values (plain JSON objects). */

/** True for a plain object (not an array, not null). */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Reads a dotted path (`mcpKubernetes.oauth.enabled`); array indexes as `[0]` are not needed here. */
export function getPath(values: unknown, path: string): unknown {
  let cur: unknown = values;
  for (const key of path.split('.')) {
    if (!isPlainObject(cur)) {
      return undefined;
    }
    cur = cur[key];
  }
  return cur;
}

/**
 * Deep merge where `over` wins. Objects merge key by key; arrays and scalars
 * replace, as Helm does with `-f` files. Inputs are never mutated.
 */
export function deepMerge(
  base: Record<string, unknown>,
  over: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const prev = out[key];
    out[key] =
      isPlainObject(prev) && isPlainObject(value)
        ? deepMerge(prev, value)
        : cloneJson(value);
  }
  return out;
}

function cloneJson<T>(v: T): T {
  if (Array.isArray(v)) {
    return v.map(cloneJson) as unknown as T;
  }
  if (isPlainObject(v)) {
    return deepMerge({}, v) as T;
  }
  return v;
}

/** True when a value is a non-empty string after trimming. */
export function isNonEmptyString(v: unknown): v is string {
  return typeof v === 'string' && v.trim() !== '';
}

/** Helm treats these as "on"; the chart uses plain booleans but `--set` users type strings. */
export function isTruthy(v: unknown): boolean {
  return v === true || v === 'true';
}
