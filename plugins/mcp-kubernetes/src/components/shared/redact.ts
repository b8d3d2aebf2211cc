/**
 * Defence in depth: the backend redacts secret-shaped text from health body excerpts and
 * error messages, but the card must never be the place a leaked token becomes visible, so
 * anything free-form from a pod is redacted again before it is rendered.
 */

const REDACTED = '[redacted]';

const PATTERNS: RegExp[] = [
  // key=value / "key": "value" pairs whose key names a credential (value may carry a scheme).
  /((?:["']?)[\w.-]*(?:password|passwd|secret|token|api[_-]?key|apikey|private[_-]?key|credential|auth|cookie|session)[\w.-]*["']?\s*[:=]\s*)((?:Bearer|Basic)\s+[^\s,;&}]+|"[^"]*"|'[^']*'|[^\s,;&}]+)/gi,
  // Authorization schemes.
  /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi,
  // JWTs.
  /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g,
  // PEM blocks.
  /-----BEGIN [A-Z ]+-----[\s\S]*?(-----END [A-Z ]+-----|$)/g,
  // Long opaque strings (base64 / hex keys) of 32+ characters.
  /\b[A-Za-z0-9+/_-]{32,}={0,2}/g,
];

/** Replaces secret-shaped substrings with `[redacted]`. */
export function redactSecretShaped(text: string): string {
  let out = text;
  out = out.replace(PATTERNS[0], (_m, key: string) => `${key}${REDACTED}`);
  out = out.replace(
    PATTERNS[1],
    (_m, scheme: string) => `${scheme} ${REDACTED}`,
  );
  for (const pattern of PATTERNS.slice(2)) {
    out = out.replace(pattern, REDACTED);
  }
  return out;
}
