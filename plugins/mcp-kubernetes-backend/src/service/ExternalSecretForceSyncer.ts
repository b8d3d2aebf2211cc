import { NotFoundError, ServiceUnavailableError } from '@backstage/errors';
import {
  CustomObjectsApi,
  PatchStrategy,
  setHeaderOptions,
} from '@kubernetes/client-node';
import type { ClusterRegistry } from '@mcp-kubernetes/plugin-mcp-kubernetes-node';
import { InstallRef } from '@mcp-kubernetes/plugin-mcp-kubernetes-common';
import { findInstallObjects } from '../status/findInstall';
import { SnapshotSource } from '../status/snapshotTypes';

/** ESO re-syncs an ExternalSecret when this annotation's value changes. */
export const ESO_FORCE_SYNC_ANNOTATION = 'force-sync';

/**
 * Asks ESO to re-sync an install's ExternalSecret now, by a JSON merge patch of the `force-sync`
 * annotation. The ExternalSecret is the one the status shows (found in the cache), never a name
 * taken from the request.
 */
export class ExternalSecretForceSyncer {
  private constructor(
    private readonly registry: Pick<ClusterRegistry, 'getKubeConfig'>,
    private readonly source: SnapshotSource,
  ) {}

  static create(options: {
    registry: Pick<ClusterRegistry, 'getKubeConfig'>;
    source: SnapshotSource;
  }) {
    return new ExternalSecretForceSyncer(options.registry, options.source);
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
