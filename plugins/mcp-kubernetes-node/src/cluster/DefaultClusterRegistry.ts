import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import type { Config } from '@backstage/config';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  CLUSTER_NAME,
  type ClusterInfo,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-common';
import type { ClusterRegistry } from './types';

/** Where a pod's own ServiceAccount token is mounted when the backend runs in a cluster. */
const IN_CLUSTER_TOKEN_FILE =
  '/var/run/secrets/kubernetes.io/serviceaccount/token';

/** Options for tests and unusual hosts. @public */
export interface DefaultClusterRegistryOptions {
  config: Config;
  logger: LoggerService;
  /** Environment used for `KUBECONFIG` and the home directory (default `process.env`). */
  env?: NodeJS.ProcessEnv;
  /** Token file used when a `serviceAccount` cluster has no `serviceAccountToken`. */
  inClusterTokenFile?: string;
}

/**
 * Builds one `KubeConfig` per cluster from `kubernetes.clusterLocatorMethods` (type `config`)
 * and, only when `mcpKubernetes.kubeconfig.enabled` is true, from a local kubeconfig whose
 * contexts become clusters. Bad entries fail start-up with an error naming the config key.
 *
 * @public
 */
export class DefaultClusterRegistry implements ClusterRegistry {
  private readonly clusters: Map<string, KubeConfig>;

  static fromConfig(
    options: DefaultClusterRegistryOptions,
  ): DefaultClusterRegistry {
    const clusters = new Map<string, KubeConfig>();
    const add = (name: string, kc: KubeConfig, key: string) => {
      if (clusters.has(name)) {
        throw new InputError(
          `Cluster name '${name}' at ${key} is already used by another cluster; cluster names must be unique`,
        );
      }
      clusters.set(name, kc);
    };
    readLocatorMethods(options, add);
    readLocalKubeconfig(options, add);
    options.logger.info(
      `mcp-kubernetes clusters: ${
        [...clusters.keys()].join(', ') || '(none configured)'
      }`,
    );
    return new DefaultClusterRegistry(clusters);
  }

  private constructor(clusters: Map<string, KubeConfig>) {
    this.clusters = clusters;
  }

  listClusters(): ClusterInfo[] {
    return [...this.clusters.keys()].sort().map(name => ({ name }));
  }

  has(name: string): boolean {
    return this.clusters.has(name);
  }

  getKubeConfig(name: string): KubeConfig {
    const kc = this.clusters.get(name);
    if (!kc) {
      throw new NotFoundError(
        `Unknown cluster '${name}'; configured clusters: ${
          [...this.clusters.keys()].sort().join(', ') || '(none)'
        }`,
      );
    }
    return kc;
  }
}

type AddCluster = (name: string, kc: KubeConfig, key: string) => void;

function readLocatorMethods(
  options: DefaultClusterRegistryOptions,
  add: AddCluster,
) {
  const methods =
    options.config.getOptionalConfigArray('kubernetes.clusterLocatorMethods') ??
    [];
  methods.forEach((method, i) => {
    const methodKey = `kubernetes.clusterLocatorMethods[${i}]`;
    const type = method.getString('type');
    if (type !== 'config') {
      // Other locators (catalog, gke, ...) belong to the Kubernetes plugin; we only read static config.
      options.logger.warn(
        `${methodKey}.type '${type}' is not supported by mcp-kubernetes (only 'config'); skipping it`,
      );
      return;
    }
    (method.getOptionalConfigArray('clusters') ?? []).forEach((cluster, j) => {
      const key = `${methodKey}.clusters[${j}]`;
      const name = cluster.getString('name');
      checkName(name, `${key}.name`);
      add(name, kubeConfigFromClusterConfig(cluster, key, name, options), key);
    });
  });
}

function kubeConfigFromClusterConfig(
  cluster: Config,
  key: string,
  name: string,
  options: DefaultClusterRegistryOptions,
): KubeConfig {
  const url = cluster.getString('url');
  const skipTLSVerify = cluster.getOptionalBoolean('skipTLSVerify') ?? false;
  checkUrl(url, skipTLSVerify, `${key}.url`);
  const authProvider =
    cluster.getOptionalString('authProvider') ?? 'serviceAccount';
  if (authProvider !== 'serviceAccount') {
    throw new InputError(
      `${key}.authProvider '${authProvider}' is not supported by mcp-kubernetes; use 'serviceAccount' with serviceAccountToken`,
    );
  }
  const caData = cluster.getOptionalString('caData');
  const caFile = cluster.getOptionalString('caFile');
  if (caFile && !fs.existsSync(caFile)) {
    throw new InputError(
      `${key}.caFile '${caFile}' does not exist; fix the path or use caData`,
    );
  }
  const token = cluster.getOptionalString('serviceAccountToken');
  const tokenFile = options.inClusterTokenFile ?? IN_CLUSTER_TOKEN_FILE;
  if (!token && !fs.existsSync(tokenFile)) {
    throw new InputError(
      `${key}.serviceAccountToken is missing and no in-cluster token exists at ${tokenFile}; set serviceAccountToken`,
    );
  }
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name, server: url, caData, caFile, skipTLSVerify }],
    // A missing token means "the backend's own ServiceAccount": client-node re-reads the file as it rotates.
    users: [
      token
        ? { name, token }
        : { name, authProvider: { name: 'tokenFile', config: { tokenFile } } },
    ],
    contexts: [{ name, cluster: name, user: name }],
    currentContext: name,
  });
  return kc;
}

function readLocalKubeconfig(
  options: DefaultClusterRegistryOptions,
  add: AddCluster,
) {
  const section = options.config.getOptionalConfig('mcpKubernetes.kubeconfig');
  if (!section?.getOptionalBoolean('enabled')) {
    return;
  }
  const env = options.env ?? process.env;
  const configured = section.getOptionalString('path');
  const file =
    configured ??
    env.KUBECONFIG?.split(path.delimiter).find(Boolean) ??
    path.join(env.HOME ?? os.homedir(), '.kube', 'config');
  const key = configured
    ? 'mcpKubernetes.kubeconfig.path'
    : 'mcpKubernetes.kubeconfig.enabled';
  if (!fs.existsSync(file)) {
    throw new InputError(
      `Kubeconfig ${file} (from ${
        configured ? key : 'KUBECONFIG or ~/.kube/config'
      }) does not exist; set mcpKubernetes.kubeconfig.path or disable mcpKubernetes.kubeconfig.enabled`,
    );
  }
  const all = new KubeConfig();
  try {
    all.loadFromFile(file);
  } catch (e) {
    throw new InputError(
      `Kubeconfig ${file} (${key}) cannot be parsed: ${(e as Error).message}`,
    );
  }
  const only = section.getOptionalStringArray('contexts');
  for (const context of all.getContexts()) {
    if (only && !only.includes(context.name)) {
      continue;
    }
    const cluster = all.getCluster(context.cluster);
    const user = all.getUser(context.user);
    if (!cluster || !user) {
      throw new InputError(
        `Kubeconfig ${file} context '${context.name}' refers to a missing cluster or user; fix the file or list only valid contexts in mcpKubernetes.kubeconfig.contexts`,
      );
    }
    checkName(context.name, `context name in ${file}`);
    checkUrl(
      cluster.server,
      cluster.skipTLSVerify,
      `cluster '${cluster.name}' server in ${file}`,
    );
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [cluster],
      users: [user],
      contexts: [{ ...context, name: context.name }],
      currentContext: context.name,
    });
    add(context.name, kc, `${file} context '${context.name}'`);
  }
}

function checkName(name: string, key: string) {
  if (!CLUSTER_NAME.test(name)) {
    throw new InputError(
      `${key} '${name}' is not a valid cluster name; use letters, digits, '.', '_' or '-' (max 63)`,
    );
  }
}

function checkUrl(url: string, skipTLSVerify: boolean, key: string) {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new InputError(
      `${key} '${url}' is not a URL; write it like https://host:6443`,
    );
  }
  if (parsed.protocol === 'http:' && !skipTLSVerify) {
    throw new InputError(
      `${key} uses plain http; use https, or set skipTLSVerify: true for a local test server`,
    );
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new InputError(
      `${key} must be an http(s) URL, got '${parsed.protocol}'`,
    );
  }
}
