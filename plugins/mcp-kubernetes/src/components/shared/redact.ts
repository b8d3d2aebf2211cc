import { redactSecrets } from '@mcp-kubernetes/plugin-mcp-kubernetes-common';

/**
 * Defence in depth: the backend redacts secret-shaped text from health body excerpts and
 * error messages, but the card must never be the place a leaked token becomes visible, so
 * anything free-form from a pod is redacted again before it is rendered, with the same shared
 * redactor (linear time, cut to its cap first) the backend uses.
 */
export function redactSecretShaped(text: string): string {
  return redactSecrets(text);
}
