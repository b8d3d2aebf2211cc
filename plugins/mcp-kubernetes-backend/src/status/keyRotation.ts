import type { V1Pod } from '@kubernetes/client-node';
import {
  KeyRotationSource,
  KeyRotationStatus,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-common';
import type {
  ExternalSecretObject,
  V1PartialObjectMetadata,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-node';
import { podStartedAt } from './podStatus';
import { toIso, toMillis } from './snapshotTypes';

/** Explicit "the key changed at" annotation, on the target Secret or its ExternalSecret. */
export const KEY_ROTATED_AT_ANNOTATION =
  'mcp-kubernetes.io/oauth-key-rotated-at';
/** ESO's fingerprint of the data it wrote (a hash, not the data). */
export const ESO_DATA_HASH_ANNOTATION =
  'reconcile.external-secrets.io/data-hash';

/** @public */
export interface KeyRotationLimits {
  warnAfterDays: number;
  maxAgeDays: number;
}

/** One recorded fingerprint of a Secret (from the plugin's rotation history table). @public */
export interface FingerprintRecord {
  dataHash: string;
  firstSeenAt: string;
}

export interface KeyRotationInput {
  secret?: V1PartialObjectMetadata;
  secretName?: string;
  externalSecret?: ExternalSecretObject;
  /** Fingerprint history of this Secret, oldest first. */
  history: FingerprintRecord[];
  pods: V1Pod[];
  limits: KeyRotationLimits;
  now: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The time the ESO controller last wrote the Secret's data, from managedFields. ESO's field manager
 * is `externalsecrets.external-secrets.io/<name>` (older releases: `external-secrets`).
 */
function esoManagedFieldsTime(
  secret: V1PartialObjectMetadata,
): string | undefined {
  const times = (secret.metadata?.managedFields ?? [])
    .filter(f => {
      const manager = f.manager ?? '';
      const fields = (f.fieldsV1 ?? {}) as Record<string, unknown>;
      const writesData = 'f:data' in fields;
      return (
        (manager.startsWith('externalsecrets.external-secrets.io') ||
          manager === 'external-secrets') &&
        writesData
      );
    })
    .map(f => toIso(f.time))
    .filter((t): t is string => Boolean(t))
    .sort();
  return times.length > 0 ? times[times.length - 1] : undefined;
}

function lastChange(input: KeyRotationInput): {
  at?: string;
  source: KeyRotationSource;
} {
  const { secret, externalSecret, history } = input;
  const annotated =
    secret?.metadata?.annotations?.[KEY_ROTATED_AT_ANNOTATION] ??
    externalSecret?.metadata?.annotations?.[KEY_ROTATED_AT_ANNOTATION];
  if (annotated && !Number.isNaN(Date.parse(annotated))) {
    return { at: new Date(annotated).toISOString(), source: 'annotation' };
  }
  if (!secret) {
    return { source: 'unknown' };
  }
  // A transition is only known when we saw an earlier, different hash; the first hash we ever
  // saw tells us when we started watching, not when the key changed.
  const currentHash = secret.metadata?.annotations?.[ESO_DATA_HASH_ANNOTATION];
  const latest = history[history.length - 1];
  if (history.length >= 2 && currentHash && latest.dataHash === currentHash) {
    return { at: latest.firstSeenAt, source: 'data-hash-history' };
  }
  const managed = esoManagedFieldsTime(secret);
  if (managed) {
    return { at: managed, source: 'managed-fields' };
  }
  const created = toIso(secret.metadata?.creationTimestamp);
  return created
    ? { at: created, source: 'creation-timestamp' }
    : { source: 'unknown' };
}

/** How old the OAuth key is against the policy, and whether the pods picked it up. */
export function deriveKeyRotation(input: KeyRotationInput): KeyRotationStatus {
  const { limits, now } = input;
  const { at, source } = lastChange(input);
  const base = {
    warnAfterDays: limits.warnAfterDays,
    maxAgeDays: limits.maxAgeDays,
    source,
    secretName: input.secretName,
  };
  const atMs = toMillis(at);
  if (!at || atMs === undefined) {
    return {
      ...base,
      state: 'unknown',
      summary: input.secretName
        ? `Secret ${input.secretName} not observed: key age unknown.`
        : 'No credentials Secret found: key age unknown.',
    };
  }
  const ageDays = Math.floor((now - atMs) / DAY_MS);
  const running = input.pods.filter(p => p.status?.phase === 'Running');
  const allPodsRestartedSinceRotation =
    running.length === 0
      ? undefined
      : running.every(p => {
          const started = toMillis(podStartedAt(p));
          return started !== undefined && started >= atMs;
        });

  let state: KeyRotationStatus['state'] = 'ok';
  let summary = `Key ${ageDays} days old (policy ${limits.maxAgeDays}).`;
  if (ageDays > limits.maxAgeDays) {
    state = 'overdue';
    summary = `key ${ageDays} days old, policy ${limits.maxAgeDays}`;
  } else if (ageDays >= limits.warnAfterDays) {
    state = 'warning';
    summary = `key ${ageDays} days old, rotate before ${limits.maxAgeDays} (warning from ${limits.warnAfterDays})`;
  }
  return {
    ...base,
    state,
    lastRotatedAt: at,
    ageDays,
    allPodsRestartedSinceRotation,
    summary,
  };
}
