import {
  AuditorService,
  BackstageCredentials,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import {
  ClusterRegistry,
  HelmCommandError,
  HelmRunner,
  RecordedReleaseOwner,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-node';
import { recordedEntityValues } from '@mcp-kubernetes/plugin-mcp-kubernetes-common';
import { chartDeploymentName } from '../chartObjects';
import { DeployInput } from '../deployInput';
import { DeployProgress, ReadinessReader } from '../progress';
import { ReleaseLocks } from '../../lock/releaseLock';
import { authorizeOperation, checkUpgradeOwnership } from './ownership';

/** Extra time after helm's kill deadline before a lock left by a dead backend frees itself. */
const LOCK_MARGIN_MS = 5 * 60_000;
/** The runner kills helm this long after its own --timeout. */
const HELM_KILL_GRACE_MS = 120_000;

/** How long a release lock lives: past helm's kill deadline, so a crashed backend's lock frees itself. */
export function lockTtlMs(timeoutSeconds: number): number {
  return timeoutSeconds * 1000 + HELM_KILL_GRACE_MS + LOCK_MARGIN_MS;
}

/** @public */
export interface InstallDeps {
  helmRunner: HelmRunner;
  clusterRegistry: ClusterRegistry;
  locks: ReleaseLocks;
  /** Answers `mcp-kubernetes.install.operate` before an existing release is upgraded. */
  permissions: PermissionsService;
  auditor?: AuditorService;
  readOwner: (opts: {
    kubeConfig: ReturnType<ClusterRegistry['getKubeConfig']>;
    namespace: string;
    deploymentName: string;
  }) => Promise<RecordedReleaseOwner>;
  readReadiness?: (opts: {
    kubeConfig: ReturnType<ClusterRegistry['getKubeConfig']>;
    namespace: string;
    name: string;
  }) => Promise<{ desired: number; ready: number } | undefined>;
}

export type InstallResult = {
  revision: number;
  operation: 'install' | 'upgrade';
  status: string;
};

/**
 * Step 5, install: under the release's lock (one helm per release across
 * replicas), an existing release needs ownership, then helm upgrade
 * --install with readable progress. Audited; a rollback is its own event.
 */
export async function installRelease(
  deps: InstallDeps,
  opts: {
    input: DeployInput;
    values: Readonly<Record<string, unknown>>;
    timeoutSeconds: number;
    holder: string;
    credentials: BackstageCredentials;
    ownershipRefs: () => Promise<string[]>;
    /** An upgrade: refuse (NotFoundError) when the release does not exist. */
    requireExisting?: boolean;
    signal?: AbortSignal;
    log: LoggerService;
  },
): Promise<InstallResult> {
  const { input, log } = opts;
  const values = opts.values as Record<string, unknown>;
  const ref = {
    cluster: input.cluster,
    namespace: input.namespace,
    release: input.releaseName,
  };
  const kubeConfig = deps.clusterRegistry.getKubeConfig(input.cluster);
  const deploymentName = chartDeploymentName(input.releaseName, values);
  const ttlMs = lockTtlMs(opts.timeoutSeconds);

  return deps.locks.withLock(ref, { holder: opts.holder, ttlMs }, async () => {
    const current = await deps.helmRunner.releaseState({
      kubeConfig,
      release: input.releaseName,
      namespace: input.namespace,
      signal: opts.signal,
    });
    const operation = current ? 'upgrade' : 'install';
    if (!current && opts.requireExisting) {
      throw new NotFoundError(
        `Release ${input.namespace}/${input.releaseName} does not exist on cluster ${input.cluster}; nothing to upgrade. Install it with the deploy template first.`,
      );
    }
    if (current) {
      log.info(
        `Release ${input.namespace}/${input.releaseName} exists (revision ${current.revision}, ${current.status}); checking that your teams own it`,
      );
      const entityRef = recordedEntityValues(input).catalog.entityRef;
      checkUpgradeOwnership({
        recorded: await deps.readOwner({
          kubeConfig,
          namespace: input.namespace,
          deploymentName,
        }),
        ownershipRefs: await opts.ownershipRefs(),
        namespace: input.namespace,
        release: input.releaseName,
        deploymentName,
        entityRef,
      });
      // The ownership check made sure the recorded entity is this one.
      await authorizeOperation({
        permissions: deps.permissions,
        credentials: opts.credentials,
        entityRef,
        operation: 'upgrade',
        where: `${input.namespace}/${input.releaseName}`,
      });
    }
    const meta = {
      cluster: input.cluster,
      namespace: input.namespace,
      release: input.releaseName,
      environment: input.environment,
      operation,
    };
    const event = await deps.auditor?.createEvent({
      eventId: `release-${operation}`,
      severityLevel: 'medium',
      meta,
    });
    const reader: ReadinessReader | undefined = deps.readReadiness
      ? () =>
          deps.readReadiness!({
            kubeConfig,
            namespace: input.namespace,
            name: deploymentName,
          })
      : undefined;
    const progress = new DeployProgress(log, {
      deploymentName,
      readReadiness: input.wait ? reader : undefined,
    });
    try {
      const done = await deps.helmRunner.upgradeInstall({
        kubeConfig,
        release: input.releaseName,
        namespace: input.namespace,
        values,
        timeoutSeconds: opts.timeoutSeconds,
        wait: input.wait,
        signal: opts.signal,
        onProgress: line => progress.line(line),
      });
      progress.done({ waited: input.wait });
      await event?.success({ meta: { revision: done.revision } });
      return {
        revision: done.revision,
        operation: done.operation,
        status: done.status,
      };
    } catch (e) {
      progress.stopWaiting();
      await event?.fail({ error: e as Error });
      if (e instanceof HelmCommandError && e.rolledBack) {
        progress.rolledBack(current?.revision);
        const rollback = await deps.auditor?.createEvent({
          eventId: 'release-rollback',
          severityLevel: 'medium',
          meta: { ...meta, reason: `failed ${operation}` },
        });
        await rollback?.success({
          meta: { revision: current?.revision ?? null },
        });
      } else if (
        e instanceof HelmCommandError &&
        !current &&
        /removed the failed install/i.test(e.message)
      ) {
        progress.rolledBack(undefined);
      }
      throw e;
    }
  });
}
