/**
 * The one rule for "this key holds a credential" and the one redactor for free-form text
 * (health bodies, error and ESO messages), shared by backend, node library and browser.
 * Isomorphic: no Node imports.
 *
 * Every pass is linear in the input: maximal runs are scanned once, and each regex starts at a
 * literal or a run start (lookbehind) and has no nested or overlapping quantifiers, so hostile
 * text (4 KiB of `key` repeated, thousands of `-----BEGIN `) costs microseconds, not seconds.
 */

/** What a redacted value reads as. @public */
export const REDACTED = '[redacted]';

/** Default cap of `redactSecrets`: text is cut to this many characters before it is scanned. @public */
export const REDACT_MAX_CHARS = 4096;

/** Words that make a key a credential wherever they appear in it (after normalising). */
const SECRET_WORDS = [
  'secret',
  'token',
  'password',
  'passwd',
  'passphrase',
  'credential',
  'apikey',
  'privatekey',
  'encryptionkey',
  'accesskey',
  'clientkey',
  'signingkey',
  'authorization',
  'cookie',
  'sessionid',
];

/**
 * Endings of keys that describe a credential without holding it: a Secret's name or reference,
 * a file or mount path, an endpoint, a lifetime, a switch.
 */
const DESCRIBES_ONLY = [
  'existingsecret',
  'pullsecret',
  'pullsecrets',
  'name',
  'names',
  'ref',
  'refs',
  'file',
  'files',
  'path',
  'dir',
  'url',
  'uri',
  'endpoint',
  'type',
  'kind',
  'ttl',
  'expiry',
  'expiresin',
  'expiresat',
  'lifetime',
  'seconds',
  'timeout',
  'length',
  'enabled',
  'header',
  'version',
  'count',
];

/** Only a key's end matters for a verdict; longer "keys" are text, not names. */
const MAX_KEY = 128;

/**
 * True when a key (a YAML/JSON key, an env var name, a header or query parameter name) names a
 * credential: `googleClientSecret`, `registrationToken`, `encryptionKey`, `API_TOKEN`,
 * `client_secret`, `x-api-key`, `Authorization`. Keys that only describe one stay readable:
 * `existingSecret`, `tlsSecretName`, `secretStoreRef`, `token_endpoint`, `credentialsMountPath`.
 *
 * @public
 */
export function isSecretKey(key: unknown): boolean {
  if (typeof key !== 'string' || key === '') return false;
  const tail = key.length > MAX_KEY ? key.slice(-MAX_KEY) : key;
  const norm = tail.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (!SECRET_WORDS.some(w => norm.includes(w))) return false;
  return !DESCRIBES_ONLY.some(e => norm.endsWith(e));
}

// ---- the text redactor ----

const PEM_BEGIN = '-----BEGIN ';
const PEM_END = '-----END ';
/** A key-ish run: letters, digits, `_`, `.`, `-` (maximal, so each character is visited once). */
const KEY_RUN = /[A-Za-z0-9_.-]+/g;
/** Characters that end an unquoted value. */
const VALUE_END = /[\s,;&}\]"'<>]/;
const SCHEME_VALUE = /^(?:Bearer|Basic|Token|Digest)\s/i;
/** Case-sensitive on purpose: "basic authentication is off" is prose, not a credential. */
const AUTH_SCHEME =
  /(?<![A-Za-z0-9])(Bearer|bearer|BEARER|Basic|BASIC)[ \t]+[A-Za-z0-9._~+/=-]{8,}/g;
const JWT =
  /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g;
const URL_CREDENTIALS =
  /(?<![A-Za-z0-9+.-])([A-Za-z][A-Za-z0-9+.-]{0,31}:\/\/)[^/\s:@]{1,256}:[^/\s@]{1,1024}@/g;
// Long unbroken base64/hex-ish runs are far more likely keys than prose.
const LONG_OPAQUE = /(?<![A-Za-z0-9+/_=-])[A-Za-z0-9+/_=-]{32,}/g;
/** Characters of a token a cut may have split. */
const TOKEN_CHAR = /[A-Za-z0-9+/_=.~-]/;

function isBlank(c: string | undefined): boolean {
  return c === ' ' || c === '\t';
}

/** PEM blocks, found with indexOf; a block without its END line runs to the end of the text. */
function redactPem(text: string): string {
  let at = text.indexOf(PEM_BEGIN);
  if (at === -1) return text;
  let out = '';
  let from = 0;
  while (at !== -1) {
    out += text.slice(from, at) + REDACTED;
    const end = text.indexOf(PEM_END, at + PEM_BEGIN.length);
    if (end === -1) return out;
    const close = text.indexOf('-----', end + PEM_END.length);
    from = close === -1 ? text.length : close + 5;
    at = text.indexOf(PEM_BEGIN, from);
  }
  return out + text.slice(from);
}

/** End of a value starting at `i`: a quoted string (to its closing quote or the end), a scheme and its token, or a bare word. */
function valueEnd(text: string, i: number): number {
  const q = text[i];
  if (q === '"' || q === "'") {
    for (let j = i + 1; j < text.length; j++) {
      if (text[j] === '\\') j++;
      else if (text[j] === q) return j + 1;
    }
    // Unterminated (e.g. cut by the size cap): the rest may be the secret.
    return text.length;
  }
  let j = i;
  const scheme = SCHEME_VALUE.exec(text.slice(i, i + 8));
  if (scheme) {
    j = i + scheme[0].length;
    while (isBlank(text[j])) j++;
  }
  while (j < text.length && !VALUE_END.test(text[j])) j++;
  return j;
}

const PLAIN_LITERALS = new Set(['null', 'true', 'false', '{', '[']);

/** `key: value`, `"key": "value"`, `key=value` where the key names a credential. */
function redactKeyValues(text: string): string {
  let out = '';
  let from = 0;
  KEY_RUN.lastIndex = 0;
  for (let m = KEY_RUN.exec(text); m; m = KEY_RUN.exec(text)) {
    let i = m.index + m[0].length;
    if (text[i] === '"' || text[i] === "'") i++;
    while (isBlank(text[i])) i++;
    if (text[i] !== ':' && text[i] !== '=') continue;
    i++;
    while (isBlank(text[i])) i++;
    if (i >= text.length || !isSecretKey(m[0])) continue;
    const end = valueEnd(text, i);
    const value = text.slice(i, end);
    if (end === i || PLAIN_LITERALS.has(value) || value.startsWith('{')) {
      continue;
    }
    out += text.slice(from, i) + REDACTED;
    from = end;
    KEY_RUN.lastIndex = end;
  }
  return from === 0 ? text : out + text.slice(from);
}

/**
 * Cuts first (so the work is bounded by `maxChars`), dropping a token the cut split in two so no
 * unrecognisable half of a secret survives; the result ends with `…` when something was cut.
 */
function cut(text: string, maxChars: number): { text: string; cut: boolean } {
  if (text.length <= maxChars) return { text, cut: false };
  let end = maxChars;
  if (TOKEN_CHAR.test(text[end] ?? '')) {
    while (end > 0 && TOKEN_CHAR.test(text[end - 1])) end--;
  }
  return { text: text.slice(0, end), cut: true };
}

/**
 * Cuts text to `maxChars` (default 4096), then replaces secret-shaped parts with `[redacted]`:
 * PEM blocks, values of credential keys (see `isSecretKey`), `Bearer`/`Basic` tokens, JWTs,
 * passwords in URLs and long opaque (base64/hex) runs. Linear in `maxChars`; the result is at
 * most `maxChars` characters plus the `…`.
 *
 * @public
 */
export function redactSecrets(
  text: string,
  maxChars: number = REDACT_MAX_CHARS,
): string {
  const input = cut(typeof text === 'string' ? text : String(text), maxChars);
  let out = redactPem(input.text);
  out = redactKeyValues(out);
  out = out
    .replace(JWT, REDACTED)
    .replace(AUTH_SCHEME, (_m, scheme: string) => `${scheme} ${REDACTED}`)
    .replace(URL_CREDENTIALS, (_m, scheme: string) => `${scheme}${REDACTED}@`)
    .replace(LONG_OPAQUE, REDACTED);
  // Markers may have made it longer than the cap; cutting redacted text exposes nothing.
  if (out.length > maxChars) return `${out.slice(0, maxChars)}…`;
  return input.cut ? `${out}…` : out;
}
