import fs from 'node:fs';
import path from 'node:path';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import {
  ApiextensionsV1Api,
  KubeConfig,
  V1CustomResourceDefinition,
} from '@kubernetes/client-node';
import { parse } from 'yaml';

/** The team's shared fixtures, cloned beside the repo (`../shared`). */
export const SHARED_CRDS_DIR = path.resolve(
  resolvePackagePath('@mcp-kubernetes/plugin-mcp-kubernetes-node'),
  '../../../shared/fixtures/crds',
);

/**
 * Creates a CRD from `../shared/fixtures/crds/<file>` unless it exists (CRDs are cluster-wide
 * and shared: never deleted here), and waits until it is Established. Unknown fields are
 * dropped (`fieldValidation=Ignore`, as `kubectl create --validate=false`): ESO's CRDs carry
 * `selectableFields`, which v1.28 does not know.
 *
 * @public
 */
export async function ensureSharedCrd(
  kubeConfig: KubeConfig,
  file: string,
): Promise<string> {
  const full = path.join(SHARED_CRDS_DIR, file);
  if (!fs.existsSync(full)) {
    throw new Error(
      `${full} not found: clone the team's shared/ folder beside the repo`,
    );
  }
  const body = parse(
    fs.readFileSync(full, 'utf8'),
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
