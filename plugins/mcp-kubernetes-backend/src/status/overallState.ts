import {
  ExternalSecretStatus,
  HealthState,
  KeyRotationStatus,
  PodStatus,
  RolloutStatus,
  StatusReason,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-common';
import { humanDuration } from './duration';

export interface OverallInput {
  pods: PodStatus[];
  rollout?: RolloutStatus;
  externalSecret: ExternalSecretStatus;
  keyRotation: KeyRotationStatus;
  deploymentFound: boolean;
  cluster: {
    stale: boolean;
    staleSince?: string;
    lastError?: { message: string; at: string };
    everSynced: boolean;
  };
  now: number;
}

const RANK: Record<HealthState, number> = {
  ok: 0,
  unknown: 1,
  warning: 2,
  error: 3,
};

function podReasons(
  pods: PodStatus[],
  rollout: RolloutStatus | undefined,
): StatusReason[] {
  const reasons: StatusReason[] = [];
  for (const pod of pods) {
    if (
      pod.waitingReason === 'CrashLoopBackOff' ||
      pod.waitingReason === 'ImagePullBackOff' ||
      pod.waitingReason === 'ErrImagePull' ||
      pod.waitingReason === 'CreateContainerConfigError'
    ) {
      const last = pod.lastTerminationReason
        ? `, last exit: ${pod.lastTerminationReason}`
        : '';
      reasons.push({
        state: 'error',
        section: 'pods',
        message: `Pod ${pod.name} in ${pod.waitingReason} (${pod.restarts} restarts${last})`,
      });
    } else if (pod.phase !== 'Running') {
      reasons.push({
        state: 'warning',
        section: 'pods',
        message: `Pod ${pod.name} is ${pod.phase}`,
      });
    } else if (!pod.ready) {
      reasons.push({
        state: 'warning',
        section: 'pods',
        message: `Pod ${pod.name} is running but not ready`,
      });
    }
    const h = pod.health;
    if (h && !h.ok) {
      const what =
        h.httpStatus !== undefined
          ? `answered HTTP ${h.httpStatus}`
          : `did not answer: ${h.error ?? 'unknown error'}`;
      reasons.push({
        state: 'error',
        section: 'pods',
        message: `Pod ${pod.name} ${h.path} ${what}`,
      });
    }
  }
  if (rollout && rollout.desired > 0 && rollout.ready < rollout.desired) {
    reasons.push({
      state: rollout.ready === 0 ? 'error' : 'warning',
      section: 'rollout',
      message: `${rollout.ready} of ${rollout.desired} replicas ready`,
    });
  }
  if (
    rollout &&
    rollout.generation !== undefined &&
    rollout.observedGeneration !== undefined &&
    rollout.observedGeneration < rollout.generation
  ) {
    reasons.push({
      state: 'warning',
      section: 'rollout',
      message: 'Rollout in progress (new generation not observed yet)',
    });
  }
  return reasons;
}

function secretReasons(es: ExternalSecretStatus): StatusReason[] {
  switch (es.state) {
    case 'failing':
      return [
        { state: 'error', section: 'externalSecret', message: es.summary },
      ];
    case 'stale':
    case 'pending':
    case 'forbidden':
      return [
        { state: 'warning', section: 'externalSecret', message: es.summary },
      ];
    default:
      // synced, absent (plain existingSecret), crd-missing and unknown do not degrade an install.
      return [];
  }
}

function keyReasons(key: KeyRotationStatus): StatusReason[] {
  const reasons: StatusReason[] = [];
  if (key.state === 'overdue') {
    reasons.push({
      state: 'error',
      section: 'keyRotation',
      message: key.summary,
    });
  } else if (key.state === 'warning') {
    reasons.push({
      state: 'warning',
      section: 'keyRotation',
      message: key.summary,
    });
  }
  if (key.allPodsRestartedSinceRotation === false) {
    reasons.push({
      state: 'warning',
      section: 'keyRotation',
      message: `Key changed at ${key.lastRotatedAt} but not every pod restarted since: the old key is still in use`,
    });
  }
  return reasons;
}

/** Combines the sections into one state and the reasons a person reads first. */
export function deriveOverallState(input: OverallInput): {
  state: HealthState;
  reasons: StatusReason[];
} {
  const reasons: StatusReason[] = [];
  const { cluster } = input;
  if (cluster.stale) {
    const since = cluster.staleSince
      ? ` for ${humanDuration(input.now - Date.parse(cluster.staleSince))}`
      : '';
    const why = cluster.lastError ? `: ${cluster.lastError.message}` : '';
    reasons.push({
      state: 'warning',
      section: 'cluster',
      message: `Cluster unreachable${since}, showing last known data${why}`,
    });
  }
  if (!cluster.everSynced) {
    reasons.push({
      state: 'unknown',
      section: 'cluster',
      message: 'Cluster not synced yet',
    });
    return { state: 'unknown', reasons };
  }
  if (!input.deploymentFound && input.pods.length === 0) {
    reasons.push({
      state: 'error',
      section: 'pods',
      message: 'No Deployment or pods found for this release',
    });
  } else if (input.pods.length === 0) {
    reasons.push({
      state: 'error',
      section: 'pods',
      message: 'No pods running for this release',
    });
  }
  reasons.push(
    ...podReasons(input.pods, input.rollout),
    ...secretReasons(input.externalSecret),
    ...keyReasons(input.keyRotation),
  );
  // Worst first, but a stale-cluster note always leads: every other reason is last-known data.
  const pin = (r: StatusReason) => (r.section === 'cluster' ? 1 : 0);
  reasons.sort((a, b) => pin(b) - pin(a) || RANK[b.state] - RANK[a.state]);
  const state = reasons.reduce<HealthState>(
    (worst, r) => (RANK[r.state] > RANK[worst] ? r.state : worst),
    'ok',
  );
  return { state, reasons };
}
