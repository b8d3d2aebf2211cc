import { InputError } from '@backstage/errors';
import { FORBIDDEN_KEYS } from '@mcp-kubernetes/plugin-mcp-kubernetes-common';

/**
 * Shape checks on free-form chart values before the JSON schema: limits that
 * keep a hostile document from costing the backend (size, depth), keys only
 * the chart could mean (ASCII; `--set`-style dotted paths and look-alike
 * letters are refused with a hint; `__proto__`, `constructor`, `prototype`
 * anywhere), and a fresh plain copy as the result: the policy then judges,
 * and helm receives, exactly that copy.
 *
 * Objects are recognised by their tag, not by `Object.prototype` identity:
 * the scaffolder's templating hands over objects made in another realm.
 */

export const MAX_VALUES_BYTES = 64 * 1024;
const MAX_DEPTH = 16;
const MAX_STRING = 8 * 1024;
/** Chart keys, label/annotation keys (`app.kubernetes.io/name`) and env names. */
const KEY = /^[A-Za-z0-9_][A-Za-z0-9_./-]{0,252}$/;
/** Keys under which maps of labels/annotations are expected (dots and slashes are normal there). */
const MAP_PARENTS =
  /(labels|annotations|nodeSelector|matchLabels|podAnnotations|podLabels)$/i;

/** Control characters other than tab, newline and carriage return. */
function hasControlCharacters(text: string): boolean {
  return [...text].some(ch => {
    const code = ch.charCodeAt(0);
    return code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d;
  });
}

function fail(path: string, message: string): never {
  throw new InputError(`values${path ? `.${path}` : ''}: ${message}`);
}

/**
 * A plain data object from any realm: tagged `[object Object]`, with a
 * prototype that is null or itself has a null prototype (some realm's
 * `Object.prototype`). Class instances, Maps, Dates and proxies of those fail.
 */
export function isPlainObject(
  value: unknown,
): value is Record<string, unknown> {
  if (
    typeof value !== 'object' ||
    value === null ||
    Object.prototype.toString.call(value) !== '[object Object]'
  ) {
    return false;
  }
  const proto = Object.getPrototypeOf(value);
  return proto === null || Object.getPrototypeOf(proto) === null;
}

function copy(
  value: unknown,
  path: string,
  depth: number,
  parentKey: string,
): unknown {
  if (depth > MAX_DEPTH) {
    fail(path, `nested deeper than ${MAX_DEPTH} levels`);
  }
  if (typeof value === 'string') {
    if (value.length > MAX_STRING) {
      fail(path, `string longer than ${MAX_STRING} characters`);
    }
    if (hasControlCharacters(value)) {
      fail(path, 'contains control characters');
    }
    return value;
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) {
      fail(path, 'is not a finite number');
    }
    return value;
  }
  if (value === null || typeof value === 'boolean') {
    return value;
  }
  if (Array.isArray(value)) {
    return value.map((v, i) => copy(v, `${path}[${i}]`, depth + 1, parentKey));
  }
  if (!isPlainObject(value)) {
    fail(
      path,
      'must be plain JSON (objects, lists, strings, numbers, booleans)',
    );
  }
  const out: Record<string, unknown> = {};
  // Own keys only, whatever their enumerability: a hidden key is refused, not skipped.
  for (const key of Reflect.ownKeys(value)) {
    if (typeof key !== 'string') {
      fail(path, 'has a symbol key; chart values are plain JSON');
    }
    const childPath = path ? `${path}.${key}` : key;
    if (FORBIDDEN_KEYS.has(key)) {
      fail(
        childPath,
        `key "${key}" is not allowed (it would reach the object's prototype, not the chart)`,
      );
    }
    if (!KEY.test(key)) {
      fail(
        childPath,
        [...key].some(ch => ch.charCodeAt(0) > 0x7f)
          ? 'key contains non-ASCII characters (look-alike letters?); chart keys are plain ASCII'
          : 'key is not a valid chart values key',
      );
    }
    if (key.includes('.') && !MAP_PARENTS.test(parentKey)) {
      fail(
        childPath,
        `key looks like a --set path; write nested objects instead (e.g. { ${
          key.split('.')[0]
        }: { ... } })`,
      );
    }
    const descriptor = Object.getOwnPropertyDescriptor(value, key)!;
    if (!('value' in descriptor)) {
      fail(childPath, 'is a getter/setter; chart values are plain JSON');
    }
    out[key] = copy(descriptor.value, childPath, depth + 1, key);
  }
  return out;
}

/**
 * Checks free-form values and returns a plain same-realm copy of them, or
 * throws an InputError naming the first bad place.
 */
export function guardValues(values: unknown): Record<string, unknown> {
  if (!isPlainObject(values)) {
    fail('', 'must be an object of chart values (not a string or list)');
  }
  // Shape first (cheap per node, refuses cycles by depth), then size.
  const clean = copy(values, '', 0, '') as Record<string, unknown>;
  const size = Buffer.byteLength(JSON.stringify(clean), 'utf8');
  if (size > MAX_VALUES_BYTES) {
    fail('', `are ${size} bytes; the limit is ${MAX_VALUES_BYTES} bytes`);
  }
  return clean;
}
