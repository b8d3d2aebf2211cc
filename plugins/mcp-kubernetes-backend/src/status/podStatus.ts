import type { V1Deployment, V1Pod } from '@kubernetes/client-node';
import {
  PodHealthCheck,
  PodStatus,
  RolloutStatus,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-common';
import { toIso } from './snapshotTypes';

/** Pod summary for the card: phase, readiness, restarts, why it waits, when it started. */
export function derivePodStatus(
  pod: V1Pod,
  health?: PodHealthCheck,
): PodStatus {
  const statuses = pod.status?.containerStatuses ?? [];
  const waiting = statuses.find(s => s.state?.waiting?.reason)?.state?.waiting
    ?.reason;
  const lastTermination = statuses.find(s => s.lastState?.terminated?.reason)
    ?.lastState?.terminated?.reason;
  const readyCondition = pod.status?.conditions?.find(c => c.type === 'Ready');
  const result: PodStatus = {
    name: pod.metadata?.name ?? '',
    phase: pod.status?.phase ?? 'Unknown',
    ready: readyCondition?.status === 'True',
    restarts: statuses.reduce((sum, s) => sum + (s.restartCount ?? 0), 0),
  };
  if (waiting) result.waitingReason = waiting;
  if (lastTermination) result.lastTerminationReason = lastTermination;
  const startedAt = podStartedAt(pod);
  if (startedAt) result.startedAt = startedAt;
  const createdAt = toIso(pod.metadata?.creationTimestamp);
  if (createdAt) result.createdAt = createdAt;
  if (pod.spec?.nodeName) result.node = pod.spec.nodeName;
  if (health) result.health = health;
  return result;
}

/**
 * When the pod's processes last started: the latest running container start (a crash-loop restart
 * also re-reads secrets), else the pod's startTime.
 */
export function podStartedAt(pod: V1Pod): string | undefined {
  let latest: string | undefined;
  for (const s of pod.status?.containerStatuses ?? []) {
    const t = toIso(s.state?.running?.startedAt);
    // ISO-8601 UTC strings order like the times they name.
    if (t && (!latest || t > latest)) latest = t;
  }
  return latest ?? toIso(pod.status?.startTime);
}

/** Replica counts of the Deployment. */
export function deriveRollout(
  deployment: V1Deployment | undefined,
): RolloutStatus | undefined {
  if (!deployment) {
    return undefined;
  }
  const s = deployment.status ?? {};
  const rollout: RolloutStatus = {
    desired: deployment.spec?.replicas ?? 1,
    updated: s.updatedReplicas ?? 0,
    ready: s.readyReplicas ?? 0,
    available: s.availableReplicas ?? 0,
  };
  if (s.observedGeneration !== undefined)
    rollout.observedGeneration = s.observedGeneration;
  if (deployment.metadata?.generation !== undefined) {
    rollout.generation = deployment.metadata.generation;
  }
  return rollout;
}
