import type { ServerResponse } from 'node:http';
import type { LabelSelector } from './labelSelector';
import type { ObjectStore, StoreEvent } from './objectStore';
import { ResourceType, storageKey } from './resources';
import { tooOldResourceVersion } from './statusBodies';
import type { KubeObject } from './types';
import { baseHeaders, bookmarkObject, Representation, toPartial } from './wire';

export interface WatchRequest {
  type: ResourceType;
  namespace?: string;
  selector: LabelSelector;
  representation: Representation;
  resourceVersion?: string;
  allowBookmarks: boolean;
  timeoutSeconds?: number;
  bookmarkIntervalMs: number;
  path: string;
}

/** One open watch stream; `end()` closes it cleanly, `destroy()` drops the connection. */
export interface OpenWatch {
  path: string;
  allowBookmarks: boolean;
  bookmark(): void;
  end(): void;
  destroy(): void;
}

/**
 * Serves a watch like kube-apiserver: HTTP 200 chunked ndjson; no resourceVersion (or "0")
 * starts with synthetic ADDED events for what exists; an older-than-kept resourceVersion is
 * a single ERROR event with a 410 Expired Status, then EOF. Objects leaving or entering the
 * label selector appear as DELETED / ADDED.
 */
export function serveWatch(
  res: ServerResponse,
  store: ObjectStore,
  req: WatchRequest,
  hooks: { onOpen: (w: OpenWatch) => void; onClose: (w: OpenWatch) => void },
): OpenWatch {
  res.writeHead(200, {
    ...baseHeaders(),
    'Content-Type': 'application/json',
    'Transfer-Encoding': 'chunked',
  });
  res.flushHeaders();
  const storage = storageKey(req.type);
  const inScope = (o: KubeObject | undefined) =>
    !!o &&
    (req.namespace === undefined || o.metadata.namespace === req.namespace) &&
    req.selector.matches(o.metadata.labels);
  const render = (o: KubeObject) =>
    req.representation === 'partial' ? toPartial(o) : o;
  const write = (type: string, object: unknown) => {
    if (!res.writableEnded && !res.destroyed) {
      res.write(`${JSON.stringify({ type, object })}\n`);
    }
  };
  const deliver = (e: StoreEvent) => {
    if (e.storage !== storage) return;
    const was = inScope(e.previous);
    const is = e.type !== 'DELETED' && inScope(e.object);
    if (e.type === 'DELETED') {
      if (was) write('DELETED', render(e.object));
    } else if (is && !was) {
      write('ADDED', render(e.object));
    } else if (is && was) {
      write('MODIFIED', render(e.object));
    } else if (was && !is) {
      write('DELETED', render(e.object));
    }
  };

  let unsubscribe = () => {};
  const timers: NodeJS.Timeout[] = [];
  let closed = false;
  const watch = {} as OpenWatch;
  const cleanup = () => {
    if (closed) return;
    closed = true;
    unsubscribe();
    timers.forEach(t => clearTimeout(t));
    hooks.onClose(watch);
  };
  Object.assign(watch, {
    path: req.path,
    allowBookmarks: req.allowBookmarks,
    bookmark: () => {
      if (req.allowBookmarks) {
        write(
          'BOOKMARK',
          bookmarkObject(req.type, store.resourceVersion, req.representation),
        );
      }
    },
    end: () => {
      cleanup();
      res.end();
    },
    destroy: () => {
      cleanup();
      res.destroy();
    },
  });
  res.on('close', cleanup);
  hooks.onOpen(watch);

  const rv = req.resourceVersion;
  if (!rv || rv === '0') {
    for (const o of store.list(req.type, req.namespace)) {
      if (inScope(o)) write('ADDED', render(o));
    }
  } else {
    const from = Number(rv);
    if (!Number.isFinite(from) || from < store.oldestResourceVersion) {
      write('ERROR', tooOldResourceVersion(rv, store.oldestResourceVersion));
      watch.end();
      return watch;
    }
    store.eventsSince(from).forEach(deliver);
  }
  unsubscribe = store.subscribe(deliver);
  if (req.allowBookmarks && req.bookmarkIntervalMs > 0) {
    timers.push(setInterval(() => watch.bookmark(), req.bookmarkIntervalMs));
  }
  if (req.timeoutSeconds && req.timeoutSeconds > 0) {
    // The apiserver sends a last bookmark, then closes at the requested timeout.
    timers.push(
      setTimeout(() => {
        watch.bookmark();
        watch.end();
      }, req.timeoutSeconds * 1000),
    );
  }
  return watch;
}
