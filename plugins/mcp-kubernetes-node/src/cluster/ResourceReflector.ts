import { createInterface } from 'node:readline';
import type { KubeConfig } from '@kubernetes/client-node';
import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  errorFromResponse,
  kubeGet,
  KubeHttpError,
  readBody,
} from './kubeHttp';

/** Timings of list+watch; all overridable for tests. @public */
export interface ReflectorTimings {
  /** Relist when a watch delivered nothing (not even a BOOKMARK) for this long. */
  stallTimeoutMs: number;
  /** Server-side watch timeout; the watch is then resumed from the last resourceVersion. */
  watchTimeoutSeconds: number;
  backoffInitialMs: number;
  backoffMaxMs: number;
  /**
   * A watch that ends sooner than this without a single change event was not worth its
   * request: the next one waits for the backoff (a load balancer closing watches at once, an
   * API server refusing them) instead of reopening in a tight loop.
   */
  minHealthyWatchMs: number;
  /** How often to look again for an absent or forbidden optional API (ESO). */
  absentRecheckMs: number;
  pageSize: number;
  /** A list page (or a watch's response headers) must arrive within this time. */
  requestTimeoutMs: number;
}

export interface ReflectorOptions<T = unknown> {
  kc: KubeConfig;
  /** For logs and errors, e.g. `pods`. */
  resource: string;
  /**
   * Collection paths to try in order (e.g. ESO v1 then v1beta1). A 404 on every path means
   * the API is absent; only allowed when `optional`.
   */
  paths: string[];
  optional?: boolean;
  labelSelector?: string;
  /** Accept headers for list and watch (PartialObjectMetadata for Secrets). */
  accept?: { list: string; watch: string };
  /**
   * Applied to every listed item and watched object before it is kept (Secrets: metadata only,
   * whatever the server answered).
   */
  project?: (item: T) => T;
  timings: ReflectorTimings;
  logger: LoggerService;
  onChange: () => void;
}

interface KubeItem {
  metadata?: { name?: string; namespace?: string; resourceVersion?: string };
}

/** What the reflector knows about its API: which path serves it, or why none does. */
export type ReflectorApiState =
  | { path: string }
  | 'absent'
  | 'forbidden'
  | 'unknown';

class WatchExpired extends Error {}
class WatchStalled extends Error {}

/**
 * Keeps an in-memory copy of one resource collection with list+watch, like client-go's
 * reflector but supervised: a watch that errors, closes or stalls is restarted, a 410 Gone
 * relists, failures back off exponentially and mark the data stale with the error.
 */
export class ResourceReflector<T extends KubeItem> {
  readonly items = new Map<string, T>();
  apiState: ReflectorApiState = 'unknown';
  /** A list completed and the watch after it is running (or the optional API is absent). */
  connected = false;
  everSynced = false;
  lastContactAt?: number;
  staleSince?: number;
  lastError?: { message: string; at: number };
  private resourceVersion?: string;
  private stopped = false;
  private abort?: AbortController;
  private wake?: () => void;
  private loop?: Promise<void>;
  private attemptListeners: Array<() => void> = [];
  /** Change events of the current watch, and when it opened (for the backoff decision). */
  private watchEvents = 0;
  private watchOpenedAt = 0;

  constructor(private readonly options: ReflectorOptions<T>) {}

  start(): void {
    if (!this.loop) {
      this.loop = this.run();
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.abort?.abort();
    this.wake?.();
    await this.loop;
  }

  /** Resolves after the next list attempt ends, successful or not. */
  nextAttempt(): Promise<void> {
    return new Promise(resolve => this.attemptListeners.push(resolve));
  }

  private async run(): Promise<void> {
    const t = this.options.timings;
    let backoff = t.backoffInitialMs;
    while (!this.stopped) {
      let watching = false;
      try {
        if (this.resourceVersion === undefined) {
          const found = await this.relist();
          this.notifyAttempt();
          if (!found) {
            await this.sleep(t.absentRecheckMs);
            continue;
          }
        }
        // A successful list does not reset the backoff: only a watch that proved useful does,
        // so "list works, watch is forbidden" backs off instead of relisting every second.
        watching = true;
        await this.watchOnce();
        if (this.watchWasUseful()) {
          backoff = t.backoffInitialMs;
        } else {
          if (backoff === t.backoffInitialMs) {
            this.options.logger.warn(
              `Watch of ${this.options.resource} closed at once without events; backing off before the next one`,
            );
          }
          await this.sleep(jitter(backoff));
          backoff = Math.min(backoff * 2, t.backoffMaxMs);
        }
      } catch (e) {
        if (this.stopped) break;
        if (e instanceof WatchExpired) {
          this.options.logger.info(
            `Watch of ${this.options.resource} expired (410 Gone); relisting`,
          );
          this.resourceVersion = undefined;
          if (!this.watchWasUseful()) {
            await this.sleep(jitter(backoff));
            backoff = Math.min(backoff * 2, t.backoffMaxMs);
          }
          continue;
        }
        if (e instanceof WatchStalled) {
          this.options.logger.warn(e.message);
          this.resourceVersion = undefined;
          continue;
        }
        // A watch that ran well before it broke starts the backoff over.
        if (watching && this.watchWasUseful()) backoff = t.backoffInitialMs;
        this.fail(e as Error);
        this.notifyAttempt();
        await this.sleep(jitter(backoff));
        backoff = Math.min(backoff * 2, t.backoffMaxMs);
      }
    }
    this.connected = false;
  }

  /** Lists every page; false when an optional API is absent or forbidden (a state, not an error). */
  private async relist(): Promise<boolean> {
    const { kc, paths, optional, labelSelector, accept, timings } =
      this.options;
    for (const path of paths) {
      const items = new Map<string, T>();
      let continueToken: string | undefined;
      let rv: string | undefined;
      let missing = false;
      do {
        const pageToken = continueToken;
        const page = await this.timed(
          `list ${this.options.resource}`,
          async signal => {
            const res = await kubeGet(kc, {
              path,
              query: {
                labelSelector,
                limit: String(timings.pageSize),
                continue: pageToken,
              },
              accept: accept?.list,
              signal,
            });
            const code = res.statusCode ?? 0;
            if (optional && (code === 404 || code === 403)) {
              return {
                code,
                error: await errorFromResponse(
                  res,
                  `list ${this.options.resource}`,
                ),
              };
            }
            if (code !== 200) {
              throw await errorFromResponse(
                res,
                `list ${this.options.resource}`,
              );
            }
            return { code, body: await readBody(res) };
          },
        );
        if (page.code === 404) {
          missing = true;
          break;
        }
        if (page.code === 403) {
          this.setOptionalState('forbidden', page.error);
          return false;
        }
        const list = JSON.parse(page.body!) as {
          metadata?: { resourceVersion?: string; continue?: string };
          items?: T[];
        };
        for (const item of list.items ?? []) {
          items.set(keyOf(item), this.options.project?.(item) ?? item);
        }
        rv = list.metadata?.resourceVersion;
        continueToken = list.metadata?.continue || undefined;
      } while (continueToken);
      if (missing) continue;
      this.items.clear();
      items.forEach((v, k) => this.items.set(k, v));
      this.resourceVersion = rv ?? '0';
      this.apiState = { path };
      this.markHealthy();
      this.options.onChange();
      return true;
    }
    this.setOptionalState('absent');
    return false;
  }

  private setOptionalState(state: 'absent' | 'forbidden', error?: Error) {
    if (this.apiState !== state) {
      this.options.logger.info(
        `${this.options.resource}: API ${state}${
          error ? ` (${error.message})` : ''
        }; checking again later`,
      );
    }
    this.apiState = state;
    this.items.clear();
    this.resourceVersion = undefined;
    // A missing or forbidden optional API is a known state of the cluster, not a broken link.
    this.markHealthy();
    this.options.onChange();
  }

  /** The last watch delivered a change, or stayed open long enough to count as healthy. */
  private watchWasUseful(): boolean {
    return (
      this.watchEvents > 0 ||
      Date.now() - this.watchOpenedAt >= this.options.timings.minHealthyWatchMs
    );
  }

  private async watchOnce(): Promise<void> {
    const { kc, labelSelector, accept, timings } = this.options;
    const path = (this.apiState as { path: string }).path;
    this.watchEvents = 0;
    this.watchOpenedAt = Date.now();
    const abort = new AbortController();
    this.abort = abort;
    const headerTimer = setTimeout(
      () => abort.abort(),
      timings.requestTimeoutMs,
    );
    const res = await kubeGet(kc, {
      path,
      query: {
        watch: '1',
        labelSelector,
        resourceVersion: this.resourceVersion,
        allowWatchBookmarks: 'true',
        timeoutSeconds: String(
          Math.round(timings.watchTimeoutSeconds * (1 + Math.random() * 0.2)),
        ),
      },
      accept: accept?.watch,
      signal: abort.signal,
    })
      .catch(e => {
        throw abort.signal.aborted && !this.stopped
          ? new Error(
              `watch ${this.options.resource}: no answer within ${timings.requestTimeoutMs} ms`,
            )
          : e;
      })
      .finally(() => clearTimeout(headerTimer));
    if (res.statusCode === 410) {
      res.resume();
      throw new WatchExpired();
    }
    if (res.statusCode !== 200) {
      throw await errorFromResponse(res, `watch ${this.options.resource}`);
    }
    this.markHealthy();
    this.options.onChange();
    let stalled = false;
    let expired = false;
    let timer = setTimeout(() => undefined, 0);
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        stalled = true;
        abort.abort();
      }, timings.stallTimeoutMs);
    };
    arm();
    try {
      const lines = createInterface({ input: res, crlfDelay: Infinity });
      for await (const line of lines) {
        arm();
        this.lastContactAt = Date.now();
        if (!line.trim()) continue;
        const event = JSON.parse(line) as {
          type: string;
          object: T & { code?: number };
        };
        if (event.type === 'ERROR') {
          if (event.object?.code === 410) {
            expired = true;
            break;
          }
          throw new KubeHttpError(
            event.object?.code ?? 500,
            undefined,
            `watch ${this.options.resource}: ${
              (event.object as { message?: string }).message ?? 'error event'
            }`,
          );
        }
        this.apply(event.type, event.object);
      }
    } catch (e) {
      if (!stalled && !this.stopped) throw e;
    } finally {
      clearTimeout(timer);
      res.destroy();
    }
    if (expired) throw new WatchExpired();
    if (stalled) {
      throw new WatchStalled(
        `Watch of ${this.options.resource} delivered nothing for ${timings.stallTimeoutMs} ms (not even a bookmark); relisting`,
      );
    }
    // A clean end (server timeout or closed connection): resume from the last resourceVersion.
  }

  private apply(type: string, object: T) {
    const rv = object.metadata?.resourceVersion;
    if (type === 'BOOKMARK') {
      if (rv) this.resourceVersion = rv;
      return;
    }
    if (type === 'ADDED' || type === 'MODIFIED') {
      this.watchEvents++;
      this.items.set(keyOf(object), this.options.project?.(object) ?? object);
    } else if (type === 'DELETED') {
      this.watchEvents++;
      this.items.delete(keyOf(object));
    } else {
      return;
    }
    if (rv) this.resourceVersion = rv;
    this.options.onChange();
  }

  /** Runs one request with an abort signal that fires after `requestTimeoutMs`. */
  private async timed<R>(
    what: string,
    fn: (signal: AbortSignal) => Promise<R>,
  ): Promise<R> {
    const abort = new AbortController();
    this.abort = abort;
    const ms = this.options.timings.requestTimeoutMs;
    const timer = setTimeout(() => abort.abort(), ms);
    try {
      return await fn(abort.signal);
    } catch (e) {
      if (abort.signal.aborted && !this.stopped) {
        throw new Error(`${what}: no answer within ${ms} ms`);
      }
      throw e;
    } finally {
      clearTimeout(timer);
    }
  }

  private markHealthy() {
    this.connected = true;
    this.everSynced = true;
    this.lastContactAt = Date.now();
    this.staleSince = undefined;
    this.lastError = undefined;
  }

  private fail(error: Error) {
    const now = Date.now();
    this.connected = false;
    this.resourceVersion = undefined;
    this.staleSince = this.staleSince ?? now;
    this.lastError = {
      message: humanError(error, this.options.resource),
      at: now,
    };
    this.options.logger.warn(
      `mcp-kubernetes watch cache: ${this.lastError.message}`,
    );
    this.options.onChange();
  }

  private notifyAttempt() {
    const listeners = this.attemptListeners;
    this.attemptListeners = [];
    listeners.forEach(l => l());
  }

  private sleep(ms: number): Promise<void> {
    return new Promise(resolve => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}

function keyOf(item: KubeItem): string {
  return `${item.metadata?.namespace ?? ''}/${item.metadata?.name ?? ''}`;
}

function jitter(ms: number): number {
  return Math.round(ms * (0.8 + Math.random() * 0.4));
}

/** Network errors in words a person understands; Status messages are already human. */
export function humanError(error: Error, what: string): string {
  if (error instanceof KubeHttpError) return error.message;
  const code = (error as NodeJS.ErrnoException).code;
  const words: Record<string, string> = {
    ECONNREFUSED: 'connection refused',
    ECONNRESET: 'connection reset by the API server',
    ETIMEDOUT: 'connection timed out',
    ENOTFOUND: 'API server host not found',
    EHOSTUNREACH: 'API server host unreachable',
    ABORT_ERR: 'request aborted',
  };
  const text = (code && words[code]) || error.message || String(error);
  return `${what}: ${text}`;
}
