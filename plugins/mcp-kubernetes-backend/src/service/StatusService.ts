import { NotFoundError } from '@backstage/errors';
import {
  ClusterInfo,
  countFleet,
  FleetInstallSummary,
  FleetResponse,
  HealthRefresh,
  InstallRef,
  InstallStatus,
  installKey,
  RecordedInstallEntity,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-common';
import type { V1Pod } from '@kubernetes/client-node';
import { PodHealthCheck } from '@mcp-kubernetes/plugin-mcp-kubernetes-common';
import type { ClusterSnapshot } from '@mcp-kubernetes/plugin-mcp-kubernetes-node';
import {
  buildInstallStatus,
  StatusContext,
} from '../status/buildInstallStatus';
import { FingerprintRecord, KeyRotationLimits } from '../status/keyRotation';
import { findInstallObjects, listInstalls } from '../status/findInstall';
import { recordedEntityOf } from '../status/recordedEntity';
import { SnapshotSource } from '../status/snapshotTypes';
import { FleetSnapshot } from './fleetSnapshot';

/**
 * What the catalog says about install entities, keyed by lowercased entity ref: the install
 * each names and its environment. Only used for an install whose recorded entity it is.
 *
 * @public
 */
export type InstallCatalogInfo = Map<
  string,
  { install: InstallRef; environment?: string }
>;

/** Whether an install has objects in the cache, and the entity its Deployment records. @public */
export interface InstallRecord {
  exists: boolean;
  recorded?: RecordedInstallEntity;
}

/** Counts today's policy violations of an install from its live objects, if a policy engine is available. @public */
export type LivePolicyCheck = (
  status: InstallStatus,
  snapshot: ClusterSnapshot,
) => number | undefined;

/** @public */
export interface StatusServiceOptions {
  source: SnapshotSource;
  health: {
    get(cluster: string, pod: V1Pod): PodHealthCheck | undefined;
    /** Refreshes an install's answers before a view when they are older than the freshness. */
    ensureFresh?(ref: InstallRef): Promise<HealthRefresh | void>;
    /** Brings in answers other replicas shared, before a fleet view. */
    pullShared?(): Promise<void>;
    /** Grows when answers change, so the fleet is rebuilt only then. */
    readonly version?: number;
  };
  history: {
    history(key: {
      cluster: string;
      namespace: string;
      secretName: string;
    }): FingerprintRecord[];
  };
  limits: KeyRotationLimits;
  policyCheck?: LivePolicyCheck;
  /** Which environments' policies allow a cluster (for the template's cluster picker). */
  environmentsOfCluster?: (cluster: string) => string[] | undefined;
  now?: () => number;
  /** Changes within this window share one fleet computation (ms). Default 1000. */
  fleetMemoMs?: number;
  /** The fleet is rebuilt at least this often without changes (ms; ages move). Default 60000. */
  fleetMaxAgeMs?: number;
}

/**
 * Answers status, fleet and cluster questions from memory only: the watch caches, the latest
 * probe results and the rotation history index. No method here calls a cluster.
 */
type FleetRow = { status: InstallStatus; snapshot: ClusterSnapshot };

/** @public */
export class StatusService {
  private readonly fleet: FleetSnapshot<FleetRow[]>;

  private constructor(private readonly options: StatusServiceOptions) {
    const now = options.now ?? Date.now;
    this.fleet = new FleetSnapshot({
      source: options.source,
      healthVersion: () => options.health.version ?? 0,
      compute: (clusters, snapshots) => this.computeFleet(clusters, snapshots),
      now,
      minIntervalMs: options.fleetMemoMs ?? 1000,
      maxAgeMs: options.fleetMaxAgeMs ?? 60_000,
    });
  }

  static create(options: StatusServiceOptions): StatusService {
    return new StatusService(options);
  }

  private context(): StatusContext {
    const { health, history, limits } = this.options;
    return {
      health: (cluster, pod) => health.get(cluster, pod),
      history: (cluster, namespace, secretName) =>
        history.history({ cluster, namespace, secretName }),
      limits,
      now: (this.options.now ?? Date.now)(),
    };
  }

  /**
   * Throws a NotFoundError for a cluster the portal does not know; it lists the known ones only
   * when the caller may see them (`revealKnown`).
   */
  assertCluster(cluster: string, options: { revealKnown: boolean }): void {
    const names = this.options.source.clusterNames();
    if (names.includes(cluster)) {
      return;
    }
    const known = options.revealKnown
      ? `. Known clusters: ${names.join(', ') || 'none'}`
      : '';
    throw new NotFoundError(
      `Unknown cluster "${cluster}"${known} (configure it under kubernetes.clusterLocatorMethods)`,
    );
  }

  /** The cluster's snapshot; an unknown cluster is a 404 that lists nothing. */
  private snapshotOf(cluster: string): ClusterSnapshot {
    this.assertCluster(cluster, { revealKnown: false });
    return this.options.source.snapshot(cluster);
  }

  /** Reads the install's recorded entity from the cache; the cluster must be known. */
  recordOf(ref: InstallRef): InstallRecord {
    const objects = findInstallObjects(
      this.snapshotOf(ref.cluster),
      ref.namespace,
      ref.release,
    );
    const recorded = recordedEntityOf(objects.deployment);
    return {
      exists: Boolean(objects.deployment) || objects.pods.length > 0,
      ...(recorded ? { recorded } : {}),
    };
  }

  /** The install's status; the cluster must be known (`assertCluster`). */
  getStatus(ref: InstallRef, extra?: { environment?: string }): InstallStatus {
    const status = buildInstallStatus(
      this.snapshotOf(ref.cluster),
      ref,
      this.context(),
    );
    if (extra?.environment) status.environment = extra.environment;
    return status;
  }

  listClusters(environment?: string): ClusterInfo[] {
    return this.options.source
      .clusterNames()
      .map(name => {
        const snapshot = this.options.source.snapshot(name);
        const info: ClusterInfo = { name, reachable: snapshot.connected };
        const environments = this.options.environmentsOfCluster?.(name);
        if (environments) info.environments = environments;
        if (snapshot.lastError) info.lastError = snapshot.lastError.message;
        if (snapshot.syncedAt) info.lastSyncAt = snapshot.syncedAt;
        return info;
      })
      .filter(
        c => !environment || (c.environments ?? []).includes(environment),
      );
  }

  /** Every install's status; `FleetSnapshot` calls this only when the fleet changed. */
  private computeFleet(
    clusters: string[],
    snapshots: ClusterSnapshot[],
  ): FleetRow[] {
    const ctx = this.context();
    const rows: FleetRow[] = [];
    for (const [i, snapshot] of snapshots.entries()) {
      const cluster = clusters[i];
      for (const { namespace, release } of listInstalls(snapshot)) {
        rows.push({
          status: buildInstallStatus(
            snapshot,
            { cluster, namespace, release },
            ctx,
          ),
          snapshot,
        });
      }
    }
    return rows;
  }

  /** A view of one install: refreshes its health answers when older than the freshness. */
  async viewStatus(
    ref: InstallRef,
    extra?: { environment?: string },
  ): Promise<InstallStatus> {
    this.assertCluster(ref.cluster, { revealKnown: false });
    const healthRefresh = await this.options.health.ensureFresh?.(ref);
    const status = this.getStatus(ref, extra);
    return healthRefresh ? { ...status, healthRefresh } : status;
  }

  /** A view of the fleet: takes in the answers other replicas shared, then the snapshot. */
  async viewFleet(catalog?: InstallCatalogInfo): Promise<FleetResponse> {
    await this.options.health.pullShared?.();
    return this.getFleet(catalog);
  }

  getFleet(catalog: InstallCatalogInfo = new Map()): FleetResponse {
    const { at, value: rows } = this.fleet.get();
    const items: FleetInstallSummary[] = [];
    for (const row of rows) {
      const snapshot = row.snapshot;
      // A copy: the memoised document is shared between callers with different catalog views.
      const status: InstallStatus = { ...row.status };
      const install = status.install;
      // Environment only from the recorded entity, and only while it still names this install.
      const recorded = status.recorded;
      const entry = recorded
        ? catalog.get(recorded.entityRef.toLocaleLowerCase('en-US'))
        : undefined;
      const known =
        entry && installKey(entry.install) === installKey(install)
          ? entry
          : undefined;
      const summary: FleetInstallSummary = {
        install,
        state: status.state,
        reasons: status.reasons.map(r => r.message),
        podsReady: status.pods.filter(p => p.ready).length,
        podsTotal: status.pods.length,
        externalSecretState: status.externalSecret.state,
        keyRotationState: status.keyRotation.state,
        stale: status.stale,
      };
      if (recorded) summary.entityRef = recorded.entityRef;
      if (recorded?.owner) summary.owner = recorded.owner;
      if (known?.environment) summary.environment = known.environment;
      if (status.keyRotation.ageDays !== undefined)
        summary.keyAgeDays = status.keyRotation.ageDays;
      if (status.observedAt) summary.observedAt = status.observedAt;
      if (known?.environment && this.options.policyCheck) {
        status.environment = known.environment;
        const violations = this.options.policyCheck(status, snapshot);
        if (violations !== undefined) summary.policyViolations = violations;
      }
      items.push(summary);
    }
    return {
      items,
      counts: countFleet(items),
      clusters: this.listClusters(),
      generatedAt: new Date(at).toISOString(),
    };
  }
}
