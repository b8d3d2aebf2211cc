import { createHash } from 'node:crypto';
import { MCP_KUBERNETES_RECORDED_ANNOTATIONS as RECORDED } from '@mcp-kubernetes/plugin-mcp-kubernetes-common';
import type { KubeObject } from './types';

/**
 * Builders for the objects one mcp-kubernetes install has in a cluster, shaped like the
 * recordings (labels, probes, ESO conditions, managedFields). Pods are created directly
 * (no ReplicaSet objects) because nothing reconciles in the fake.
 */

/** @public */
export interface McpInstallSeedOptions {
  namespace: string;
  release: string;
  replicas?: number;
  image?: string;
  healthPath?: string;
  /** Target Secret of the ExternalSecret (default `<release>-oauth-credentials`). */
  secretName?: string;
  /** Clock for timestamps (default: now). */
  now?: Date;
  /**
   * Entity recorded on the Deployment as the portal's deploy does
   * (`mcp-kubernetes.io/entity-ref`); default `component:default/<release>`,
   * `null` for an install made outside the portal (no annotation).
   */
  entityRef?: string | null;
  /** Owner recorded next to it (`mcp-kubernetes.io/owner`); default `group:default/platform-team`, `null` for none. */
  owner?: string | null;
}

/** @public */
export interface McpInstallSeed {
  deployment: KubeObject;
  pods: KubeObject[];
  externalSecret: KubeObject;
  secret: KubeObject;
  /** Every object above, in creation order. */
  all: KubeObject[];
}

const iso = (d: Date) => d.toISOString().replace(/\.\d+Z$/, 'Z');
const ago = (now: Date, ms: number) => new Date(now.getTime() - ms);

/** @public */
export function buildMcpInstall(
  options: McpInstallSeedOptions,
): McpInstallSeed {
  const { namespace, release } = options;
  const now = options.now ?? new Date();
  const replicas = options.replicas ?? 2;
  const image = options.image ?? 'ghcr.io/example/mcp-kubernetes:0.4.2';
  const healthPath = options.healthPath ?? '/health';
  const secretName = options.secretName ?? `${release}-oauth-credentials`;
  const entityRef =
    options.entityRef === undefined
      ? `component:default/${release}`
      : options.entityRef;
  const owner =
    options.owner === undefined ? 'group:default/platform-team' : options.owner;
  // What the chart writes on the Deployment from catalog.entityRef and catalog.owner.
  const recorded: Record<string, string> = {
    ...(entityRef ? { [RECORDED.entityRef]: entityRef } : {}),
    ...(entityRef && owner ? { [RECORDED.owner]: owner } : {}),
  };
  const selectorLabels = {
    'app.kubernetes.io/instance': release,
    'app.kubernetes.io/name': 'mcp-kubernetes',
  };
  const labels = {
    ...selectorLabels,
    'app.kubernetes.io/managed-by': 'Helm',
    'app.kubernetes.io/version': '0.4.2',
    'backstage.io/kubernetes-id': release,
    'helm.sh/chart': 'mcp-kubernetes-0.4.2',
  };
  const podLabels = {
    ...selectorLabels,
    'backstage.io/kubernetes-id': release,
    'pod-template-hash': '6c9f7d8b4f',
  };
  const probe = {
    httpGet: { path: healthPath, port: 8080, scheme: 'HTTP' },
    timeoutSeconds: 1,
    periodSeconds: 10,
    successThreshold: 1,
    failureThreshold: 3,
  };
  const container = {
    name: 'mcp-kubernetes',
    image,
    ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
    env: [
      {
        name: 'OAUTH_ENCRYPTION_KEY',
        valueFrom: {
          secretKeyRef: { name: secretName, key: 'oauth-encryption-key' },
        },
      },
    ],
    resources: {
      limits: { cpu: '500m', memory: '256Mi' },
      requests: { cpu: '100m', memory: '128Mi' },
    },
    readinessProbe: probe,
    livenessProbe: { ...probe, initialDelaySeconds: 10, periodSeconds: 20 },
  };
  const created = ago(now, 2 * 3600_000);
  const deployment: KubeObject = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: release,
      namespace,
      generation: 1,
      creationTimestamp: iso(created),
      labels,
      annotations: {
        'meta.helm.sh/release-name': release,
        'meta.helm.sh/release-namespace': namespace,
        ...recorded,
      },
    },
    spec: {
      replicas,
      selector: { matchLabels: selectorLabels },
      template: {
        metadata: { labels: podLabels },
        spec: {
          containers: [container],
          serviceAccountName: `${release}-mcp-kubernetes`,
        },
      },
    },
    status: {
      observedGeneration: 1,
      replicas,
      updatedReplicas: replicas,
      readyReplicas: replicas,
      availableReplicas: replicas,
      conditions: [
        {
          type: 'Available',
          status: 'True',
          reason: 'MinimumReplicasAvailable',
          lastTransitionTime: iso(created),
        },
      ],
    },
  };
  const started = ago(now, 3600_000);
  const pods = Array.from(
    { length: replicas },
    (_, i): KubeObject => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: `${release}-6c9f7d8b4f-${podSuffix(release, i)}`,
        generateName: `${release}-6c9f7d8b4f-`,
        namespace,
        creationTimestamp: iso(started),
        labels: podLabels,
        ownerReferences: [
          {
            apiVersion: 'apps/v1',
            kind: 'ReplicaSet',
            name: `${release}-6c9f7d8b4f`,
            uid: 'seed-rs-uid',
            controller: true,
            blockOwnerDeletion: true,
          },
        ],
      },
      spec: {
        containers: [container],
        nodeName: 'worker-1',
        serviceAccountName: `${release}-mcp-kubernetes`,
        restartPolicy: 'Always',
      },
      status: {
        phase: 'Running',
        conditions: [
          {
            type: 'Ready',
            status: 'True',
            lastProbeTime: null,
            lastTransitionTime: iso(started),
          },
        ],
        podIP: `10.244.0.${10 + i}`,
        startTime: iso(started),
        containerStatuses: [
          {
            name: 'mcp-kubernetes',
            ready: true,
            started: true,
            restartCount: 0,
            image,
            imageID: `${image}@sha256:${'b2'.repeat(32)}`,
            state: { running: { startedAt: iso(started) } },
            lastState: {},
          },
        ],
        qosClass: 'Burstable',
      },
    }),
  );
  const externalSecret: KubeObject = {
    apiVersion: 'external-secrets.io/v1',
    kind: 'ExternalSecret',
    metadata: {
      name: secretName,
      namespace,
      generation: 1,
      creationTimestamp: iso(created),
      labels: { ...labels },
      annotations: {
        'meta.helm.sh/release-name': release,
        'meta.helm.sh/release-namespace': namespace,
      },
    },
    spec: {
      refreshInterval: '1h',
      secretStoreRef: { kind: 'SecretStore', name: 'gcp-secret-manager' },
      target: {
        name: secretName,
        creationPolicy: 'Owner',
        deletionPolicy: 'Retain',
      },
      data: [
        {
          secretKey: 'oauth-encryption-key',
          remoteRef: { key: `${release}-oauth-encryption-key` },
        },
      ],
    },
    status: {
      conditions: [
        {
          type: 'Ready',
          status: 'True',
          reason: 'SecretSynced',
          message: 'secret synced',
          lastTransitionTime: iso(ago(now, 30 * 60_000)),
        },
      ],
      refreshTime: iso(ago(now, 10 * 60_000)),
      syncedResourceVersion: '1-seed',
      binding: { name: secretName },
    },
  };
  const secret = secretChangedDaysAgo(
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {
        name: secretName,
        namespace,
        creationTimestamp: iso(created),
        labels: {
          'reconcile.external-secrets.io/managed': 'true',
          'reconcile.external-secrets.io/created-by': 'seed',
        },
        ownerReferences: [
          {
            apiVersion: 'external-secrets.io/v1',
            kind: 'ExternalSecret',
            name: secretName,
            uid: 'seed-es-uid',
            controller: true,
            blockOwnerDeletion: true,
          },
        ],
      },
      type: 'Opaque',
      data: {
        'oauth-encryption-key': Buffer.from(`FAKE-${release}-key`).toString(
          'base64',
        ),
      },
    },
    0.1,
    now,
  );
  return {
    deployment,
    pods,
    externalSecret,
    secret,
    all: [deployment, ...pods, externalSecret, secret],
  };
}

/** A pod whose container keeps crashing: not Ready, waiting CrashLoopBackOff, last exit Error/1. @public */
export function crashLoopPod(pod: KubeObject, restarts = 7): KubeObject {
  const status = structuredClone(pod.status ?? {}) as Record<string, any>;
  status.conditions = [
    {
      type: 'Ready',
      status: 'False',
      reason: 'ContainersNotReady',
      lastProbeTime: null,
      lastTransitionTime: status.startTime,
    },
  ];
  status.containerStatuses = (status.containerStatuses ?? []).map(
    (c: Record<string, unknown>) => ({
      ...c,
      ready: false,
      started: false,
      restartCount: restarts,
      state: {
        waiting: {
          reason: 'CrashLoopBackOff',
          message: `back-off 5m0s restarting failed container=${c.name}`,
        },
      },
      lastState: {
        terminated: {
          exitCode: 1,
          reason: 'Error',
          startedAt: status.startTime,
          finishedAt: status.startTime,
        },
      },
    }),
  );
  return { ...pod, status };
}

/** An ExternalSecret whose last sync failed at `since`. @public */
export function failingExternalSecret(
  es: KubeObject,
  message = 'could not get secret data from provider',
  since: Date = new Date(),
): KubeObject {
  const status = { ...(es.status as Record<string, unknown>) };
  status.conditions = [
    {
      type: 'Ready',
      status: 'False',
      reason: 'SecretSyncedError',
      message,
      lastTransitionTime: iso(since),
    },
  ];
  return { ...es, status };
}

/**
 * A Secret whose data last changed `days` ago, as ESO leaves it: a new
 * `reconcile.external-secrets.io/data-hash` and a managedFields entry with that time.
 *
 * @public
 */
export function secretChangedDaysAgo(
  secret: KubeObject,
  days: number,
  now: Date = new Date(),
  hash?: string,
): KubeObject {
  const at = iso(ago(now, days * 86_400_000));
  const dataHash =
    hash ??
    createHash('sha256')
      .update(`${secret.metadata.name}-${at}`)
      .digest('hex')
      .slice(0, 56);
  const es = secret.metadata.name;
  return {
    ...secret,
    metadata: {
      ...secret.metadata,
      annotations: {
        ...secret.metadata.annotations,
        'reconcile.external-secrets.io/data-hash': dataHash,
      },
      managedFields: [
        {
          manager: `externalsecrets.external-secrets.io/${es}`,
          operation: 'Update',
          apiVersion: 'v1',
          time: at,
          fieldsType: 'FieldsV1',
          fieldsV1: {
            'f:data': {},
            'f:metadata': {
              'f:annotations': {
                'f:reconcile.external-secrets.io/data-hash': {},
              },
            },
          },
        },
      ],
    },
  };
}

function podSuffix(release: string, i: number): string {
  return createHash('sha1')
    .update(`${release}-${i}`)
    .digest('hex')
    .replace(/[0-9]/g, c => 'bcdfghjklm'[Number(c)])
    .slice(0, 5);
}
