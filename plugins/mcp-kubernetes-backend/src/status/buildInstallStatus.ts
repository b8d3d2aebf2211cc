import type { V1Pod } from '@kubernetes/client-node';
import {
  InstallRef,
  InstallStatus,
  PodHealthCheck,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-common';
import type { ClusterSnapshot } from '@mcp-kubernetes/plugin-mcp-kubernetes-node';
import { deriveExternalSecretStatus } from './externalSecretStatus';
import { findInstallObjects } from './findInstall';
import {
  deriveKeyRotation,
  FingerprintRecord,
  KeyRotationLimits,
} from './keyRotation';
import { deriveOverallState } from './overallState';
import { derivePodStatus, deriveRollout } from './podStatus';
import { recordedEntityOf } from './recordedEntity';

/** Everything status derivation reads besides the snapshot; all in memory, so a page view is cheap. @public */
export interface StatusContext {
  health(cluster: string, pod: V1Pod): PodHealthCheck | undefined;
  history(
    cluster: string,
    namespace: string,
    secretName: string,
  ): FingerprintRecord[];
  limits: KeyRotationLimits;
  now: number;
}

/** Plain code-unit order: pod names are ASCII, and this avoids ICU collation per comparison. */
function byName(a: { name: string }, b: { name: string }): number {
  if (a.name === b.name) return 0;
  return a.name < b.name ? -1 : 1;
}

/** Builds the status document of one install from one cluster snapshot. Pure apart from ctx lookups. @public */
export function buildInstallStatus(
  snapshot: ClusterSnapshot,
  install: InstallRef,
  ctx: StatusContext,
): InstallStatus {
  const objects = findInstallObjects(
    snapshot,
    install.namespace,
    install.release,
  );
  const pods = objects.pods
    .map(p => derivePodStatus(p, ctx.health(snapshot.cluster, p)))
    .sort(byName);
  const rollout = deriveRollout(objects.deployment);
  const externalSecret = deriveExternalSecretStatus({
    apiState: snapshot.externalSecretsApi,
    externalSecret: objects.externalSecret,
    targetSecretName: objects.targetSecretName,
    targetSecretPresent: Boolean(objects.targetSecret),
    now: ctx.now,
  });
  const keyRotation = deriveKeyRotation({
    secret: objects.targetSecret,
    secretName: objects.targetSecretName,
    externalSecret: objects.externalSecret,
    history: objects.targetSecretName
      ? ctx.history(
          snapshot.cluster,
          install.namespace,
          objects.targetSecretName,
        )
      : [],
    pods: objects.pods,
    limits: ctx.limits,
    now: ctx.now,
  });
  const stale = !snapshot.connected;
  const { state, reasons } = deriveOverallState({
    pods,
    rollout,
    externalSecret,
    keyRotation,
    deploymentFound: Boolean(objects.deployment),
    cluster: {
      stale,
      staleSince: snapshot.staleSince,
      lastError: snapshot.lastError,
      everSynced: Boolean(snapshot.syncedAt),
    },
    now: ctx.now,
  });
  const labels = objects.deployment?.metadata?.labels ?? {};
  const status: InstallStatus = {
    install: { ...install },
    state,
    reasons,
    pods,
    externalSecret,
    keyRotation,
    stale,
  };
  const recorded = recordedEntityOf(objects.deployment);
  if (recorded) {
    status.recorded = recorded;
    status.entityRef = recorded.entityRef;
  }
  if (rollout) status.rollout = rollout;
  if (snapshot.syncedAt) status.observedAt = snapshot.syncedAt;
  if (snapshot.staleSince) status.staleSince = snapshot.staleSince;
  if (snapshot.lastError) status.lastError = { ...snapshot.lastError };
  if (labels['helm.sh/chart'])
    status.chartVersion = labels['helm.sh/chart'].replace(/^.*-(?=\d)/, '');
  if (labels['app.kubernetes.io/version'])
    status.appVersion = labels['app.kubernetes.io/version'];
  return status;
}
