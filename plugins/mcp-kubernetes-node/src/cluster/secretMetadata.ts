import type { V1PartialObjectMetadata } from './types';

/** kubectl apply keeps the whole applied object here: for a Secret, its data. */
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/**
 * A Secret reduced to its metadata, whatever the server sent: we ask for PartialObjectMetadata,
 * but a proxy or an aggregated API may ignore the Accept header and answer full Secrets. Values
 * (`data`, `stringData`) and the last-applied annotation (which repeats them) never get kept.
 */
export function secretMetadataOnly(
  item: V1PartialObjectMetadata,
): V1PartialObjectMetadata {
  const metadata = { ...(item?.metadata ?? {}) };
  if (metadata.annotations && LAST_APPLIED in metadata.annotations) {
    const { [LAST_APPLIED]: _dropped, ...rest } = metadata.annotations;
    metadata.annotations = rest;
  }
  return {
    apiVersion: 'meta.k8s.io/v1',
    kind: 'PartialObjectMetadata',
    metadata,
  };
}
