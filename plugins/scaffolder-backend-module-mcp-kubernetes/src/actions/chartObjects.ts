import { InputError } from '@backstage/errors';
import {
  parseRenderedManifests,
  RenderedManifests,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-node';

/**
 * The allow-list of what a deploy may apply: exactly the objects the chart
 * makes for THIS release. Names follow the chart's helpers
 * (chart/templates/_helpers.tpl): `fullname` from the release and
 * nameOverride/fullnameOverride, the ClusterRole(Binding) prefixed with the
 * namespace, the OAuth Secret/ExternalSecret and the ServiceAccount from their
 * values. Anything else in a render (a smuggled ClusterRoleBinding or
 * ConfigMap, an object in another namespace, a second copy) is refused.
 */

const CHART_NAME = 'mcp-kubernetes';

/** Sprig's `trunc 63 | trimSuffix "-"`. */
const trunc63 = (s: string) => s.slice(0, 63).replace(/-$/, '');

const str = (v: unknown) => (typeof v === 'string' ? v : '');

function get(values: Record<string, unknown>, path: string[]): unknown {
  let cur: unknown = values;
  for (const key of path) {
    if (typeof cur !== 'object' || cur === null || Array.isArray(cur)) {
      return undefined;
    }
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

/** The chart's `mcp-kubernetes.fullname`. */
export function chartFullname(
  release: string,
  values: Record<string, unknown>,
): string {
  const fullnameOverride = str(values.fullnameOverride);
  if (fullnameOverride) {
    return trunc63(fullnameOverride);
  }
  const name = str(values.nameOverride) || CHART_NAME;
  return release.includes(name)
    ? trunc63(release)
    : trunc63(`${release}-${name}`);
}

/** The Deployment the chart makes (where the recorded owner lives). */
export function chartDeploymentName(
  release: string,
  values: Record<string, unknown>,
): string {
  return chartFullname(release, values);
}

const CLUSTER_SCOPED = new Set(['ClusterRole', 'ClusterRoleBinding']);

/** kind → the one name the chart may give it for this release. */
export function expectedObjects(
  release: string,
  namespace: string,
  values: Record<string, unknown>,
): Map<string, Set<string>> {
  const fullname = chartFullname(release, values);
  const saCreate = get(values, ['serviceAccount', 'create']) !== false;
  const saName =
    str(get(values, ['serviceAccount', 'name'])) ||
    (saCreate ? fullname : 'default');
  const oauthSecret =
    str(get(values, ['mcpKubernetes', 'oauth', 'existingSecret'])) ||
    trunc63(`${fullname}-oauth`);
  const clusterRole = trunc63(`${namespace}-${fullname}`);
  const byKind: Array<[string, string[]]> = [
    ['Deployment', [fullname]],
    ['Service', [fullname]],
    ['Ingress', [fullname]],
    ['NetworkPolicy', [fullname]],
    ['CiliumNetworkPolicy', [fullname]],
    ['PodDisruptionBudget', [fullname]],
    ['HorizontalPodAutoscaler', [fullname]],
    ['ServiceMonitor', [fullname]],
    ['ServiceAccount', [saName]],
    ['Role', [fullname]],
    ['RoleBinding', [fullname]],
    ['Secret', [oauthSecret]],
    ['ExternalSecret', [oauthSecret]],
    ['ClusterRole', [clusterRole]],
    ['ClusterRoleBinding', [clusterRole]],
  ];
  return new Map(byKind.map(([kind, names]) => [kind, new Set(names)]));
}

/** One rendered object, identified. */
export interface RenderedRef {
  kind: string;
  name: string;
  namespace?: string;
}

/** Parses every document of a render; a document that is not one object is refused. */
export function parseRenderedObjects(
  manifests: string | RenderedManifests,
): RenderedRef[] {
  const out: RenderedRef[] = [];
  // YAML 1.1, as helm and the API server (sigs.k8s.io/yaml) read the render: a name such as
  // `on` is the boolean they see, not the string YAML 1.2 would make of it. The manifest checks
  // read the same version, so the render is composed once for both.
  const docs = (
    typeof manifests === 'string'
      ? parseRenderedManifests(manifests)
      : manifests
  ).documents('1.1');
  for (const [i, doc] of docs.entries()) {
    if (doc.errors.length) {
      throw new InputError(
        `The rendered chart is not valid YAML (document ${
          i + 1
        }); nothing was deployed`,
      );
    }
    const obj = doc.toJS({ maxAliasCount: 0 }) as unknown;
    if (obj === null || obj === undefined) {
      continue; // an empty document (a template that rendered nothing)
    }
    if (typeof obj !== 'object' || Array.isArray(obj)) {
      throw new InputError(
        `The rendered chart holds document ${
          i + 1
        } that is not a Kubernetes object; nothing was deployed`,
      );
    }
    const o = obj as {
      kind?: unknown;
      metadata?: { name?: unknown; namespace?: unknown };
    };
    out.push({
      kind: str(o.kind),
      name: str(o.metadata?.name),
      namespace:
        o.metadata?.namespace === undefined
          ? undefined
          : str(o.metadata.namespace),
    });
  }
  return out;
}

const describe = (r: RenderedRef) =>
  `${r.kind || '(no kind)'}/${r.name || '(no name)'}${
    r.namespace ? ` in namespace ${r.namespace}` : ''
  }`;

/**
 * Throws an InputError naming every rendered object the chart does not make
 * for this release; returns the objects otherwise.
 */
export function checkAllowedObjects(opts: {
  manifests: string | RenderedManifests;
  release: string;
  namespace: string;
  values: Record<string, unknown>;
}): RenderedRef[] {
  const objects = parseRenderedObjects(opts.manifests);
  const allowed = expectedObjects(opts.release, opts.namespace, opts.values);
  const seen = new Set<string>();
  const refused: string[] = [];
  for (const o of objects) {
    const key = `${o.kind}/${o.name}`;
    if (!allowed.get(o.kind)?.has(o.name)) {
      refused.push(
        `${describe(o)} (not an object this chart makes for release ${
          opts.release
        })`,
      );
    } else if (
      CLUSTER_SCOPED.has(o.kind)
        ? o.namespace
        : o.namespace !== undefined && o.namespace !== opts.namespace
    ) {
      refused.push(
        `${describe(o)} (outside the target namespace ${opts.namespace})`,
      );
    } else if (seen.has(key)) {
      refused.push(`${describe(o)} (rendered twice)`);
    }
    seen.add(key);
  }
  if (refused.length) {
    throw new InputError(
      `The rendered chart holds ${
        refused.length
      } object(s) outside the allow-list, nothing was deployed: ${refused.join(
        '; ',
      )}`,
    );
  }
  return objects;
}
