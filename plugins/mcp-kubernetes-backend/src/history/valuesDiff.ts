import {
  isSecretKey,
  redactSecrets,
  ValuesDiffEntry,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-common';

/** What a masked value reads as in a diff. */
const MASKED = '***';
/** Longer value texts are cut: the card shows a line, not a document. */
const MAX_VALUE_CHARS = 1024;
/** Keys that read well after a dot; anything else is quoted (a key may hold dots or worse). */
const PLAIN_KEY = /^[A-Za-z0-9_-]+$/;

interface Leaf {
  /** JSON text of the value. */
  text: string;
  /** The path names a credential (by the shared key rule, or an env entry's secret value). */
  credentialPath: boolean;
}

function childPath(parent: string, key: string): string {
  if (PLAIN_KEY.test(key)) return parent ? `${parent}.${key}` : key;
  return `${parent}[${JSON.stringify(key)}]`;
}

/**
 * Flattens helm values to dotted paths (`a.b`, `list[0].c`, `["odd.key"]`). A path is a
 * credential when any key on it names one (`isSecretKey`: `googleClientSecret`,
 * `registrationToken`, `encryptionKey`; `existingSecret` is a name and stays readable), or it
 * is the `value` of an env-style entry whose `name` names one (`{name: API_TOKEN, value}`).
 */
export function flattenValues(values: unknown): Map<string, Leaf> {
  const out = new Map<string, Leaf>();
  const walk = (value: unknown, path: string, credential: boolean) => {
    if (Array.isArray(value)) {
      if (value.length === 0) {
        out.set(path, { text: '[]', credentialPath: credential });
        return;
      }
      value.forEach((v, i) => walk(v, `${path}[${i}]`, credential));
      return;
    }
    if (value !== null && typeof value === 'object') {
      const obj = value as Record<string, unknown>;
      const entries = Object.entries(obj);
      if (entries.length === 0 && path) {
        out.set(path, { text: '{}', credentialPath: credential });
        return;
      }
      const envSecret = isSecretKey(obj.name);
      for (const [key, child] of entries) {
        walk(
          child,
          childPath(path, key),
          credential || isSecretKey(key) || (envSecret && key === 'value'),
        );
      }
      return;
    }
    out.set(path, {
      text: JSON.stringify(value) ?? 'null',
      credentialPath: credential,
    });
  };
  walk(values, '', false);
  return out;
}

/** True when the shared redactor would hide part of the text (a token, key, PEM, URL password...). */
function looksSecret(text: string): boolean {
  return redactSecrets(text, text.length + 1) !== text;
}

function shown(text: string): string {
  return text.length > MAX_VALUE_CHARS
    ? `${text.slice(0, MAX_VALUE_CHARS)}…`
    : text;
}

function changeOf(a?: Leaf, b?: Leaf): ValuesDiffEntry['change'] {
  if (!a) return 'added';
  return b ? 'changed' : 'removed';
}

/**
 * The changed paths between two revisions' values, sorted by path. A credential path, or a
 * value the redactor considers secret-looking on either side, shows `***` on both sides with
 * `masked: true`: the card can say a credential changed without ever receiving it. A path
 * that itself looks secret (a hostile key) is shown redacted.
 */
export function diffValues(from: unknown, to: unknown): ValuesDiffEntry[] {
  const before = flattenValues(from);
  const after = flattenValues(to);
  const paths = [...new Set([...before.keys(), ...after.keys()])].sort();
  const entries: ValuesDiffEntry[] = [];
  for (const path of paths) {
    const a = before.get(path);
    const b = after.get(path);
    if (a && b && a.text === b.text) continue;
    const change = changeOf(a, b);
    const safePath = redactSecrets(path, path.length + 1);
    const masked =
      safePath !== path ||
      Boolean(a?.credentialPath || b?.credentialPath) ||
      (a !== undefined && looksSecret(a.text)) ||
      (b !== undefined && looksSecret(b.text));
    const show = (leaf?: Leaf) =>
      leaf ? { text: masked ? MASKED : shown(leaf.text) } : undefined;
    const fromText = show(a);
    const toText = show(b);
    entries.push({
      path: safePath,
      change,
      ...(fromText ? { from: fromText.text } : {}),
      ...(toText ? { to: toText.text } : {}),
      ...(masked ? { masked: true } : {}),
    });
  }
  return entries;
}
