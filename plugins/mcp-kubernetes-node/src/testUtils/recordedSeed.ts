import fs from 'node:fs';
import path from 'node:path';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import type { KubeObject } from './types';

/** The objects that existed when the fixtures were recorded, read back from the recordings. */

export const RECORDINGS_DIR = resolvePackagePath(
  '@mcp-kubernetes/plugin-mcp-kubernetes-node',
  'src/testUtils/__fixtures__/kube-api',
);

/**
 * The text of one recording in `__fixtures__/kube-api` (answers of a real
 * kube-apiserver v1.28.7), e.g. `readRecording('15-pod-get-running.json')`.
 *
 * @public
 */
export function readRecording(file: string): string {
  if (!/^[A-Za-z0-9][\w.-]*$/.test(file)) {
    throw new InputError(
      `readRecording takes a file name from __fixtures__/kube-api, not a path: ${JSON.stringify(
        file,
      )}`,
    );
  }
  return fs.readFileSync(path.join(RECORDINGS_DIR, file), 'utf8');
}

const json = (file: string) => JSON.parse(readRecording(file));

function itemsOf(file: string, apiVersion: string, kind: string): KubeObject[] {
  return json(file).items.map((i: KubeObject) => ({ ...i, apiVersion, kind }));
}

/** Objects in the state of the recordings 10-19 and 30-44 (pods ldv7f + qpbjk, ggv9m added). */
export function recordedObjects(): KubeObject[] {
  const helmSecrets = itemsOf(
    '70-helm-release-secrets-partial.json',
    'v1',
    'Secret',
  ).map(s => ({
    ...s,
    type: 'helm.sh/release.v1',
  }));
  const replacement = json('25-pod-create-replacement.json');
  return [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'mcp-team-a' } },
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'mcp-team-b' } },
    json('15-pod-get-running.json'),
    json('16-pod-get-crashloop.json'),
    {
      ...replacement,
      metadata: {
        ...replacement.metadata,
        labels: {
          ...replacement.metadata.labels,
          'app.kubernetes.io/instance': 'mcp-a-next',
        },
      },
    },
    json('18-deployment-get.json'),
    ...itemsOf('19-replicasets-list.json', 'apps/v1', 'ReplicaSet'),
    json('31-externalsecret-get-synced.json'),
    json('32-externalsecret-get-broken.json'),
    ...itemsOf(
      '36-secretstores-list.json',
      'external-secrets.io/v1',
      'SecretStore',
    ),
    ...itemsOf(
      '38-ciliumnetworkpolicies-list.json',
      'cilium.io/v2',
      'CiliumNetworkPolicy',
    ),
    json('42-secret-full.json'),
    ...helmSecrets,
    json('72-helm-deployment-get.json'),
  ];
}
