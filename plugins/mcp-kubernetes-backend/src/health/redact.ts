import { redactSecrets } from '@mcp-kubernetes/plugin-mcp-kubernetes-common';

/**
 * Makes a health-endpoint body safe to show: a pod's /health answer is untrusted text and a
 * misconfigured server may echo tokens. The shared redactor cuts to the cap before it scans, so
 * the work per pod is bounded by `maxChars` whatever the pod sends.
 */
export function bodyExcerpt(body: string, maxChars: number): string {
  // Whitespace runs shrink when collapsed; a window of a few times the cap is plenty.
  const windowChars = maxChars * 4 + 16;
  const window = body.length > windowChars ? body.slice(0, windowChars) : body;
  const clean = window.replace(/\s+/g, ' ').trim();
  const excerpt = redactSecrets(clean, maxChars);
  return window.length < body.length && !excerpt.endsWith('…')
    ? `${excerpt}…`
    : excerpt;
}
