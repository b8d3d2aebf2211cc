import {
  ConditionSummary,
  ExternalSecretStatus,
  redactSecrets,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-common';
import type {
  ExternalSecretObject,
  ExternalSecretsApiState,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-node';
import { humanDuration, parseGoDurationSeconds } from './duration';
import { toIso, toMillis } from './snapshotTypes';

/**
 * ESO copies provider errors into the Ready message; a provider may echo a token or a secret
 * value there. Redacted (and capped) here, before the message enters any status document.
 */
const MAX_MESSAGE_CHARS = 1024;
const MAX_REASON_CHARS = 128;

export interface ExternalSecretInput {
  apiState: ExternalSecretsApiState;
  externalSecret?: ExternalSecretObject;
  targetSecretName?: string;
  targetSecretPresent: boolean;
  now: number;
}

function readyCondition(
  es: ExternalSecretObject,
): ConditionSummary | undefined {
  const c = es.status?.conditions?.find(x => x.type === 'Ready');
  if (!c) {
    return undefined;
  }
  const status =
    c.status === 'True' || c.status === 'False' ? c.status : 'Unknown';
  const summary: ConditionSummary = { status };
  if (c.reason)
    summary.reason = redactSecrets(String(c.reason), MAX_REASON_CHARS);
  if (c.message)
    summary.message = redactSecrets(String(c.message), MAX_MESSAGE_CHARS);
  const since = toIso(c.lastTransitionTime);
  if (since) summary.since = since;
  return summary;
}

/**
 * ExternalSecret section of the status. ESO missing or not readable is a state with a sentence,
 * not an error: installs may use a plain existingSecret.
 */
export function deriveExternalSecretStatus(
  input: ExternalSecretInput,
): ExternalSecretStatus {
  const { apiState, externalSecret: es, now } = input;
  const base = {
    stale: false,
    targetSecretName: input.targetSecretName,
    targetSecretPresent: input.targetSecretName
      ? input.targetSecretPresent
      : undefined,
  };
  if (apiState === 'absent') {
    return {
      ...base,
      state: 'crd-missing',
      summary:
        'External Secrets Operator is not installed in this cluster (no external-secrets.io API).',
    };
  }
  if (apiState === 'forbidden') {
    return {
      ...base,
      state: 'forbidden',
      summary:
        'The backend may not read ExternalSecrets in this cluster: grant list/watch on externalsecrets.external-secrets.io.',
    };
  }
  if (!es) {
    return {
      ...base,
      state: apiState === 'unknown' ? 'unknown' : 'absent',
      summary:
        apiState === 'unknown'
          ? 'ExternalSecrets not observed yet.'
          : 'No ExternalSecret feeds this install.',
    };
  }

  const ready = readyCondition(es);
  const refreshInterval = es.spec?.refreshInterval;
  const refreshIntervalSeconds = parseGoDurationSeconds(refreshInterval);
  const refreshTime = toIso(es.status?.refreshTime);
  const refreshMs = toMillis(es.status?.refreshTime);
  const store = es.spec?.secretStoreRef?.name
    ? {
        kind: es.spec.secretStoreRef.kind ?? 'SecretStore',
        name: es.spec.secretStoreRef.name,
      }
    : undefined;
  // refreshInterval 0 means "sync once": it can never be overdue.
  const stale =
    ready?.status === 'True' &&
    refreshIntervalSeconds !== undefined &&
    refreshIntervalSeconds > 0 &&
    (refreshMs === undefined ||
      now - refreshMs > 2 * refreshIntervalSeconds * 1000);

  const common = {
    name: es.metadata?.name,
    apiVersion: es.apiVersion,
    store,
    ready,
    refreshTime,
    refreshInterval,
    refreshIntervalSeconds,
    stale,
    targetSecretName: input.targetSecretName,
    targetSecretPresent: input.targetSecretPresent,
  };

  if (ready?.status === 'False') {
    const sinceMs = toMillis(ready.since);
    const forText =
      sinceMs !== undefined ? ` for ${humanDuration(now - sinceMs)}` : '';
    const why =
      [ready.reason, ready.message].filter(Boolean).join(': ') ||
      'no reason given';
    return {
      ...common,
      state: 'failing',
      summary: `ExternalSecret failing${forText}: ${why}`,
    };
  }
  if (ready?.status !== 'True') {
    return {
      ...common,
      state: 'pending',
      summary: 'ExternalSecret has not reported a sync yet.',
    };
  }
  if (stale) {
    const ago =
      refreshMs !== undefined
        ? `${humanDuration(now - refreshMs)} ago`
        : 'never';
    return {
      ...common,
      state: 'stale',
      summary: `ExternalSecret last synced ${ago}, more than twice its refresh interval (${refreshInterval}).`,
    };
  }
  if (!input.targetSecretPresent) {
    return {
      ...common,
      state: 'failing',
      summary: `ExternalSecret reports synced but its target Secret ${input.targetSecretName} does not exist.`,
    };
  }
  const ago =
    refreshMs !== undefined
      ? `, last refresh ${humanDuration(now - refreshMs)} ago`
      : '';
  return {
    ...common,
    state: 'synced',
    summary: `ExternalSecret synced${ago}.`,
  };
}
