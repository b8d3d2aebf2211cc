import { kubeGet, readBody } from './kubeHttp';
import { podProxyPath } from './podProxyPath';
import type {
  ClusterRegistry,
  PodProxy,
  PodProxyRequest,
  PodProxyResponse,
} from './types';

/**
 * GETs through the API server's pod proxy. Only a port (number or name) and an absolute path
 * go into the URL, both validated after decoding (see podProxyPath), and the parsed URL is
 * checked to still be under the pod's proxy prefix, so a pod spec cannot point the request at
 * another API path; redirects are reported, never followed (SSRF through followed redirects:
 * CVE-2026-24048).
 *
 * @public
 */
export class DefaultPodProxy implements PodProxy {
  static create(options: { registry: ClusterRegistry }): DefaultPodProxy {
    return new DefaultPodProxy(options.registry);
  }

  private constructor(private readonly registry: ClusterRegistry) {}

  async get(req: PodProxyRequest): Promise<PodProxyResponse> {
    // Validates namespace, pod, port and path before anything else (they come from pod specs).
    const { path, prefix } = podProxyPath(req);
    const kc = this.registry.getKubeConfig(req.cluster);
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
        pathPrefix: prefix,
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
