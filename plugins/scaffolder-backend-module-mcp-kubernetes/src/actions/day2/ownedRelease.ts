import {
  AuditorService,
  BackstageCredentials,
  LoggerService,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import { normalizeEntityRef } from '@mcp-kubernetes/plugin-mcp-kubernetes-common';
import {
  BUSY_STATES,
  ClusterRegistry,
  HelmReleaseState,
  HelmRunner,
  RecordedReleaseOwner,
  ReleaseBusyError,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-node';
import { ReleaseLocks } from '../../lock/releaseLock';
import { chartDeploymentName } from '../chartObjects';
import { InstallDeps, lockTtlMs } from '../steps/install';
import { authorizeOperation, checkRecordedOwner } from '../steps/ownership';

type KubeConfig = ReturnType<ClusterRegistry['getKubeConfig']>;
/** The auditor's event metadata (a JSON object). */
export type AuditMeta = NonNullable<
  Parameters<AuditorService['createEvent']>[0]['meta']
>;

/** What every day-2 action needs. */
export interface Day2Deps {
  helmRunner: HelmRunner;
  clusterRegistry: ClusterRegistry;
  locks: ReleaseLocks;
  userInfo: UserInfoService;
  /** Answers `mcp-kubernetes.install.operate` on the recorded entity. */
  permissions: PermissionsService;
  auditor?: AuditorService;
  readOwner: InstallDeps['readOwner'];
}

export interface ReleaseTarget {
  cluster: string;
  namespace: string;
  releaseName: string;
}

/** A live release whose recorded owner is among the caller's teams. */
export interface OwnedRelease {
  kubeConfig: KubeConfig;
  state: HelmReleaseState;
  /** The values of the latest revision (as given to helm). */
  values: Record<string, unknown>;
  deploymentName: string;
  recorded: RecordedReleaseOwner;
  /** The recorded entity (or the release's default entity when none is recorded). */
  entityRef: string;
}

const where = (t: ReleaseTarget) =>
  `${t.cluster}/${t.namespace}/${t.releaseName}`;

/** The cluster's kubeconfig; an unknown cluster is an InputError listing the configured ones. */
export function clusterKubeConfig(
  registry: ClusterRegistry,
  cluster: string,
): KubeConfig {
  if (!registry.has(cluster)) {
    const known = registry.listClusters().map(c => c.name);
    throw new InputError(
      `cluster: unknown cluster "${cluster}"; configured clusters: ${
        known.join(', ') || '(none)'
      }`,
    );
  }
  return registry.getKubeConfig(cluster);
}

/**
 * Reads the release (missing → NotFoundError, pending → ReleaseBusyError),
 * finds its Deployment from the latest values, and checks the owner recorded
 * there against the caller's ownership refs. Reads only.
 */
export async function inspectOwnedRelease(
  deps: Day2Deps,
  opts: {
    target: ReleaseTarget;
    credentials: BackstageCredentials;
    /** For messages, e.g. `roll back`. */
    operation: string;
    signal?: AbortSignal;
    log: LoggerService;
  },
): Promise<OwnedRelease> {
  const { target, log } = opts;
  const kubeConfig = clusterKubeConfig(deps.clusterRegistry, target.cluster);
  const ref = {
    kubeConfig,
    release: target.releaseName,
    namespace: target.namespace,
    signal: opts.signal,
  };
  const state = await deps.helmRunner.releaseState(ref);
  if (!state) {
    throw new NotFoundError(
      `Release ${target.namespace}/${target.releaseName} does not exist on cluster ${target.cluster}; nothing to ${opts.operation}. Check the cluster, namespace and release name (the entity's mcp-kubernetes.io/* annotations).`,
    );
  }
  if ((BUSY_STATES as readonly string[]).includes(state.status)) {
    throw new ReleaseBusyError({
      release: target.releaseName,
      namespace: target.namespace,
      state: state.status as (typeof BUSY_STATES)[number],
      revision: state.revision,
    });
  }
  const values = await deps.helmRunner.getValues(ref);
  const deploymentName = chartDeploymentName(target.releaseName, values);
  const recorded = await deps.readOwner({
    kubeConfig,
    namespace: target.namespace,
    deploymentName,
  });
  const entityRef = normalizeEntityRef(
    recorded.entityRef ?? `component:default/${target.releaseName}`,
    'component',
  );
  log.info(
    `Release ${where(target)} is at revision ${state.revision} (${
      state.status
    }); checking that your teams own it`,
  );
  const refs = (await deps.userInfo.getUserInfo(opts.credentials))
    .ownershipEntityRefs;
  checkRecordedOwner({
    recorded,
    ownershipRefs: refs,
    namespace: target.namespace,
    release: target.releaseName,
    deploymentName,
    entityRef,
    operation: opts.operation,
  });
  await authorizeOperation({
    permissions: deps.permissions,
    credentials: opts.credentials,
    entityRef,
    operation: opts.operation,
    where: `${target.namespace}/${target.releaseName}`,
  });
  return { kubeConfig, state, values, deploymentName, recorded, entityRef };
}

/**
 * Runs one day-2 write under the release's lock (the deploy's lock: one helm
 * operation per release across replicas, busy → ReleaseBusyError) as one
 * audit event: the ownership check and `fn` succeed or fail together, so a
 * refused caller is audited too and nothing was changed.
 */
export async function runOnOwnedRelease<T>(
  deps: Day2Deps,
  opts: {
    target: ReleaseTarget;
    credentials: BackstageCredentials;
    operation: string;
    eventId: string;
    meta?: AuditMeta;
    timeoutSeconds: number;
    holder: string;
    signal?: AbortSignal;
    log: LoggerService;
  },
  fn: (owned: OwnedRelease) => Promise<{ result: T; auditMeta?: AuditMeta }>,
): Promise<T> {
  const { target } = opts;
  clusterKubeConfig(deps.clusterRegistry, target.cluster);
  return deps.locks.withLock(
    {
      cluster: target.cluster,
      namespace: target.namespace,
      release: target.releaseName,
    },
    { holder: opts.holder, ttlMs: lockTtlMs(opts.timeoutSeconds) },
    async () => {
      const event = await deps.auditor?.createEvent({
        eventId: opts.eventId,
        severityLevel: 'medium',
        meta: {
          cluster: target.cluster,
          namespace: target.namespace,
          release: target.releaseName,
          ...opts.meta,
        },
      });
      try {
        const owned = await inspectOwnedRelease(deps, opts);
        const { result, auditMeta } = await fn(owned);
        await event?.success({ meta: auditMeta });
        return result;
      } catch (e) {
        await event?.fail({ error: e as Error });
        throw e;
      }
    },
  );
}
