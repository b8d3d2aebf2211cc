import { InstallStatus } from '@mcp-kubernetes/plugin-mcp-kubernetes-common';

/** A healthy install's status with a recorded entity and owner; tests override what they need. */
export function installStatus(
  overrides: Partial<InstallStatus> = {},
): InstallStatus {
  return {
    install: { cluster: 'c1', namespace: 'mcp-team-a', release: 'mcp-a' },
    entityRef: 'component:default/mcp-a',
    recorded: {
      entityRef: 'component:default/mcp-a',
      owner: 'group:default/team-a',
    },
    state: 'ok',
    reasons: [],
    pods: [],
    externalSecret: {
      state: 'synced',
      name: 'mcp-a-oauth-credentials',
      ready: { status: 'True', reason: 'SecretSynced' },
      stale: false,
      summary: 'ExternalSecret synced.',
    },
    keyRotation: {
      state: 'ok',
      lastRotatedAt: '2026-11-01T00:00:00.000Z',
      ageDays: 10,
      warnAfterDays: 75,
      maxAgeDays: 90,
      source: 'annotation',
      summary: 'Key 10 days old (policy 90).',
    },
    stale: false,
    ...overrides,
  };
}

export const DAY_MS = 24 * 60 * 60 * 1000;
export const MINUTE_MS = 60 * 1000;

/** A status whose key changed at `rotatedAt`, built at `asOf` (its whole-day age then). */
export function withKeyRotatedAt(
  status: InstallStatus,
  rotatedAt: string,
  asOf: number = Date.parse('2026-11-30T12:00:00.000Z'),
): InstallStatus {
  return {
    ...status,
    keyRotation: {
      ...status.keyRotation,
      lastRotatedAt: rotatedAt,
      ageDays: Math.floor((asOf - Date.parse(rotatedAt)) / DAY_MS),
    },
  };
}

/** A status whose ExternalSecret is not Ready since `since`, with a cluster message. */
export function withFailingExternalSecret(
  status: InstallStatus,
  since: string | undefined,
  message = 'could not get secret data from provider',
): InstallStatus {
  return {
    ...status,
    externalSecret: {
      ...status.externalSecret,
      state: 'failing',
      ready: {
        status: 'False',
        reason: 'SecretSyncedError',
        message,
        ...(since ? { since } : {}),
      },
      summary: `ExternalSecret failing: ${message}`,
    },
  };
}

/** A status whose only pod crash-loops. */
export function withCrashLoop(status: InstallStatus): InstallStatus {
  return {
    ...status,
    state: 'error',
    reasons: [
      {
        state: 'error',
        section: 'pods',
        message:
          'Pod mcp-a-0 in CrashLoopBackOff (7 restarts, last exit: Error)',
      },
    ],
  };
}
