import fs from 'node:fs';
import path from 'node:path';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  ApiextensionsV1Api,
  KubeConfig,
  V1CustomResourceDefinition,
} from '@kubernetes/client-node';

/** The CRDs vendored in this package (see src/manifests/crds/README.md for their upstream sources). */
const VENDORED_CRDS_DIR = resolvePackagePath(
  '@mcp-kubernetes/plugin-mcp-kubernetes-node',
  'src/manifests/crds',
);

/** Upstream CRD file name to its vendored JSON copy. */
const VENDORED_CRDS: Record<string, string> = {
  'external-secrets.io_externalsecrets.yaml':
    'externalsecrets.external-secrets.io.json',
  'cilium.io_ciliumnetworkpolicies.minimal.yaml':
    'ciliumnetworkpolicies.cilium.io.minimal.json',
};

/**
 * Creates a CRD unless it exists (CRDs are cluster-wide and shared: never deleted here), and
 * waits until it is Established. `file` is the upstream file name, e.g.
 * `external-secrets.io_externalsecrets.yaml` (external-secrets v2.9.0). Unknown fields are
 * dropped (`fieldValidation=Ignore`, as `kubectl create --validate=false`): ESO's CRDs carry
 * `selectableFields`, which v1.28 does not know.
 *
 * @public
 */
export async function ensureSharedCrd(
  kubeConfig: KubeConfig,
  file: string,
): Promise<string> {
  const vendored = Object.prototype.hasOwnProperty.call(VENDORED_CRDS, file)
    ? VENDORED_CRDS[file]
    : undefined;
  if (!vendored) {
    throw new InputError(
      `No vendored CRD ${JSON.stringify(file)}; use one of: ${Object.keys(
        VENDORED_CRDS,
      ).join(', ')}`,
    );
  }
  const body = JSON.parse(
    fs.readFileSync(path.join(VENDORED_CRDS_DIR, vendored), 'utf8'),
  ) as V1CustomResourceDefinition;
  const name = body.metadata!.name!;
  const api = kubeConfig.makeApiClient(ApiextensionsV1Api);
  await api
    .createCustomResourceDefinition({ body, fieldValidation: 'Ignore' })
    .catch(e => {
      if ((e as { code?: number }).code !== 409) throw e;
    });
  const deadline = Date.now() + 30_000;
  for (;;) {
    const crd = await api.readCustomResourceDefinition({ name });
    if (
      crd.status?.conditions?.some(
        c => c.type === 'Established' && c.status === 'True',
      )
    ) {
      return name;
    }
    if (Date.now() > deadline)
      throw new Error(`CRD ${name} not Established in 30 s`);
    await new Promise(r => setTimeout(r, 200));
  }
}
