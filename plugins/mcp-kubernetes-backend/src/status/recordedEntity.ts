import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import type { V1Deployment } from '@kubernetes/client-node';
import {
  ENTITY_REF,
  MCP_KUBERNETES_RECORDED_ANNOTATIONS,
  RecordedInstallEntity,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-common';

// Entity refs in Backstage are at most kind (63) + namespace (63) + name (63) and separators.
const MAX_REF_LENGTH = 200;

/**
 * A ref read from the cluster, normalised; undefined unless it matches the shared entity-ref
 * pattern (parseEntityRef alone lets newlines and other odd characters through). Without a
 * `defaultKind` the kind must be written out.
 */
function readRef(value: unknown, defaultKind?: string): string | undefined {
  if (
    typeof value !== 'string' ||
    value.length > MAX_REF_LENGTH ||
    !ENTITY_REF.test(value) ||
    (!defaultKind && !value.includes(':'))
  ) {
    return undefined;
  }
  try {
    const ref = parseEntityRef(value, {
      defaultNamespace: 'default',
      ...(defaultKind ? { defaultKind } : {}),
    });
    return stringifyEntityRef(ref);
  } catch {
    return undefined; // not an entity ref: treated as not recorded
  }
}

/**
 * The entity the chart recorded on an install's Deployment at install time.
 * Annotation values come from the cluster and are not trusted: anything that
 * is not an entity ref with a kind counts as "not recorded", which only fleet
 * readers may see.
 */
export function recordedEntityOf(
  deployment: V1Deployment | undefined,
): RecordedInstallEntity | undefined {
  const annotations = deployment?.metadata?.annotations;
  const entityRef = readRef(
    annotations?.[MCP_KUBERNETES_RECORDED_ANNOTATIONS.entityRef],
  );
  if (!entityRef) {
    return undefined;
  }
  const owner = readRef(
    annotations?.[MCP_KUBERNETES_RECORDED_ANNOTATIONS.owner],
    'group',
  );
  return owner ? { entityRef, owner } : { entityRef };
}

/** Entity refs compare case-insensitively in Backstage. */
export function sameEntityRef(a: string, b: string): boolean {
  return a.toLocaleLowerCase('en-US') === b.toLocaleLowerCase('en-US');
}
