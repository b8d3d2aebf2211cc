import { execFile } from 'node:child_process';
import https from 'node:https';
import http from 'node:http';
import { KubeConfig } from '@kubernetes/client-node';
import { parseAllDocuments } from 'yaml';
import {
  defaultChartPath,
  pinnedHelmEnv,
  pinnedHelmPath,
  PinnedHelmMajor,
} from '../helm/pinnedHelm';
import type { KubeObject } from './types';

/**
 * Test helpers shared by the helm-on-the-fake test and the fake-versus-real comparison: run the
 * pinned helm on our chart (argument arrays, private helm home) and read objects back.
 */

export interface HelmRun {
  code: number;
  stdout: string;
  stderr: string;
}

export function runHelm(
  version: PinnedHelmMajor,
  args: string[],
  timeoutMs = 120_000,
): Promise<HelmRun> {
  return new Promise(resolve => {
    execFile(
      pinnedHelmPath(version),
      args,
      {
        env: { PATH: process.env.PATH ?? '', ...pinnedHelmEnv() },
        timeout: timeoutMs,
        maxBuffer: 32 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        const code = error
          ? Number((error as { code?: unknown }).code ?? 1)
          : 0;
        resolve({ code: Number.isFinite(code) ? code : 1, stdout, stderr });
      },
    );
  });
}

/** `helm upgrade --install` of the repository's chart, waiting the way the deploy action does. */
export function helmUpgradeInstall(opts: {
  version: PinnedHelmMajor;
  kubeconfigPath: string;
  release: string;
  namespace: string;
  set?: string[];
  timeoutSeconds?: number;
}): Promise<HelmRun> {
  const wait =
    opts.version === 'v4'
      ? ['--wait=watcher', '--rollback-on-failure']
      : ['--wait', '--atomic'];
  return runHelm(opts.version, [
    'upgrade',
    '--install',
    opts.release,
    defaultChartPath(),
    '--namespace',
    opts.namespace,
    '--create-namespace',
    '--kubeconfig',
    opts.kubeconfigPath,
    '--timeout',
    `${opts.timeoutSeconds ?? 60}s`,
    ...wait,
    ...(opts.set ?? []).flatMap(s => ['--set', s]),
  ]);
}

/** The objects of a release's manifest (`helm get manifest`). */
export async function releaseManifest(
  version: PinnedHelmMajor,
  kubeconfigPath: string,
  release: string,
  namespace: string,
): Promise<KubeObject[]> {
  const run = await runHelm(version, [
    'get',
    'manifest',
    release,
    '--namespace',
    namespace,
    '--kubeconfig',
    kubeconfigPath,
  ]);
  if (run.code !== 0) throw new Error(`helm get manifest: ${run.stderr}`);
  return parseAllDocuments(run.stdout)
    .map(d => d.toJS() as KubeObject | null)
    .filter((o): o is KubeObject => !!o && typeof o === 'object');
}

/** GET (or DELETE) on an API server with the kubeconfig's credentials; the body as JSON. */
export async function kubeRequest(
  kubeconfigPath: string,
  path: string,
  method = 'GET',
): Promise<{ status: number; body: any; text: string }> {
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfigPath);
  const url = new URL(
    kc.getCurrentCluster()!.server.replace(/\/+$/, '') + path,
  );
  const opts: https.RequestOptions = { method, headers: {} };
  await kc.applyToHTTPSOptions(opts);
  const lib = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = lib.request(url, opts, res => {
      const chunks: Buffer[] = [];
      res.on('data', c => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: any;
        try {
          body = JSON.parse(text);
        } catch {
          body = undefined;
        }
        resolve({ status: res.statusCode ?? 0, body, text });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

const PLURALS: Record<string, string> = {
  ServiceAccount: 'serviceaccounts',
  Service: 'services',
  Secret: 'secrets',
  ConfigMap: 'configmaps',
  Deployment: 'deployments',
  ClusterRole: 'clusterroles',
  ClusterRoleBinding: 'clusterrolebindings',
  Role: 'roles',
  RoleBinding: 'rolebindings',
  Ingress: 'ingresses',
  NetworkPolicy: 'networkpolicies',
  HorizontalPodAutoscaler: 'horizontalpodautoscalers',
  PodDisruptionBudget: 'poddisruptionbudgets',
  CiliumNetworkPolicy: 'ciliumnetworkpolicies',
  ExternalSecret: 'externalsecrets',
};

/** The API path of a manifest object (namespaced when the manifest says so). */
export function objectPath(o: KubeObject): string {
  const plural = PLURALS[o.kind];
  if (!plural) throw new Error(`objectPath: unknown kind ${o.kind}`);
  const base = o.apiVersion.includes('/')
    ? `/apis/${o.apiVersion}`
    : `/api/${o.apiVersion}`;
  const ns = o.metadata.namespace
    ? `/namespaces/${encodeURIComponent(o.metadata.namespace)}`
    : '';
  return `${base}${ns}/${plural}/${encodeURIComponent(o.metadata.name!)}`;
}

/**
 * Paths in `expected` (what the chart rendered) whose value differs in `actual` (what a server
 * returns). Maps are compared key by key, lists element by element; extra fields in `actual`
 * (server defaults) are fine. Numbers and numeric strings compare equal (YAML vs JSON ints).
 */
export function subsetDifferences(
  expected: unknown,
  actual: unknown,
  path = '',
): string[] {
  if (expected === null || expected === undefined) return [];
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length)
      return [`${path}: expected a list of ${expected.length}`];
    return expected.flatMap((e, i) =>
      subsetDifferences(e, actual[i], `${path}[${i}]`),
    );
  }
  if (typeof expected === 'object') {
    if (!actual || typeof actual !== 'object') return [`${path}: missing`];
    return Object.entries(expected as Record<string, unknown>).flatMap(
      ([k, v]) =>
        // An empty map in a manifest may be dropped by the server.
        v &&
        typeof v === 'object' &&
        !Array.isArray(v) &&
        !Object.keys(v).length
          ? []
          : subsetDifferences(
              v,
              (actual as Record<string, unknown>)[k],
              `${path}.${k}`,
            ),
    );
  }
  return String(expected) === String(actual)
    ? []
    : [`${path}: ${JSON.stringify(expected)} != ${JSON.stringify(actual)}`];
}
