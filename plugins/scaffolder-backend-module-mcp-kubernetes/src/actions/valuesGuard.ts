import { InputError } from '@backstage/errors';

/**
 * Shape checks on chart values before the JSON schema: limits that keep a
 * hostile document from costing the backend (size, depth) and keys only the
 * chart could mean (ASCII; `--set`-style dotted paths and look-alike
 * letters are refused with a hint).
 */

export const MAX_VALUES_BYTES = 64 * 1024;
const MAX_DEPTH = 16;
const MAX_STRING = 8 * 1024;
/** Chart keys, label/annotation keys (`app.kubernetes.io/name`) and env names. */
const KEY = /^[A-Za-z0-9_][A-Za-z0-9_.\/-]{0,252}$/;
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

function walk(
  value: unknown,
  path: string,
  depth: number,
  parentKey: string,
): void {
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
    return;
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) {
      fail(path, 'is not a finite number');
    }
    return;
  }
  if (value === null || typeof value === 'boolean') {
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((v, i) => walk(v, `${path}[${i}]`, depth + 1, parentKey));
    return;
  }
  if (
    typeof value !== 'object' ||
    Object.getPrototypeOf(value) !== Object.prototype
  ) {
    fail(
      path,
      'must be plain JSON (objects, lists, strings, numbers, booleans)',
    );
  }
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    const childPath = path ? `${path}.${key}` : key;
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
    walk(child, childPath, depth + 1, key);
  }
}

/** Throws an InputError naming the first bad place in the values. */
export function guardValues(values: Record<string, unknown>): void {
  let size: number;
  try {
    size = Buffer.byteLength(JSON.stringify(values), 'utf8');
  } catch {
    fail('', 'must be plain JSON (no cycles)');
  }
  if (size > MAX_VALUES_BYTES) {
    fail('', `are ${size} bytes; the limit is ${MAX_VALUES_BYTES} bytes`);
  }
  walk(values, '', 0, '');
}
