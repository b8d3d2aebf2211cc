import {
  ReleaseHistoryResponse,
  ValuesDiffResponse,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-common';

/**
 * Release history and values diffs shaped like the backend's, relative to `now`.
 * Used by the card tests and by `dev/index.tsx`.
 */

const DAY = 86_400_000;

/** Three revisions (3 deployed, 2 superseded, 1 failed) and a restart between 2 and 3. */
export function sampleHistory(now = Date.now()): ReleaseHistoryResponse {
  const iso = (ms: number) => new Date(ms).toISOString();
  return {
    revisions: [
      {
        revision: 3,
        status: 'deployed',
        chart: 'mcp-kubernetes-0.3.0',
        appVersion: '1.4.2',
        updatedAt: iso(now - 1 * DAY),
        description: 'Upgrade complete',
        operation: {
          action: 'upgrade',
          actor: 'user:default/alice',
          at: iso(now - 1 * DAY),
          revision: 3,
          taskId: 'task-upgrade',
        },
      },
      {
        revision: 2,
        status: 'superseded',
        chart: 'mcp-kubernetes-0.2.0',
        appVersion: '1.4.1',
        updatedAt: iso(now - 5 * DAY),
        description: 'Upgrade complete',
      },
      {
        revision: 1,
        status: 'superseded',
        chart: 'mcp-kubernetes-0.1.0',
        appVersion: '1.4.0',
        updatedAt: iso(now - 9 * DAY),
        description: 'Install complete',
        operation: {
          action: 'deploy',
          actor: 'user:default/bob',
          at: iso(now - 9 * DAY),
          revision: 1,
        },
      },
    ],
    operations: [
      {
        action: 'restart',
        actor: 'user:default/carol',
        at: iso(now - 3 * DAY),
        taskId: 'task-restart',
      },
    ],
  };
}

/** A diff with a plain change, a credential (masked by the backend) and an addition. */
export function sampleDiff(from: number, to: number): ValuesDiffResponse {
  return {
    from,
    to,
    entries: [
      {
        path: 'resources.limits.memory',
        change: 'changed',
        from: '"512Mi"',
        to: '"256Mi"',
      },
      {
        path: 'oauth.clientSecret',
        change: 'changed',
        from: '***',
        to: '***',
        masked: true,
      },
      { path: 'replicaCount', change: 'added', to: '2' },
    ],
  };
}
