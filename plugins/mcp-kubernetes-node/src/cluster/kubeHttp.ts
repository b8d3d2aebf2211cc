import http, { IncomingMessage } from 'node:http';
import https from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';
import { InputError } from '@backstage/errors';

/**
 * Raw GETs to a cluster's API server with the credentials of its KubeConfig.
 * We need what client-node's typed clients and `Watch` cannot give: our own Accept header
 * (PartialObjectMetadata), streamed watch bodies, byte caps, and never following redirects
 * (node:http does not follow them; nothing here does).
 */

export interface KubeGetOptions {
  path: string;
  query?: Record<string, string | undefined>;
  accept?: string;
  signal?: AbortSignal;
  /**
   * The request must stay under this path (below the server's own base path) once the URL is
   * parsed; a path that a URL parser would resolve elsewhere (`%2e%2e`) is refused unsent.
   */
  pathPrefix?: string;
}

/** An API-server answer that was not 2xx, with the Status message when there is one. */
export class KubeHttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly reason: string | undefined,
    message: string,
  ) {
    super(message);
    this.name = 'KubeHttpError';
  }
}

/** Opens a GET and resolves with the response as soon as its headers arrive. */
export async function kubeGet(
  kc: KubeConfig,
  options: KubeGetOptions,
): Promise<IncomingMessage> {
  const cluster = kc.getCurrentCluster();
  if (!cluster) {
    throw new Error('KubeConfig has no current cluster');
  }
  const base = cluster.server.replace(/\/+$/, '');
  const url = new URL(base + options.path);
  if (options.pathPrefix !== undefined) {
    // The URL parser resolves dot segments (also `%2e%2e`): what it sends must be what we asked.
    const basePath = new URL(base).pathname.replace(/\/+$/, '');
    const asked = basePath + options.path.split('?')[0];
    if (
      url.pathname !== asked ||
      !url.pathname.startsWith(basePath + options.pathPrefix)
    ) {
      throw new InputError(
        `Refusing a request that would leave ${options.pathPrefix} once resolved`,
      );
    }
  }
  for (const [k, v] of Object.entries(options.query ?? {})) {
    if (v !== undefined) url.searchParams.set(k, v);
  }
  const opts: https.RequestOptions = {};
  await kc.applyToHTTPSOptions(opts);
  const headers: http.OutgoingHttpHeaders = {
    ...(opts.headers as http.OutgoingHttpHeaders),
    Accept: options.accept ?? 'application/json',
    'User-Agent': 'mcp-kubernetes-backstage',
  };
  if (opts.auth) {
    headers.Authorization = `Basic ${Buffer.from(opts.auth).toString(
      'base64',
    )}`;
  }
  const transport = url.protocol === 'https:' ? https : http;
  return new Promise<IncomingMessage>((resolve, reject) => {
    const req = transport.request(url, {
      method: 'GET',
      agent: opts.agent,
      headers,
      signal: options.signal,
    });
    req.on('response', resolve);
    req.on('error', reject);
    req.end();
  });
}

/** Reads a whole body, cut after `maxBytes` (the rest is discarded, the socket closed). */
export async function readBody(
  res: IncomingMessage,
  maxBytes = 64 * 1024 * 1024,
): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res) {
    const buf = chunk as Buffer;
    const room = maxBytes - size;
    chunks.push(room < buf.length ? buf.subarray(0, room) : buf);
    size += Math.min(room, buf.length);
    if (size >= maxBytes) {
      res.destroy();
      break;
    }
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Turns a non-2xx answer into a KubeHttpError carrying the Status message. */
export async function errorFromResponse(
  res: IncomingMessage,
  what: string,
): Promise<KubeHttpError> {
  const text = await readBody(res, 16 * 1024).catch(() => '');
  let message = text.trim().slice(0, 300);
  let reason: string | undefined;
  try {
    const status = JSON.parse(text);
    if (status?.kind === 'Status') {
      message = status.message ?? message;
      reason = status.reason;
    }
  } catch {
    // Not JSON (e.g. "404 page not found"): keep the text.
  }
  const code = res.statusCode ?? 0;
  return new KubeHttpError(
    code,
    reason,
    `${what}: HTTP ${code}${reason ? ` ${reason}` : ''}: ${message}`,
  );
}

/** GET and parse JSON, throwing KubeHttpError for non-2xx answers. */
export async function kubeGetJson<T>(
  kc: KubeConfig,
  options: KubeGetOptions,
  what: string,
): Promise<T> {
  const res = await kubeGet(kc, options);
  if ((res.statusCode ?? 0) < 200 || (res.statusCode ?? 0) >= 300) {
    throw await errorFromResponse(res, what);
  }
  return JSON.parse(await readBody(res)) as T;
}
