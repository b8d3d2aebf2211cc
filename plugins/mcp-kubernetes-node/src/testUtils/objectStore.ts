import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import type { KubeObject } from './types';
import { ResourceType, storageKey } from './resources';

/** One change, kept for watches that resume from a resourceVersion. */
export interface StoreEvent {
  rv: number;
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  storage: string;
  object: KubeObject;
  previous?: KubeObject;
}

const clone = <T>(v: T): T => structuredClone(v);

/**
 * Objects by type/namespace/name with one global resourceVersion counter (as etcd has),
 * an event history for watches, and compaction (older resourceVersions then get 410 Gone).
 */
export class ObjectStore {
  private readonly objects = new Map<string, Map<string, KubeObject>>();
  private readonly history: StoreEvent[] = [];
  private readonly listeners = new Set<(e: StoreEvent) => void>();
  private rv = 1000;
  /** Watches from a resourceVersion below this get 410 Gone. */
  private oldestRv = 1000;
  private readonly maxHistory: number;

  constructor(options?: { maxHistory?: number }) {
    this.maxHistory = options?.maxHistory ?? 5000;
  }

  get resourceVersion(): number {
    return this.rv;
  }

  get oldestResourceVersion(): number {
    return this.oldestRv;
  }

  /** Advances the counter without an event (other kinds changing elsewhere in the cluster). */
  tick(): void {
    this.rv++;
  }

  compact(): void {
    this.history.length = 0;
    this.oldestRv = this.rv;
  }

  subscribe(listener: (e: StoreEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  eventsSince(rv: number): StoreEvent[] {
    return this.history.filter(e => e.rv > rv);
  }

  get(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
  ): KubeObject | undefined {
    return this.objects.get(storageKey(type))?.get(objectKey(namespace, name));
  }

  list(type: ResourceType, namespace?: string): KubeObject[] {
    const all = [...(this.objects.get(storageKey(type))?.values() ?? [])];
    return all
      .filter(
        o => namespace === undefined || o.metadata.namespace === namespace,
      )
      .sort((a, b) =>
        objectKey(a.metadata.namespace, a.metadata.name!).localeCompare(
          objectKey(b.metadata.namespace, b.metadata.name!),
        ),
      );
  }

  /** Creates or replaces; a write that changes nothing produces no event (like the apiserver). */
  put(type: ResourceType, input: KubeObject): KubeObject {
    const storage = storageKey(type);
    const byName = this.objects.get(storage) ?? new Map<string, KubeObject>();
    this.objects.set(storage, byName);
    const key = objectKey(input.metadata.namespace, input.metadata.name!);
    const previous = byName.get(key);
    const next = clone(input);
    next.apiVersion = type.group
      ? `${type.group}/${type.version}`
      : type.version;
    next.kind = type.kind;
    if (previous) {
      next.metadata.uid = previous.metadata.uid;
      next.metadata.creationTimestamp = previous.metadata.creationTimestamp;
      next.metadata.resourceVersion = previous.metadata.resourceVersion;
      if (isDeepStrictEqual(stripVersion(previous), stripVersion(next))) {
        return clone(previous);
      }
      if (
        !isDeepStrictEqual(previous.spec, next.spec) &&
        previous.metadata.generation
      ) {
        next.metadata.generation = previous.metadata.generation + 1;
      }
    } else {
      next.metadata.uid = next.metadata.uid ?? randomUUID();
      next.metadata.creationTimestamp =
        next.metadata.creationTimestamp ??
        new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    }
    next.metadata.resourceVersion = String(++this.rv);
    byName.set(key, next);
    this.record({
      rv: this.rv,
      type: previous ? 'MODIFIED' : 'ADDED',
      storage,
      object: next,
      previous,
    });
    return clone(next);
  }

  delete(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
  ): KubeObject | undefined {
    const storage = storageKey(type);
    const byName = this.objects.get(storage);
    const key = objectKey(namespace, name);
    const previous = byName?.get(key);
    if (!byName || !previous) {
      return undefined;
    }
    byName.delete(key);
    const gone = clone(previous);
    gone.metadata.resourceVersion = String(++this.rv);
    this.record({
      rv: this.rv,
      type: 'DELETED',
      storage,
      object: gone,
      previous,
    });
    return gone;
  }

  private record(event: StoreEvent) {
    this.history.push(event);
    if (this.history.length > this.maxHistory) {
      const dropped = this.history.splice(
        0,
        this.history.length - this.maxHistory,
      );
      this.oldestRv = dropped[dropped.length - 1].rv;
    }
    for (const listener of this.listeners) {
      listener(event);
    }
  }
}

function objectKey(namespace: string | undefined, name: string): string {
  return `${namespace ?? ''}/${name}`;
}

function stripVersion(o: KubeObject): KubeObject {
  const c = clone(o);
  delete c.metadata.resourceVersion;
  delete c.metadata.managedFields;
  return c;
}
