import fs from 'node:fs';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { readRecording } from './recordedSeed';
import { RESOURCE_TYPES } from './resources';

/** Discovery documents: the recorded ones where we have them, generated for the rest. */

/** `/apis/{group}/{version}` of every other built-in group, read from a real v1.28.7 server. */
let builtinGroupVersions: Record<string, unknown> | undefined;
function builtinGroupVersion(p: string): unknown {
  builtinGroupVersions ??= JSON.parse(
    fs.readFileSync(
      resolvePackagePath(
        '@mcp-kubernetes/plugin-mcp-kubernetes-node',
        'src/testUtils/__fixtures__/discovery/apis-v1.28.7.json',
      ),
      'utf8',
    ),
  );
  return Object.prototype.hasOwnProperty.call(builtinGroupVersions, p)
    ? builtinGroupVersions![p]
    : undefined;
}

export type DiscoveryAnswer = { body: string } | 'not-found';

const ESO = 'external-secrets.io';

export function discovery(
  urlPath: string,
  esoVersions: string[],
): DiscoveryAnswer | undefined {
  const p = urlPath.replace(/\/+$/, '') || '/';
  switch (p) {
    case '/version':
      return { body: readRecording('01-version.json') };
    case '/api':
      return { body: readRecording('02-api.json') };
    case '/api/v1':
      return { body: readRecording('08-api-v1.json') };
    case '/apis': {
      const list = JSON.parse(readRecording('09-apis-final.json'));
      list.groups = list.groups.flatMap((g: { name: string }) => {
        if (g.name !== ESO) return [g];
        return esoVersions.length ? [esoGroup(esoVersions, false)] : [];
      });
      // Keep the apiserver's key order: kind, apiVersion, groups.
      return { body: JSON.stringify(list) };
    }
    case `/apis/${ESO}`:
      return esoVersions.length
        ? { body: JSON.stringify(esoGroup(esoVersions, true)) }
        : 'not-found';
    default:
  }
  const m = /^\/apis\/([^/]+)\/([^/]+)$/.exec(p);
  if (!m) {
    return undefined;
  }
  const [, group, version] = m;
  if (group === ESO) {
    if (!esoVersions.includes(version)) return 'not-found';
    return {
      body: readRecording('06-apis-external-secrets.io-v1.json').replace(
        '"groupVersion":"external-secrets.io/v1"',
        `"groupVersion":"external-secrets.io/${version}"`,
      ),
    };
  }
  if (group === 'apps' && version === 'v1')
    return { body: readRecording('04-apis-apps-v1.json') };
  if (group === 'cilium.io' && version === 'v2')
    return { body: readRecording('37-apis-cilium.io-v2.json') };
  const real = builtinGroupVersion(p);
  if (real) return { body: JSON.stringify(real) };
  const types = RESOURCE_TYPES.filter(
    r => r.group === group && r.version === version,
  );
  if (!types.length) {
    return 'not-found';
  }
  return {
    body: JSON.stringify({
      kind: 'APIResourceList',
      apiVersion: 'v1',
      groupVersion: `${group}/${version}`,
      resources: types.map(r => ({
        name: r.plural,
        singularName: r.kind.toLowerCase(),
        namespaced: r.namespaced,
        kind: r.kind,
        verbs: [
          'create',
          'delete',
          'deletecollection',
          'get',
          'list',
          'patch',
          'update',
          'watch',
        ],
      })),
    }),
  };
}

function esoGroup(versions: string[], withKind: boolean) {
  const vs = versions.map(v => ({ groupVersion: `${ESO}/${v}`, version: v }));
  const group = { name: ESO, versions: vs, preferredVersion: vs[0] };
  return withKind ? { kind: 'APIGroup', apiVersion: 'v1', ...group } : group;
}
