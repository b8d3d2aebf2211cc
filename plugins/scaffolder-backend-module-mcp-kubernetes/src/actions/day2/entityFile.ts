import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import {
  DNS1123_LABEL,
  getInstallRefFromAnnotations,
  installKey,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-common';
import { promises as fs } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { entityRefOf, MAX_CATALOG_FILE_BYTES } from '../catalogEntity';

/**
 * The entity file `mcp-kubernetes:catalog:write` wrote for an install, found
 * the way it names files (`<entity namespace>-<entity name>.yaml` in the
 * local catalog directory) from the entity ref the chart recorded. It is
 * ours to remove only when it holds exactly that one entity and its
 * annotations point at this very install.
 */
export type EntityFileVerdict =
  | { ours: true; path: string }
  | { ours: false; path?: string; reason: string };

export async function findOurEntityFile(opts: {
  catalogDir: string | undefined;
  /** The recorded entity ref, e.g. `component:default/mcp-team-a` (from the cluster: untrusted). */
  entityRef: string;
  install: { cluster: string; namespace: string; release: string };
}): Promise<EntityFileVerdict> {
  if (!opts.catalogDir) {
    return { ours: false, reason: 'no local catalog directory is configured' };
  }
  const m = /^component:([^/]+)\/([^/]+)$/.exec(opts.entityRef);
  if (
    !m ||
    m[1].length > 63 ||
    m[2].length > 63 ||
    !DNS1123_LABEL.test(m[1]) ||
    !DNS1123_LABEL.test(m[2])
  ) {
    return {
      ours: false,
      reason: `the recorded entity ${JSON.stringify(
        opts.entityRef,
      )} is not one our deploy writes`,
    };
  }
  const path = resolveSafeChildPath(opts.catalogDir, `${m[1]}-${m[2]}.yaml`);
  let text: string;
  try {
    const st = await fs.lstat(path);
    if (!st.isFile() || st.size > MAX_CATALOG_FILE_BYTES) {
      return { ours: false, path, reason: `${path} is not a small plain file` };
    }
    text = await fs.readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
      return { ours: false, reason: `there is no ${path}` };
    }
    throw e;
  }
  const docs = parseAllDocuments(text);
  const values = Array.isArray(docs)
    ? docs.filter(d => d.errors.length === 0).map(d => d.toJS())
    : [];
  if (
    !Array.isArray(docs) ||
    docs.length !== 1 ||
    values.length !== 1 ||
    entityRefOf(values[0]) !== opts.entityRef
  ) {
    return {
      ours: false,
      path,
      reason: `${path} does not hold exactly ${opts.entityRef}`,
    };
  }
  const install = getInstallRefFromAnnotations(
    values[0]?.metadata?.annotations,
  );
  if (!install || installKey(install) !== installKey(opts.install)) {
    return {
      ours: false,
      path,
      reason: `${path} was not written for the install ${installKey(
        opts.install,
      )}`,
    };
  }
  return { ours: true, path };
}
