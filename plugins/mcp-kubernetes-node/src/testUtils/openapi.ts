import { createHash } from 'node:crypto';
import { ResourceType, RESOURCE_TYPES } from './resources';

/**
 * A small `/openapi/v3` for the served types. kubectl-style clients (helm) fetch it before they
 * apply anything, to learn whether PATCH takes `fieldValidation` (then the server validates,
 * which the fake does not imitate, and no client-side schema is needed). So each document has the
 * PATCH operation of every served type with that query parameter and its GVK extension, and no
 * schemas. A real server's documents are megabytes; clients use only this part for the check.
 */

function gvPath(group: string, version: string): string {
  return group ? `apis/${group}/${version}` : `api/${version}`;
}

function itemPath(r: ResourceType): string {
  const prefix = `/${gvPath(r.group, r.version)}`;
  return r.namespaced
    ? `${prefix}/namespaces/{namespace}/${r.plural}/{name}`
    : `${prefix}/${r.plural}/{name}`;
}

function gvDocument(types: ResourceType[]): string {
  const paths: Record<string, unknown> = {};
  for (const r of types) {
    paths[itemPath(r)] = {
      patch: {
        description: `partially update the specified ${r.kind}`,
        operationId: `patch${r.kind}`,
        parameters: [
          {
            name: 'fieldManager',
            in: 'query',
            schema: { type: 'string', uniqueItems: true },
          },
          {
            name: 'fieldValidation',
            in: 'query',
            description:
              'fieldValidation instructs the server on how to handle objects in the request containing unknown or duplicate fields.',
            schema: { type: 'string', uniqueItems: true },
          },
          { name: 'force', in: 'query', schema: { type: 'boolean' } },
        ],
        responses: { '200': { description: 'OK' } },
        'x-kubernetes-action': 'patch',
        'x-kubernetes-group-version-kind': {
          group: r.group,
          kind: r.kind,
          version: r.version,
        },
      },
    };
  }
  return JSON.stringify({
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: 'v1.28.7' },
    paths,
    components: { schemas: {} },
  });
}

/** Answers `/openapi/v3` and `/openapi/v3/{gv}`; undefined for any other path (404). */
export function openApiV3(
  urlPath: string,
  isServed: (r: ResourceType) => boolean,
): string | undefined {
  const byGv = new Map<string, ResourceType[]>();
  for (const r of RESOURCE_TYPES.filter(isServed)) {
    const key = gvPath(r.group, r.version);
    byGv.set(key, [...(byGv.get(key) ?? []), r]);
  }
  const p = urlPath.replace(/\/+$/, '');
  if (p === '/openapi/v3') {
    const paths: Record<string, { serverRelativeURL: string }> = {};
    for (const [gv, types] of byGv) {
      const hash = createHash('sha512')
        .update(gvDocument(types))
        .digest('hex')
        .toUpperCase();
      paths[gv] = { serverRelativeURL: `/openapi/v3/${gv}?hash=${hash}` };
    }
    return JSON.stringify({ paths });
  }
  const gv = p.startsWith('/openapi/v3/') ? p.slice('/openapi/v3/'.length) : '';
  const types = byGv.get(gv);
  return types ? gvDocument(types) : undefined;
}
