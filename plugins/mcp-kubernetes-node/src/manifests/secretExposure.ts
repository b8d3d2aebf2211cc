import { LocatedObject, ManifestFinding } from './types';
import { isRecord, joinPath } from './paths';
import { dig, podSpecLocation } from './podSecurity';

/**
 * Secret values must reach a container through secretKeyRef or a mounted
 * file, never as a literal in `env[].value` or in args, where `kubectl
 * describe`, the API and logs show them. Detected by name, so findings never
 * repeat the value itself.
 */

const SECRET_NAME =
  /(secret|token|passw(or)?d|encryption[-_]?key|private[-_]?key|api[-_]?key|credentials?)/i;
// Variables that carry a path or a reference to a secret, not the secret.
const REFERENCE_SUFFIX = /[-_](file|path|dir|name|ref)$/i;
const SECRET_FLAG = /^--?([\w.-]+)=(.+)$/;

function checkContainer(
  container: Record<string, unknown>,
  path: string,
  located: LocatedObject,
  out: ManifestFinding[],
): void {
  const env = Array.isArray(container.env) ? container.env : [];
  env.forEach((entry, i) => {
    if (!isRecord(entry) || typeof entry.name !== 'string') return;
    const hasLiteral =
      typeof entry.value === 'string' && entry.value.length > 0;
    if (
      hasLiteral &&
      SECRET_NAME.test(entry.name) &&
      !REFERENCE_SUFFIX.test(entry.name)
    ) {
      out.push({
        kind: located.kind,
        name: located.name,
        rule: 'secret-in-pod-spec',
        path: `${joinPath(joinPath(path, 'env'), i)}.value`,
        message: `environment variable ${entry.name} looks secret but has a literal value; use valueFrom.secretKeyRef or a mounted file`,
      });
    }
  });
  for (const list of ['command', 'args'] as const) {
    const items = Array.isArray(container[list]) ? container[list] : [];
    items.forEach((arg, i) => {
      const match = typeof arg === 'string' ? SECRET_FLAG.exec(arg) : null;
      if (
        match &&
        SECRET_NAME.test(match[1]) &&
        !REFERENCE_SUFFIX.test(match[1])
      ) {
        out.push({
          kind: located.kind,
          name: located.name,
          rule: 'secret-in-pod-spec',
          path: joinPath(joinPath(path, list), i),
          message: `flag --${match[1]} passes a secret-looking value on the command line; pass it through a secretKeyRef variable or a mounted file`,
        });
      }
    });
  }
}

/** `secret-in-pod-spec` findings of an object's pod template. */
export function checkSecretExposure(located: LocatedObject): ManifestFinding[] {
  const location = podSpecLocation(located.kind);
  if (!location) return [];
  const spec = dig(located.object, location);
  if (!isRecord(spec)) return [];
  const out: ManifestFinding[] = [];
  for (const list of ['initContainers', 'containers', 'ephemeralContainers']) {
    const items = spec[list];
    if (!Array.isArray(items)) continue;
    items.forEach((c, i) => {
      if (isRecord(c))
        checkContainer(
          c,
          joinPath(joinPath(location.join('.'), list), i),
          located,
          out,
        );
    });
  }
  return out;
}
