import http, { IncomingMessage, ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { discovery } from './discovery';
import { LabelSelectorParseError, parseLabelSelector } from './labelSelector';
import { ObjectStore } from './objectStore';
import {
  parseResourcePath,
  ParsedPath,
  ResourceType,
  typeForKind,
} from './resources';
import {
  failureStatus,
  watchListForbidden,
  forbidden,
  notFound,
  unauthorized,
} from './statusBodies';
import type {
  FakeFailure,
  FakeKubeApiServer,
  FakeKubeApiServerOptions,
  FakePodProxyAnswer,
  FakePodProxyRequest,
  FakeRequestLogEntry,
  KubeObject,
} from './types';
import { OpenWatch, serveWatch } from './watchStream';
import {
  handleCreate,
  handleDelete,
  handlePatch,
  handleUpdate,
} from './writes';
import {
  decodeContinue,
  encodeContinue,
  listBody,
  negotiate,
  sendJson,
  sendPageNotFound,
  sendText,
} from './wire';
import { answerPodProxy, probeAnswer } from './podProxy';
import { BodyDecodeError, decodeBody } from './bodies';
import { openApiV3 } from './openapi';
import { FakeTlsMaterial, makeFakeTls } from './selfSignedTls';
import { FakeControllerOptions, FakeControllers } from './fakeControllers';

/** Extra knobs beyond the shared interface. @public */
export interface FakeKubeApiServerExtraOptions
  extends FakeKubeApiServerOptions {
  /** Other bearer tokens, mapped to user names that have no RBAC rights (answers 403). */
  unprivilegedTokens?: Record<string, string>;
  /** Interval of BOOKMARK events on watches that allow them (default 60 s, 0 = never). */
  bookmarkIntervalMs?: number;
  /** Events kept for watch resumption before older resourceVersions get 410 (default 5000). */
  maxHistory?: number;
  /**
   * Serve https with a CA made at start (`true`) or given material, like a real API server;
   * clients such as helm only send the bearer token over TLS. Default: plain http.
   */
  tls?: boolean | FakeTlsMaterial;
  /**
   * Play controllers and kubelet for Deployments (ReplicaSet, Pods Ready with a podIP, rolled-out
   * status) and answer controller-made pods' readiness probe path through the pod proxy with 200
   * and a small JSON body when no pod proxy handler is set. Default: off (tests set state).
   */
  controllers?: boolean | FakeControllerOptions;
}

class FakeKubeApiServerImpl implements FakeKubeApiServer {
  readonly token: string;
  readonly requests: FakeRequestLogEntry[] = [];
  url = '';
  private readonly store: ObjectStore;
  readonly caPem: string | undefined;
  private readonly server: http.Server | https.Server;
  private readonly sockets = new Set<Socket>();
  private readonly watches = new Set<OpenWatch>();
  private failure: FakeFailure | undefined;
  private proxyHandler:
    | ((req: FakePodProxyRequest) => FakePodProxyAnswer)
    | undefined;
  private esoVersions: Array<'v1' | 'v1beta1'> = ['v1'];
  private readonly controllers: FakeControllers | undefined;

  constructor(private readonly options: FakeKubeApiServerExtraOptions) {
    this.token = options.token ?? 'fake-admin-token';
    this.store = new ObjectStore({ maxHistory: options.maxHistory });
    if (options.controllers) {
      this.controllers = new FakeControllers(
        this.store,
        options.controllers === true ? {} : options.controllers,
      );
    }
    const tls = options.tls === true ? makeFakeTls() : options.tls || undefined;
    this.caPem = tls?.caPem;
    const handler = (req: IncomingMessage, res: ServerResponse) => {
      this.handle(req, res).catch(e => {
        if (!res.headersSent)
          sendJson(
            res,
            500,
            failureStatus(500, `Internal error occurred: ${e}`),
          );
        else res.destroy();
      });
    };
    this.server = tls
      ? https.createServer({ key: tls.keyPem, cert: tls.certPem }, handler)
      : http.createServer(handler);
    this.server.on('connection', (s: Socket) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
  }

  listen(port: number, host: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        const addr = this.server.address() as AddressInfo;
        this.url = `${this.caPem ? 'https' : 'http'}://${host}:${addr.port}`;
        resolve();
      });
    });
  }

  kubeconfigYaml(contextName = 'fake'): string {
    return [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      `- name: ${contextName}`,
      '  cluster:',
      `    server: ${this.url}`,
      this.caPem
        ? `    certificate-authority-data: ${Buffer.from(this.caPem).toString(
            'base64',
          )}`
        : '    insecure-skip-tls-verify: true',
      'users:',
      `- name: ${contextName}`,
      '  user:',
      `    token: ${this.token}`,
      'contexts:',
      `- name: ${contextName}`,
      '  context:',
      `    cluster: ${contextName}`,
      `    user: ${contextName}`,
      `current-context: ${contextName}`,
      '',
    ].join('\n');
  }

  upsert(obj: KubeObject): KubeObject {
    // Seeded state stays as seeded: the fake's controllers react to API writes only.
    const put = () =>
      this.store.put(typeForKind(obj.apiVersion, obj.kind), obj);
    return this.controllers ? this.controllers.quietly(put) : put();
  }

  get(
    apiVersion: string,
    kind: string,
    namespace: string | undefined,
    name: string,
  ) {
    return this.store.get(typeForKind(apiVersion, kind), namespace, name);
  }

  remove(
    apiVersion: string,
    kind: string,
    namespace: string | undefined,
    name: string,
  ): void {
    this.store.delete(typeForKind(apiVersion, kind), namespace, name);
  }

  patchStatus(
    apiVersion: string,
    kind: string,
    namespace: string | undefined,
    name: string,
    status: Record<string, unknown>,
  ): KubeObject {
    const type = typeForKind(apiVersion, kind);
    const current = this.store.get(type, namespace, name);
    if (!current) {
      throw new Error(
        `patchStatus: ${kind} ${namespace}/${name} does not exist in the fake`,
      );
    }
    return this.store.put(type, {
      ...current,
      status: { ...((current.status as object) ?? {}), ...status },
    });
  }

  setPodProxyHandler(
    handler: ((req: FakePodProxyRequest) => FakePodProxyAnswer) | undefined,
  ) {
    this.proxyHandler = handler;
  }

  setExternalSecretsVersions(versions: Array<'v1' | 'v1beta1'>): void {
    this.esoVersions = [...versions];
  }

  injectFailure(failure: FakeFailure | undefined): void {
    this.failure = failure;
    if (!failure) return;
    const hit = [...this.watches].filter(w => matchesPrefix(failure, w.path));
    if (failure.kind === 'close-watches') {
      hit.forEach(w => w.end());
      this.failure = undefined;
    } else if (failure.kind === 'down') {
      hit.forEach(w => w.destroy());
    } else if (failure.kind === 'status') {
      hit.forEach(w => w.end());
    }
  }

  compactHistory(): void {
    this.store.compact();
  }

  sendBookmarks(): void {
    this.watches.forEach(w => w.bookmark());
  }

  openWatches(): number {
    return this.watches.size;
  }

  async close(): Promise<void> {
    this.controllers?.stop();
    this.watches.forEach(w => w.destroy());
    this.sockets.forEach(s => s.destroy());
    await new Promise<void>(resolve => this.server.close(() => resolve()));
  }

  private async handle(
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const path = url.pathname;
    this.requests.push({
      method: req.method ?? 'GET',
      path,
      query: url.search.replace(/^\?/, ''),
      accept: req.headers.accept,
    });
    const failure =
      this.failure && matchesPrefix(this.failure, path)
        ? this.failure
        : undefined;
    if (failure?.kind === 'down') {
      req.socket.destroy();
      return undefined;
    }
    if (failure?.kind === 'delay') {
      await new Promise(r => setTimeout(r, failure.delayMs ?? 1000));
    }
    const user = this.authenticate(req.headers.authorization);
    if (user === undefined) {
      return sendJson(res, 401, unauthorized());
    }
    const parsed = parseResourcePath(path, r => this.isServed(r));
    if (!parsed) {
      if (failure?.kind === 'status')
        return this.sendInjected(
          res,
          failure.status ?? 500,
          user,
          req,
          undefined,
        );
      const openapi = path.startsWith('/openapi/v3')
        ? openApiV3(path, r => this.isServed(r))
        : undefined;
      if (openapi !== undefined) return sendText(res, 200, openapi);
      const doc = discovery(path, this.esoVersions);
      if (doc === undefined || doc === 'not-found')
        return sendPageNotFound(res);
      return sendJson(res, 200, JSON.parse(doc.body), {
        indent: path === '/version',
      });
    }
    if (failure?.kind === 'status') {
      return this.sendInjected(res, failure.status ?? 500, user, req, parsed);
    }
    if (user !== 'admin') {
      return sendJson(
        res,
        403,
        forbidden({ ...this.describe(req, url, parsed), user }),
        {
          nosniff: true,
          indent: !!req.headers.accept?.includes('as=PartialObjectMetadata'),
        },
      );
    }
    const method = req.method ?? 'GET';
    if (parsed.subresource === 'proxy') {
      return answerPodProxy(
        res,
        this.store,
        parsed,
        this.proxyHandler ??
          (this.controllers ? ask => probeAnswer(this.store, ask) : undefined),
      );
    }
    if (method === 'GET') return this.read(req, res, url, parsed);
    let body: unknown;
    try {
      body = decodeBody(
        await readBody(req),
        req.headers['content-type'] ?? '',
        parsed.type,
      );
    } catch (e) {
      if (e instanceof BodyDecodeError)
        return sendJson(
          res,
          e.code,
          failureStatus(e.code, e.message, e.reason),
        );
      throw e;
    }
    if (method === 'POST')
      return handleCreate(res, this.store, parsed, body as KubeObject);
    if (!parsed.name)
      return sendJson(
        res,
        405,
        failureStatus(
          405,
          'the server does not allow this method on the requested resource',
          'MethodNotAllowed',
        ),
      );
    if (method === 'PUT')
      return handleUpdate(res, this.store, parsed, body as KubeObject);
    if (method === 'PATCH')
      return handlePatch(
        res,
        this.store,
        parsed,
        req.headers['content-type'] ?? '',
        body,
        url.searchParams,
      );
    if (method === 'DELETE') return handleDelete(res, this.store, parsed);
    return sendJson(
      res,
      405,
      failureStatus(
        405,
        'the server does not allow this method on the requested resource',
        'MethodNotAllowed',
      ),
    );
  }

  private read(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    parsed: ParsedPath,
  ): void {
    const { type } = parsed;
    const q = url.searchParams;
    const watch = q.get('watch') === '1' || q.get('watch') === 'true';
    const shape = parsed.name || watch ? 'object' : 'list';
    const representation = negotiate(req.headers.accept, shape);
    if (representation === 'not-acceptable') {
      return sendJson(
        res,
        406,
        failureStatus(
          406,
          'only the following media types are accepted: application/json, application/yaml, application/vnd.kubernetes.protobuf',
          'NotAcceptable',
        ),
        { indent: true },
      );
    }
    if (parsed.name) {
      const obj = this.store.get(type, parsed.namespace, parsed.name);
      if (!obj)
        return sendJson(
          res,
          404,
          notFound(type.plural, type.group, parsed.name),
        );
      if (representation === 'partial') {
        return sendJson(res, 200, {
          kind: 'PartialObjectMetadata',
          apiVersion: 'meta.k8s.io/v1',
          metadata: obj.metadata,
        });
      }
      return sendJson(res, 200, obj);
    }
    let selector;
    try {
      selector = parseLabelSelector(q.get('labelSelector'));
    } catch (e) {
      if (e instanceof LabelSelectorParseError)
        return sendJson(res, 400, failureStatus(400, e.message, 'BadRequest'));
      throw e;
    }
    if (watch && q.get('sendInitialEvents') !== null) {
      // v1.28 without the WatchList feature gate; clients fall back to list + watch.
      return sendJson(res, 422, watchListForbidden(), { indent: true });
    }
    if (watch) {
      serveWatch(
        res,
        this.store,
        {
          type,
          namespace: parsed.namespace,
          selector,
          representation,
          resourceVersion: q.get('resourceVersion') ?? undefined,
          allowBookmarks: q.get('allowWatchBookmarks') === 'true',
          timeoutSeconds: q.has('timeoutSeconds')
            ? Number(q.get('timeoutSeconds'))
            : undefined,
          bookmarkIntervalMs: this.options.bookmarkIntervalMs ?? 60_000,
          path: url.pathname,
        },
        {
          onOpen: w => this.watches.add(w),
          onClose: w => this.watches.delete(w),
        },
      );
      return undefined;
    }
    let items = this.store
      .list(type, parsed.namespace)
      .filter(o => selector.matches(o.metadata.labels));
    const token = q.get('continue');
    if (token) {
      const cont = decodeContinue(token);
      if (!cont)
        return sendJson(
          res,
          400,
          failureStatus(
            400,
            'continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)',
            'BadRequest',
          ),
        );
      items = items.filter(
        o => `${o.metadata.namespace ?? ''}/${o.metadata.name}` >= cont.start,
      );
    }
    const limit = Number(q.get('limit') ?? 0);
    let next: { continue?: string; remainingItemCount?: number } | undefined;
    if (limit > 0 && items.length > limit) {
      const last = items[limit - 1];
      next = {
        continue: encodeContinue(
          this.store.resourceVersion,
          `${last.metadata.namespace ?? ''}/${last.metadata.name}`,
        ),
      };
      // The apiserver only counts the rest when no selector filters it.
      if (!q.get('labelSelector'))
        next.remainingItemCount = items.length - limit;
      items = items.slice(0, limit);
    }
    return sendJson(
      res,
      200,
      listBody(type, items, this.store.resourceVersion, representation, next),
    );
  }

  /** undefined = bad token (401); 'admin' = full rights; anything else = a user without RBAC. */
  private authenticate(header: string | undefined): string | undefined {
    if (!header) return 'system:anonymous';
    const token = /^Bearer (.+)$/i.exec(header)?.[1];
    if (token === this.token) return 'admin';
    return token ? this.options.unprivilegedTokens?.[token] : undefined;
  }

  private isServed(r: ResourceType): boolean {
    return (
      r.group !== 'external-secrets.io' ||
      this.esoVersions.includes(r.version as 'v1')
    );
  }

  private describe(req: IncomingMessage, url: URL, parsed: ParsedPath) {
    const method = req.method ?? 'GET';
    const watch =
      url.searchParams.get('watch') === '1' ||
      url.searchParams.get('watch') === 'true';
    const verbs: Record<string, string> = {
      POST: 'create',
      PUT: 'update',
      PATCH: 'patch',
      DELETE: 'delete',
    };
    let verb = verbs[method] ?? 'list';
    if (method === 'GET' && watch) verb = 'watch';
    else if (method === 'GET' && parsed.name) verb = 'get';
    return {
      verb,
      plural: parsed.type.plural,
      subresource: parsed.subresource,
      group: parsed.type.group,
      namespace: parsed.namespace,
      name: parsed.name,
    };
  }

  private sendInjected(
    res: ServerResponse,
    code: number,
    user: string,
    req: IncomingMessage,
    parsed?: ParsedPath,
  ) {
    const url = new URL(req.url ?? '/', 'http://fake');
    if (code === 403 && parsed) {
      // An injected 403 is what the backend's own ServiceAccount would get without RBAC.
      const subject =
        user === 'admin' ? 'system:serviceaccount:backstage:backstage' : user;
      return sendJson(
        res,
        403,
        forbidden({ ...this.describe(req, url, parsed), user: subject }),
        { nosniff: true },
      );
    }
    if (code === 401) return sendJson(res, 401, unauthorized());
    if (code === 404 && parsed?.name)
      return sendJson(
        res,
        404,
        notFound(parsed.type.plural, parsed.type.group, parsed.name),
      );
    const messages: Record<number, string> = {
      429: 'Too many requests, please try again later.',
      500: 'Internal error occurred: injected failure',
      503: 'the server is currently unable to handle the request',
      504: 'Timeout: request did not complete within the allotted timeout',
    };
    return sendJson(
      res,
      code,
      failureStatus(code, messages[code] ?? `injected failure ${code}`),
    );
  }
}

function matchesPrefix(failure: FakeFailure, path: string): boolean {
  return !failure.pathPrefix || path.startsWith(failure.pathPrefix);
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/**
 * Starts an in-process HTTP server that answers like kube-apiserver v1.28 (see the recordings
 * in `__fixtures__/kube-api`). For tests only.
 *
 * @public
 */
export async function startFakeKubeApiServer(
  options?: FakeKubeApiServerExtraOptions,
): Promise<FakeKubeApiServer> {
  const fake = new FakeKubeApiServerImpl(options ?? {});
  await fake.listen(options?.port ?? 0, options?.host ?? '127.0.0.1');
  return fake;
}
