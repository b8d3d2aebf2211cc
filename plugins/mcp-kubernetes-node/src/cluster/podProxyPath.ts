import { InputError } from '@backstage/errors';
import {
  DNS1123_LABEL,
  DNS1123_SUBDOMAIN,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-common';

/**
 * Builds the API server's pod-proxy path for a probe, so that nothing a pod spec says can
 * make the request leave `/api/v1/namespaces/N/pods/P:PORT/proxy/`. The probe path comes from
 * a readinessProbe, i.e. from whoever may create a Deployment: it is hostile input. URL parsers
 * (ours and the API server's) resolve `..` and `%2e%2e` segments, so such a path would reach
 * any API endpoint with the backend's token (SSRF).
 */

/** IANA service names as Kubernetes allows them for named container ports. */
const PORT_NAME = /^(?=.*[a-z])[a-z0-9]([-a-z0-9]{0,13}[a-z0-9])?$/;
/** Characters a path segment may hold as they are (RFC 3986 pchar without `%`). */
const PATH_CHARS = /^[A-Za-z0-9._~!$&'()*+,;=:@/-]*$/;
/** A query may also hold percent-escapes: it never changes the path. */
const QUERY_CHARS = /^[A-Za-z0-9._~!$&'()*+,;=:@/?%-]*$/;
/** Escapes that turn into a dot, a slash or a backslash once someone decodes them. */
const ENCODED_SEPARATOR = /%(2e|2f|5c)/i;
const MAX_PATH = 2048;
const MAX_DECODE_ROUNDS = 4;

function refuse(path: string, why: string): never {
  throw new InputError(
    `Invalid probe path '${printable(
      path,
    )}': ${why}; it must be an absolute path like /health`,
  );
}

/** The path with control characters shown as escapes, so an error message stays one line. */
function printable(text: string): string {
  return text
    .slice(0, 200)
    .replace(/[^\x20-\x7e]/g, c => `\\u${c.charCodeAt(0).toString(16)}`);
}

/** Decodes until nothing changes; every stage is returned for checking. */
function decodeStages(path: string): string[] {
  const stages = [path];
  let current = path;
  for (let round = 0; round < MAX_DECODE_ROUNDS; round++) {
    let next: string;
    try {
      next = decodeURIComponent(current);
    } catch {
      return refuse(path, 'it holds a malformed percent-escape');
    }
    if (next === current) return stages;
    stages.push(next);
    current = next;
  }
  return refuse(path, 'it is percent-encoded too many times');
}

/**
 * Checks a probe path (and its query) and returns it unchanged, or throws an InputError naming
 * what is wrong. Every decoding stage is checked, so `%2e%2e`, `%252e%252e` and `..%2f` are
 * refused as surely as a literal `..`.
 */
function safeProbePath(path: unknown): string {
  if (typeof path !== 'string' || path === '') {
    return refuse(String(path ?? ''), 'it is empty');
  }
  if (path.length > MAX_PATH) {
    return refuse(path, `it is longer than ${MAX_PATH} characters`);
  }
  if (!path.startsWith('/') || path.startsWith('//')) {
    return refuse(path, 'it is not an absolute path (or is a URL)');
  }
  if (path.includes('#')) {
    return refuse(path, "it holds '#'");
  }
  const q = path.indexOf('?');
  const pathPart = q === -1 ? path : path.slice(0, q);
  const query = q === -1 ? '' : path.slice(q + 1);
  if (!QUERY_CHARS.test(query)) {
    return refuse(path, 'its query holds characters that must be escaped');
  }
  for (const stage of decodeStages(pathPart)) {
    if ([...stage].some(c => c <= ' ' || c > '~')) {
      return refuse(
        path,
        'it holds whitespace, control or non-ASCII characters',
      );
    }
    if (stage.includes('\\')) {
      return refuse(path, 'it holds a backslash');
    }
    if (ENCODED_SEPARATOR.test(stage)) {
      return refuse(path, 'it holds an encoded dot, slash or backslash');
    }
    if (stage.includes('?') || stage.includes('#')) {
      return refuse(path, "it holds an encoded '?' or '#'");
    }
    if (stage.split('/').some(seg => seg === '.' || seg === '..')) {
      return refuse(path, "it holds a '.' or '..' segment");
    }
    if (stage.startsWith('//')) {
      return refuse(path, 'it is not an absolute path (or is a URL)');
    }
  }
  if (!PATH_CHARS.test(pathPart.replace(/%[0-9A-Fa-f]{2}/g, ''))) {
    return refuse(path, 'it holds characters that must be escaped');
  }
  return path;
}

/** A port number (1-65535) or a container port name; anything else is refused. */
function safePort(port: unknown): string {
  if (typeof port === 'number') {
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      throw new InputError(
        `Invalid port ${port}: must be an integer from 1 to 65535`,
      );
    }
    return String(port);
  }
  if (typeof port === 'string' && /^\d{1,5}$/.test(port)) {
    return safePort(Number(port));
  }
  if (typeof port !== 'string' || !PORT_NAME.test(port)) {
    throw new InputError(
      `Invalid port name '${printable(
        String(port),
      )}': must be a container port name (IANA_SVC_NAME) or a number`,
    );
  }
  return port;
}

/** `/api/v1/namespaces/N/pods/P:PORT/proxy` (no trailing slash) for validated names. */
function podProxyPrefix(
  namespace: unknown,
  pod: unknown,
  port: unknown,
): string {
  if (typeof namespace !== 'string' || !DNS1123_LABEL.test(namespace)) {
    throw new InputError(
      `Invalid namespace '${printable(
        String(namespace),
      )}': must be a DNS-1123 label`,
    );
  }
  if (
    typeof pod !== 'string' ||
    pod.length > 253 ||
    !DNS1123_SUBDOMAIN.test(pod)
  ) {
    throw new InputError(
      `Invalid pod name '${printable(
        String(pod),
      )}': must be a DNS-1123 subdomain`,
    );
  }
  return `/api/v1/namespaces/${encodeURIComponent(
    namespace,
  )}/pods/${encodeURIComponent(pod)}:${safePort(port)}/proxy`;
}

/**
 * The full pod-proxy path of a probe. As a last check, the path is resolved the way a URL parser
 * resolves it: if that changes anything, or the result leaves the pod's proxy prefix, it is refused.
 */
export function podProxyPath(req: {
  namespace: unknown;
  pod: unknown;
  port: unknown;
  path: unknown;
}): { path: string; prefix: string } {
  const prefix = podProxyPrefix(req.namespace, req.pod, req.port);
  const probe = safeProbePath(req.path);
  const full = `${prefix}${probe}`;
  const q = full.indexOf('?');
  const pathname = q === -1 ? full : full.slice(0, q);
  if (!staysUnder(pathname, `${prefix}/`)) {
    refuse(probe, 'it would leave the pod proxy');
  }
  return { path: full, prefix: `${prefix}/` };
}

/** True when `pathname` is already normalised (a URL parser leaves it as is) and under `prefix`. */
function staysUnder(pathname: string, prefix: string): boolean {
  const resolved = new URL(pathname, 'http://resolve.invalid').pathname;
  return resolved === pathname && resolved.startsWith(prefix);
}
