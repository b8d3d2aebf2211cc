import { InputError } from '@backstage/errors';
import { kubeGet, readBody } from './kubeHttp';
import type {
  ClusterRegistry,
  PodProxy,
  PodProxyRequest,
  PodProxyResponse,
} from './types';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** IANA service names as Kubernetes allows them for named container ports. */
const PORT_NAME = /^(?=.*[a-z])[a-z0-9]([-a-z0-9]{0,13}[a-z0-9])?$/;

/**
 * GETs through the API server's pod proxy. Only a port (number or name) and an absolute path
 * go into the URL, both validated, so a caller cannot point the request elsewhere; redirects
 * are reported, never followed (SSRF through followed redirects: CVE-2026-24048).
 *
 * @public
 */
export class DefaultPodProxy implements PodProxy {
  static create(options: { registry: ClusterRegistry }): DefaultPodProxy {
    return new DefaultPodProxy(options.registry);
  }

  private constructor(private readonly registry: ClusterRegistry) {}

  async get(req: PodProxyRequest): Promise<PodProxyResponse> {
    const kc = this.registry.getKubeConfig(req.cluster);
    const path = `/api/v1/namespaces/${req.namespace}/pods/${req.pod}:${portOf(
      req.port,
    )}/proxy${pathOf(req.path)}`;
    if (!DNS1123_LABEL.test(req.namespace)) {
      throw new InputError(
        `Invalid namespace '${req.namespace}': must be a DNS-1123 label`,
      );
    }
    if (!DNS1123_SUBDOMAIN.test(req.pod)) {
      throw new InputError(
        `Invalid pod name '${req.pod}': must be a DNS-1123 subdomain`,
      );
    }
    const where = `pod ${req.namespace}/${req.pod} port ${req.port}${req.path}`;
    const abort = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      abort.abort();
    }, req.timeoutMs);
    const started = performance.now();
    try {
      const res = await kubeGet(kc, {
        path,
        accept: 'application/json, */*',
        signal: abort.signal,
      });
      const status = res.statusCode ?? 0;
      const raw = await readBody(res, Math.max(req.maxBytes, 4096));
      const apiError = apiServerStatus(status, raw);
      if (apiError) {
        // The API server's own answer, not the pod's: forbidden, pod gone, no podIP,
        // connection refused. Turn it into a sentence.
        throw new Error(proxyErrorMessage(status, apiError, where));
      }
      const body = Buffer.from(raw, 'utf8')
        .subarray(0, req.maxBytes)
        .toString('utf8');
      return {
        status,
        body,
        latencyMs: Math.round(performance.now() - started),
      };
    } catch (e) {
      if (timedOut) {
        throw new Error(
          `${where}: no answer within ${req.timeoutMs} ms (timeout)`,
        );
      }
      const code = (e as NodeJS.ErrnoException).code;
      if (
        code === 'ECONNREFUSED' ||
        code === 'ECONNRESET' ||
        code === 'ENOTFOUND'
      ) {
        throw new Error(
          `${where}: cannot reach the API server of cluster ${req.cluster} (${code})`,
        );
      }
      throw e;
    } finally {
      clearTimeout(timer);
    }
  }
}

function portOf(port: number | string): string {
  if (typeof port === 'number') {
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      throw new InputError(
        `Invalid port ${port}: must be an integer from 1 to 65535`,
      );
    }
    return String(port);
  }
  if (/^\d+$/.test(port)) return portOf(Number(port));
  if (!PORT_NAME.test(port)) {
    throw new InputError(
      `Invalid port name '${port}': must be a container port name (IANA_SVC_NAME)`,
    );
  }
  return port;
}

function pathOf(path: string): string {
  // Absolute path only, no scheme/host, no dot segments, no backslashes or control characters.
  if (
    !path.startsWith('/') ||
    path.startsWith('//') ||
    [...path].some(c => c <= ' ' || c === '\\') ||
    path.split(/[/?#]/).some(seg => seg === '..' || seg === '.')
  ) {
    throw new InputError(
      `Invalid probe path '${path}': must be an absolute path like /health`,
    );
  }
  return path;
}

/**
 * The message of an error the API server itself answered (a v1 `Status` with the same code);
 * undefined for a pod's own answer, which is passed through whatever its status.
 */
function apiServerStatus(status: number, body: string): string | undefined {
  if (status < 400) return undefined;
  try {
    const parsed = JSON.parse(body);
    if (
      parsed?.kind === 'Status' &&
      parsed?.apiVersion === 'v1' &&
      parsed?.code === status
    ) {
      return String(parsed.message ?? parsed.reason ?? `HTTP ${status}`);
    }
  } catch {
    // not JSON: the pod's answer
  }
  return undefined;
}

function proxyErrorMessage(
  status: number,
  message: string,
  where: string,
): string {
  if (status === 403)
    return `${where}: forbidden (the backend's ServiceAccount needs get on pods/proxy): ${message}`;
  if (status === 401)
    return `${where}: unauthorized (the cluster rejected the backend's credentials)`;
  if (/connection refused/.test(message))
    return `${where}: connection refused (nothing listens on that port)`;
  if (/address not allowed/.test(message))
    return `${where}: the pod has no IP yet (not scheduled or not started)`;
  if (status === 404) return `${where}: pod not found`;
  return message;
}
