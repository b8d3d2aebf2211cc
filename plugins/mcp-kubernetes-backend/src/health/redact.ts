/**
 * Makes a health-endpoint body safe to show: cuts it to a size and hides anything that looks like
 * a credential. A pod's /health answer is untrusted text; a misconfigured server may echo tokens.
 */
const SECRET_KEY_VALUE =
  /("?[\w.-]*(?:secret|token|password|passwd|key|credential|authorization|cookie|session)[\w.-]*"?\s*[:=]\s*)("[^"]*"|'[^']*'|[^\s,;}&]+)/gi;
const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi;
const JWT = /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g;
const PEM = /-----BEGIN [A-Z ]+-----[\s\S]*?(-----END [A-Z ]+-----|$)/g;
const URL_CREDENTIALS = /(\w+:\/\/)[^/\s:@]+:[^/\s@]+@/g;
// Long unbroken base64/hex-ish runs are far more likely keys than prose.
const LONG_OPAQUE = /\b[A-Za-z0-9+/_=-]{32,}\b/g;

export const REDACTED = '[redacted]';

export function redactSecrets(text: string): string {
  return text
    .replace(PEM, REDACTED)
    .replace(JWT, REDACTED)
    .replace(BEARER, `$1 ${REDACTED}`)
    .replace(URL_CREDENTIALS, `$1${REDACTED}@`)
    .replace(SECRET_KEY_VALUE, (_m, prefix: string, value: string) => {
      const quote = value[0] === '"' || value[0] === "'" ? value[0] : '';
      return `${prefix}${quote}${REDACTED}${quote}`;
    })
    .replace(LONG_OPAQUE, REDACTED);
}

/** Redacts first (so a cut cannot split a secret into an unrecognisable half), then caps. */
export function bodyExcerpt(body: string, maxChars: number): string {
  const clean = redactSecrets(body).replace(/\s+/g, ' ').trim();
  return clean.length > maxChars ? `${clean.slice(0, maxChars)}…` : clean;
}
