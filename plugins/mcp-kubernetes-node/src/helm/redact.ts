import { KubeConfig } from '@kubernetes/client-node';
import {
  isSecretKey,
  REDACTED,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-common';

/** Shorter strings are too likely to match unrelated text to be worth redacting (and hiding). */
const MIN_SECRET_LENGTH = 4;

function collect(
  value: unknown,
  key: string,
  out: Set<string>,
  underEnvSecret = false,
): void {
  if (typeof value === 'string') {
    if (
      (isSecretKey(key) || underEnvSecret) &&
      value.length >= MIN_SECRET_LENGTH
    ) {
      out.add(value);
    }
    return;
  }
  if (Array.isArray(value)) {
    value.forEach(v => collect(v, key, out, underEnvSecret));
    return;
  }
  if (value && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    // Env entries name the secret in `name` and carry it in `value`.
    const envSecret = isSecretKey(obj.name);
    for (const [k, v] of Object.entries(obj)) {
      collect(v, k, out, envSecret && k === 'value');
    }
  }
}

/**
 * Masks known secret strings (and their base64 forms, as rendered Secrets
 * carry them) in text that goes to logs and error messages.
 *
 * @public
 */
export class Redactor {
  private readonly secrets: string[];

  static fromValues(values: unknown, kubeConfig?: KubeConfig): Redactor {
    const found = new Set<string>();
    collect(values, '', found);
    for (const user of kubeConfig?.users ?? []) {
      for (const s of [
        user.token,
        user.password,
        user.keyData,
        user.certData,
      ]) {
        if (s && s.length >= MIN_SECRET_LENGTH) {
          found.add(s);
        }
      }
    }
    return new Redactor([...found]);
  }

  constructor(secrets: string[]) {
    const all = new Set<string>();
    for (const s of secrets) {
      all.add(s);
      all.add(Buffer.from(s, 'utf8').toString('base64'));
    }
    // Longest first so a secret containing another is masked whole.
    this.secrets = [...all].sort((a, b) => b.length - a.length);
  }

  redact(text: string): string {
    let out = text;
    for (const s of this.secrets) {
      if (out.includes(s)) {
        out = out.split(s).join(REDACTED);
      }
    }
    return out;
  }
}
