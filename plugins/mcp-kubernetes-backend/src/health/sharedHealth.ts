import type {
  CacheService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type { InstallRef } from '@mcp-kubernetes/plugin-mcp-kubernetes-common';
import { PodHealthCheck } from '@mcp-kubernetes/plugin-mcp-kubernetes-common';
import { errorName } from './errorName';

/** Probe answers keyed by pod (see `podKeyOf`). */
export type HealthChecks = Map<string, PodHealthCheck>;

const PREFIX = 'health:v1';

/** Unambiguous per-pod key; uid so a replaced pod with the same name starts without an answer. */
export function podKeyOf(
  cluster: string,
  namespace: string,
  pod: string,
  uid: string,
): string {
  return JSON.stringify([cluster, namespace, pod, uid]);
}

function installCacheKey(ref: InstallRef): string {
  return [PREFIX, 'install', ref.cluster, ref.namespace, ref.release]
    .map(encodeURIComponent)
    .join(':');
}
const FLEET_KEY = `${PREFIX}:fleet`;

/** Only well-formed answers are taken from the cache: another writer may share the store. */
function isCheck(value: unknown): value is PodHealthCheck {
  const v = value as PodHealthCheck;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.ok === 'boolean' &&
    typeof v.checkedAt === 'string' &&
    !Number.isNaN(Date.parse(v.checkedAt)) &&
    typeof v.path === 'string' &&
    (typeof v.port === 'number' || typeof v.port === 'string')
  );
}

function toMap(value: unknown): HealthChecks {
  const map: HealthChecks = new Map();
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return map;
  }
  for (const [key, check] of Object.entries(value)) {
    if (isCheck(check)) map.set(key, check);
  }
  return map;
}

/**
 * Probe answers shared by every backend replica through Backstage's `CacheService` (memory in
 * development, Redis in production), so one replica's probe serves all. Per install for views,
 * one document for the sweep. A cache outage degrades to per-replica answers, never to an error.
 */
export class SharedHealthResults {
  constructor(
    private readonly cache: CacheService | undefined,
    private readonly ttlMs: number,
    private readonly logger: LoggerService,
  ) {}

  get enabled(): boolean {
    return this.cache !== undefined;
  }

  async readInstall(ref: InstallRef): Promise<HealthChecks> {
    return toMap(await this.read(installCacheKey(ref)));
  }

  async writeInstall(ref: InstallRef, checks: HealthChecks): Promise<void> {
    await this.write(installCacheKey(ref), Object.fromEntries(checks));
  }

  async readFleet(): Promise<HealthChecks> {
    return toMap(await this.read(FLEET_KEY));
  }

  async writeFleet(checks: HealthChecks): Promise<void> {
    await this.write(FLEET_KEY, Object.fromEntries(checks));
  }

  private async read(key: string): Promise<unknown> {
    if (!this.cache) return undefined;
    try {
      return await this.cache.get(key);
    } catch (error) {
      this.logger.warn(
        `Shared health cache read failed (${errorName(
          error,
        )}); using this replica's answers`,
      );
      return undefined;
    }
  }

  private async write(key: string, value: Record<string, PodHealthCheck>) {
    if (!this.cache) return;
    try {
      await this.cache.set(key, value as any, { ttl: this.ttlMs });
    } catch (error) {
      this.logger.warn(
        `Shared health cache write failed (${errorName(
          error,
        )}); other replicas probe themselves`,
      );
    }
  }
}
