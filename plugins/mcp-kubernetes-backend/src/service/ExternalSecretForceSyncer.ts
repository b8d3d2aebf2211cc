import {
  CustomErrorBase,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import {
  CustomObjectsApi,
  PatchStrategy,
  setHeaderOptions,
} from '@kubernetes/client-node';
import type { ClusterRegistry } from '@mcp-kubernetes/plugin-mcp-kubernetes-node';
import {
  InstallRef,
  installKey,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-common';
import { findInstallObjects } from '../status/findInstall';
import { SnapshotSource } from '../status/snapshotTypes';

/** ESO re-syncs an ExternalSecret when this annotation's value changes. */
export const ESO_FORCE_SYNC_ANNOTATION = 'force-sync';

/** One forced sync per install per this long (each one makes ESO call the secret store). */
const DEFAULT_FORCE_SYNC_INTERVAL_MS = 30_000;

/**
 * A forced sync of the same install came too soon. HTTP 429: the backend's error handler answers
 * with the `statusCode` field; `retryAfterSeconds` says when the next one is allowed.
 */
export class ForceSyncRateLimitedError extends CustomErrorBase {
  name = 'ForceSyncRateLimitedError' as const;
  readonly statusCode = 429;

  constructor(message: string, readonly retryAfterSeconds: number) {
    super(message);
  }
}

/**
 * Asks ESO to re-sync an install's ExternalSecret now, by a JSON merge patch of the `force-sync`
 * annotation. The ExternalSecret is the one the status shows (found in the cache), never a name
 * taken from the request.
 */
export class ExternalSecretForceSyncer {
  /** installKey → when its last forced sync was let through (ms). */
  private readonly lastSync = new Map<string, number>();

  private constructor(
    private readonly registry: Pick<ClusterRegistry, 'getKubeConfig'>,
    private readonly source: SnapshotSource,
    private readonly minIntervalMs: number,
  ) {}

  static create(options: {
    registry: Pick<ClusterRegistry, 'getKubeConfig'>;
    source: SnapshotSource;
    /** At most one forced sync per install per this long. Default 30 s. */
    minIntervalMs?: number;
  }) {
    return new ExternalSecretForceSyncer(
      options.registry,
      options.source,
      options.minIntervalMs ?? DEFAULT_FORCE_SYNC_INTERVAL_MS,
    );
  }

  /** Takes the install's slot or throws ForceSyncRateLimitedError; the slot is kept even if the patch then fails. */
  private takeSlot(ref: InstallRef, nowMs: number): void {
    const key = installKey(ref);
    const last = this.lastSync.get(key);
    if (last !== undefined && nowMs - last < this.minIntervalMs) {
      const retryAfterSeconds = Math.ceil(
        (this.minIntervalMs - (nowMs - last)) / 1000,
      );
      throw new ForceSyncRateLimitedError(
        `A sync of release "${ref.release}" in namespace "${
          ref.namespace
        }" of cluster "${ref.cluster}" was forced less than ${Math.round(
          this.minIntervalMs / 1000,
        )} s ago; try again in ${retryAfterSeconds} s`,
        retryAfterSeconds,
      );
    }
    // Forget old slots so the map follows the installs in use, not every install ever synced.
    if (this.lastSync.size > 1000) {
      for (const [k, t] of this.lastSync) {
        if (nowMs - t >= this.minIntervalMs) this.lastSync.delete(k);
      }
    }
    this.lastSync.set(key, nowMs);
  }

  async forceSync(
    ref: InstallRef,
    now: Date = new Date(),
  ): Promise<{ requestedAt: string; name: string }> {
    const snapshot = this.source.snapshot(ref.cluster);
    const api = snapshot.externalSecretsApi;
    if (
      api !== 'external-secrets.io/v1' &&
      api !== 'external-secrets.io/v1beta1'
    ) {
      throw new NotFoundError(
        `Cannot force a sync in cluster "${ref.cluster}": the ExternalSecret API is ${api} there`,
      );
    }
    const es = findInstallObjects(
      snapshot,
      ref.namespace,
      ref.release,
    ).externalSecret;
    const name = es?.metadata?.name;
    if (!name) {
      throw new NotFoundError(
        `No ExternalSecret feeds release "${ref.release}" in namespace "${ref.namespace}" of cluster "${ref.cluster}"`,
      );
    }
    this.takeSlot(ref, now.getTime());
    const requestedAt = now.toISOString();
    const client = this.registry
      .getKubeConfig(ref.cluster)
      .makeApiClient(CustomObjectsApi);
    try {
      await client.patchNamespacedCustomObject(
        {
          group: 'external-secrets.io',
          version: api.split('/')[1],
          namespace: ref.namespace,
          plural: 'externalsecrets',
          name,
          body: {
            metadata: {
              annotations: { [ESO_FORCE_SYNC_ANNOTATION]: requestedAt },
            },
          },
          fieldManager: 'backstage-mcp-kubernetes',
        },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
      );
    } catch (error) {
      throw new ServiceUnavailableError(
        `Could not annotate ExternalSecret ${
          ref.namespace
        }/${name} in cluster "${ref.cluster}": ${describeKubeError(error)}`,
      );
    }
    return { requestedAt, name };
  }
}

/** The API server's Status message and code, without echoing request headers or bodies. */
export function describeKubeError(error: unknown): string {
  const e = error as { code?: number; body?: unknown; message?: string };
  let message: string | undefined;
  if (typeof e?.body === 'string') {
    try {
      message = JSON.parse(e.body)?.message;
    } catch {
      message = undefined;
    }
  } else if (e?.body && typeof e.body === 'object') {
    message = (e.body as { message?: string }).message;
  }
  const text =
    message ?? (e?.message ? e.message.split('\n')[0] : String(error));
  return e?.code ? `HTTP ${e.code}: ${text}` : text;
}
