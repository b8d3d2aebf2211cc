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
    cur = Object.prototype.hasOwnProperty.call(cur, key) ? cur[key] : undefined;
  }
  return cur;
}

/** Keys that would reach an object's prototype instead of holding a value. */
export const FORBIDDEN_VALUE_KEYS: ReadonlySet<string> = new Set([
  '__proto__',
  'constructor',
  'prototype',
]);

/**
 * Where the first forbidden key sits in a JSON-like value, as a dotted path
 * with `[i]` indexes (`mcpKubernetes.__proto__`), or undefined when none.
 */
export function findForbiddenKey(
  value: unknown,
  path = '',
): string | undefined {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findForbiddenKey(value[i], `${path}[${i}]`);
      if (found) return found;
    }
    return undefined;
  }
  if (isPlainObject(value)) {
    // A reader that assigned a "__proto__" key (e.g. Backstage's ConfigReader) left a foreign prototype.
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
      return path ? `${path}.__proto__` : '__proto__';
    }
    for (const key of Object.keys(value)) {
      const here = path ? `${path}.${key}` : key;
      if (FORBIDDEN_VALUE_KEYS.has(key)) return here;
      const found = findForbiddenKey(value[key], here);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * Deep merge where `over` wins. Objects merge key by key; arrays and scalars
 * replace, as Helm does with `-f` files. Inputs are never mutated. Keys go in
 * with `defineProperty`, so even a `__proto__` key stays a plain key instead of
 * replacing the result's prototype (callers refuse such keys first; this is the
 * second line).
 */
export function deepMerge(
  base: Record<string, unknown>,
  over: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const put = (key: string, value: unknown) =>
    Object.defineProperty(out, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  for (const key of Object.keys(base)) put(key, base[key]);
  for (const key of Object.keys(over)) {
    const value = over[key];
    const prev = Object.prototype.hasOwnProperty.call(out, key)
      ? out[key]
      : undefined;
    put(
      key,
      isPlainObject(prev) && isPlainObject(value)
        ? deepMerge(prev, value)
        : cloneJson(value),
    );
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
