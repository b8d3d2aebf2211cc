import type { Config } from '@backstage/config';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import type { V1Deployment, V1Pod } from '@kubernetes/client-node';
import { ResourceReflector, ReflectorTimings } from './ResourceReflector';
import { secretMetadataOnly } from './secretMetadata';
import type {
  ClusterRegistry,
  ClusterSnapshot,
  ClusterWatchCache,
  ExternalSecretObject,
  ExternalSecretsApiState,
  V1PartialObjectMetadata,
} from './types';

/** Settings of the cache (`mcpKubernetes.cache` in app-config). @public */
export interface WatchCacheSettings extends ReflectorTimings {
  /** Selects pods and deployments of installs. */
  labelSelector: string;
  /**
   * Selects ExternalSecrets; empty means all. Teams often write the ExternalSecret by hand
   * (the spec's ESO recipe carries no chart labels), so the default does not filter.
   */
  externalSecretLabelSelector: string;
  /** Selects the ExternalSecrets' target Secrets (metadata only). */
  secretLabelSelector: string;
  /** `start()` waits at most this long for the first list of every cluster. */
  initialSyncTimeoutMs: number;
}

const DEFAULTS: WatchCacheSettings = {
  labelSelector: 'app.kubernetes.io/name=mcp-kubernetes',
  externalSecretLabelSelector: '',
  secretLabelSelector: 'reconcile.external-secrets.io/managed=true',
  stallTimeoutMs: 5 * 60_000,
  watchTimeoutSeconds: 5 * 60,
  backoffInitialMs: 1_000,
  backoffMaxMs: 60_000,
  minHealthyWatchMs: 10_000,
  absentRecheckMs: 5 * 60_000,
  pageSize: 500,
  requestTimeoutMs: 30_000,
  initialSyncTimeoutMs: 10_000,
};

const PARTIAL_LIST =
  'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1';
const PARTIAL_WATCH =
  'application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1';

/** Reads `mcpKubernetes.cache`; seconds in config, milliseconds inside. */
export function readWatchCacheSettings(config: Config): WatchCacheSettings {
  const c = config.getOptionalConfig('mcpKubernetes.cache');
  const seconds = (key: string, fallbackMs: number) => {
    const v = c?.getOptionalNumber(key);
    if (v !== undefined && !(v > 0)) {
      throw new Error(
        `mcpKubernetes.cache.${key} must be a positive number of seconds, got ${v}`,
      );
    }
    return v !== undefined ? v * 1000 : fallbackMs;
  };
  return {
    labelSelector:
      c?.getOptionalString('labelSelector') ?? DEFAULTS.labelSelector,
    externalSecretLabelSelector:
      c?.getOptionalString('externalSecretLabelSelector') ??
      DEFAULTS.externalSecretLabelSelector,
    secretLabelSelector:
      c?.getOptionalString('secretLabelSelector') ??
      DEFAULTS.secretLabelSelector,
    stallTimeoutMs: seconds('stallTimeoutSeconds', DEFAULTS.stallTimeoutMs),
    watchTimeoutSeconds:
      seconds('watchTimeoutSeconds', DEFAULTS.watchTimeoutSeconds * 1000) /
      1000,
    backoffInitialMs: seconds(
      'backoffInitialSeconds',
      DEFAULTS.backoffInitialMs,
    ),
    backoffMaxMs: seconds('backoffMaxSeconds', DEFAULTS.backoffMaxMs),
    minHealthyWatchMs: DEFAULTS.minHealthyWatchMs,
    absentRecheckMs: seconds('absentRecheckSeconds', DEFAULTS.absentRecheckMs),
    requestTimeoutMs: seconds(
      'requestTimeoutSeconds',
      DEFAULTS.requestTimeoutMs,
    ),
    initialSyncTimeoutMs: seconds(
      'initialSyncTimeoutSeconds',
      DEFAULTS.initialSyncTimeoutMs,
    ),
    pageSize: c?.getOptionalNumber('pageSize') ?? DEFAULTS.pageSize,
  };
}

interface ClusterEntry {
  pods: ResourceReflector<V1Pod>;
  deployments: ResourceReflector<V1Deployment>;
  externalSecrets: ResourceReflector<ExternalSecretObject>;
  secrets: ResourceReflector<V1PartialObjectMetadata>;
  /** Rebuilt lazily after a change, so steady-state reads allocate nothing new. */
  lists?: Pick<
    ClusterSnapshot,
    'pods' | 'deployments' | 'externalSecrets' | 'secrets'
  >;
}

/**
 * One set of supervised list+watch reflectors per cluster. `snapshot()` only reads memory.
 *
 * @public
 */
export class DefaultClusterWatchCache implements ClusterWatchCache {
  private readonly clusters = new Map<string, ClusterEntry>();
  private started?: Promise<void>;

  static create(options: {
    registry: ClusterRegistry;
    config: Config;
    logger: LoggerService;
    /** Overrides of the config settings (tests use short timings). */
    settings?: Partial<WatchCacheSettings>;
  }): DefaultClusterWatchCache {
    const settings = {
      ...readWatchCacheSettings(options.config),
      ...options.settings,
    };
    return new DefaultClusterWatchCache(
      options.registry,
      options.logger,
      settings,
    );
  }

  private constructor(
    private readonly registry: ClusterRegistry,
    private readonly logger: LoggerService,
    private readonly settings: WatchCacheSettings,
  ) {}

  /** Starts watching every cluster; waits (bounded) for each cluster's first list attempt. */
  start(): Promise<void> {
    this.started ??= this.startAll();
    return this.started;
  }

  async stop(): Promise<void> {
    const entries = [...this.clusters.values()];
    this.clusters.clear();
    this.started = undefined;
    await Promise.all(entries.flatMap(e => reflectorsOf(e).map(r => r.stop())));
  }

  clusterNames(): string[] {
    return this.registry.listClusters().map(c => c.name);
  }

  snapshot(cluster: string): ClusterSnapshot {
    const entry = this.clusters.get(cluster);
    if (!entry) {
      if (!this.registry.has(cluster)) {
        throw new NotFoundError(`Unknown cluster '${cluster}'`);
      }
      return {
        cluster,
        pods: [],
        deployments: [],
        externalSecrets: [],
        secrets: [],
        externalSecretsApi: 'unknown',
        connected: false,
      };
    }
    entry.lists ??= {
      pods: [...entry.pods.items.values()],
      deployments: [...entry.deployments.items.values()],
      externalSecrets: [...entry.externalSecrets.items.values()],
      secrets: [...entry.secrets.items.values()],
    };
    const all = reflectorsOf(entry);
    const connected = all.every(r => r.connected);
    const contact = all.map(r => r.lastContactAt);
    const stale = all
      .map(r => r.staleSince)
      .filter((t): t is number => t !== undefined);
    const errors = all.map(r => r.lastError).filter(e => e !== undefined);
    const lastError = errors.sort((a, b) => b!.at - a!.at)[0];
    return {
      cluster,
      ...entry.lists,
      externalSecretsApi: esoState(entry.externalSecrets),
      connected,
      syncedAt: contact.every(t => t !== undefined)
        ? new Date(Math.min(...(contact as number[]))).toISOString()
        : undefined,
      staleSince: stale.length
        ? new Date(Math.min(...stale)).toISOString()
        : undefined,
      lastError: lastError
        ? {
            message: lastError.message,
            at: new Date(lastError.at).toISOString(),
          }
        : undefined,
    };
  }

  private async startAll(): Promise<void> {
    const firstAttempts: Promise<void>[] = [];
    for (const { name } of this.registry.listClusters()) {
      const entry = this.createEntry(name);
      this.clusters.set(name, entry);
      for (const r of reflectorsOf(entry)) {
        firstAttempts.push(r.nextAttempt());
        r.start();
      }
    }
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all(firstAttempts),
      new Promise(resolve => {
        timer = setTimeout(resolve, this.settings.initialSyncTimeoutMs);
      }),
    ]);
    clearTimeout(timer);
  }

  private createEntry(cluster: string): ClusterEntry {
    const kc = this.registry.getKubeConfig(cluster);
    const logger = this.logger.child({ cluster });
    const s = this.settings;
    const entry = {} as ClusterEntry;
    const common = {
      kc,
      timings: s,
      logger,
      onChange: () => (entry.lists = undefined),
    };
    entry.pods = new ResourceReflector<V1Pod>({
      ...common,
      resource: `pods in cluster ${cluster}`,
      paths: ['/api/v1/pods'],
      labelSelector: s.labelSelector,
    });
    entry.deployments = new ResourceReflector<V1Deployment>({
      ...common,
      resource: `deployments in cluster ${cluster}`,
      paths: ['/apis/apps/v1/deployments'],
      labelSelector: s.labelSelector,
    });
    entry.externalSecrets = new ResourceReflector<ExternalSecretObject>({
      ...common,
      resource: `externalsecrets in cluster ${cluster}`,
      // ESO serves v1 since 0.17; older operators only v1beta1. 404 on both = not installed.
      paths: [
        '/apis/external-secrets.io/v1/externalsecrets',
        '/apis/external-secrets.io/v1beta1/externalsecrets',
      ],
      optional: true,
      labelSelector: s.externalSecretLabelSelector || undefined,
    });
    // Secrets as metadata only: asked for as PartialObjectMetadata, and stripped here too in
    // case something between us and the API server answers full Secrets.
    entry.secrets = new ResourceReflector<V1PartialObjectMetadata>({
      ...common,
      resource: `secrets (metadata) in cluster ${cluster}`,
      paths: ['/api/v1/secrets'],
      labelSelector: s.secretLabelSelector,
      accept: { list: PARTIAL_LIST, watch: PARTIAL_WATCH },
      project: secretMetadataOnly,
    });
    return entry;
  }
}

function reflectorsOf(e: ClusterEntry): ResourceReflector<any>[] {
  return [e.pods, e.deployments, e.externalSecrets, e.secrets];
}

function esoState(
  r: ResourceReflector<ExternalSecretObject>,
): ExternalSecretsApiState {
  const s = r.apiState;
  if (s === 'absent' || s === 'forbidden' || s === 'unknown') return s;
  return s.path.includes('/v1beta1/')
    ? 'external-secrets.io/v1beta1'
    : 'external-secrets.io/v1';
}
