/**
 * Test support: every place a string can enter the chart, enumerated from the
 * chart's own values.yaml and values.schema.json so a new parameter is covered
 * without editing the test.
 */

/** A path into the values: keys and array indexes, e.g. ['ingress', 'hosts', 0, 'host']. */
export type ValuePath = Array<string | number>;

export interface StringParameter {
  path: ValuePath;
  /** The payload becomes a map key at `path` instead of a value. */
  asKey: boolean;
}

type Schema = Record<string, any>;

/** Name used in test titles: `ingress.hosts[0].host`, `podAnnotations{key}`. */
export function describePath(p: StringParameter): string {
  const text = p.path
    .map((k, i) => {
      if (typeof k === 'number') return `[${k}]`;
      return i === 0 ? k : `.${k}`;
    })
    .join('');
  return p.asKey ? `${text}{key}` : text;
}

/** JSON pointer of a path, as helm's schema errors print it (`/image/tag`). */
export function pointerOf(path: ValuePath): string {
  return path
    .map(k => `/${String(k).replace(/~/g, '~0').replace(/\//g, '~1')}`)
    .join('');
}

function resolveRef(root: Schema, node: Schema): Schema {
  if (typeof node.$ref === 'string' && node.$ref.startsWith('#/')) {
    const target = node.$ref
      .slice(2)
      .split('/')
      .reduce((n: any, k: string) => n?.[k], root);
    return { ...target, ...node, $ref: undefined };
  }
  return node;
}

function typesOf(node: Schema): string[] {
  if (Array.isArray(node.type)) return node.type;
  if (typeof node.type === 'string') return [node.type];
  return [];
}

/** String leaves of the schema, including map values/keys and free-form objects. */
export function schemaStringParameters(
  root: Schema,
  skipTopLevel: string[] = ['global'],
): StringParameter[] {
  const out: StringParameter[] = [];
  // `refs` holds the definitions being expanded on this path: a recursive one
  // (any JSON with one-line strings) is walked once, not for ever.
  const walk = (raw: Schema, path: ValuePath, refs: ReadonlySet<string>) => {
    const ref = typeof raw.$ref === 'string' ? raw.$ref : undefined;
    if (ref && refs.has(ref)) return;
    const inner = ref ? new Set([...refs, ref]) : refs;
    const node = resolveRef(root, raw);
    for (const branch of [...(node.oneOf ?? []), ...(node.anyOf ?? [])]) {
      walk(branch, path, inner);
    }
    const types = typesOf(node);
    if (types.includes('string')) out.push({ path, asKey: false });
    if (types.includes('array') && node.items) {
      walk(node.items, [...path, 0], inner);
    }
    if (types.includes('object')) {
      const props: Record<string, Schema> = node.properties ?? {};
      for (const [key, child] of Object.entries(props)) {
        if (path.length === 0 && skipTopLevel.includes(key)) continue;
        walk(child, [...path, key], inner);
      }
      const extra = node.additionalProperties;
      if (extra && typeof extra === 'object') {
        // A map such as annotations: its values and its keys are strings.
        walk(extra, [...path, 'example.com/key'], inner);
        out.push({ path, asKey: true });
      } else if (extra !== false && path.length > 0) {
        // Free-form (securityContext, volumes, extraIngress items...): rendered verbatim.
        out.push({ path: [...path, 'x-payload'], asKey: false });
      }
    }
  };
  walk(root, [], new Set());
  return out;
}

/** String leaves of values.yaml (arrays by index). */
export function valuesStringLeaves(values: unknown): StringParameter[] {
  const out: StringParameter[] = [];
  const walk = (node: unknown, path: ValuePath) => {
    if (typeof node === 'string') out.push({ path, asKey: false });
    else if (Array.isArray(node)) node.forEach((v, i) => walk(v, [...path, i]));
    else if (node && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) walk(v, [...path, k]);
    }
  };
  walk(values, []);
  return out;
}

/** Union of both lists, first occurrence wins, in a stable order. */
export function uniqueParameters(
  ...lists: StringParameter[][]
): StringParameter[] {
  const seen = new Map<string, StringParameter>();
  for (const p of lists.flat()) {
    const id = describePath(p);
    if (!seen.has(id)) seen.set(id, p);
  }
  return [...seen.values()];
}

function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v));
}

/**
 * Returns a copy of `values` with `payload` set at the parameter's path.
 * Missing objects/arrays on the way are seeded from `defaults` (the chart's
 * values.yaml), so e.g. the second entry of a default list keeps the first.
 */
export function withValueAt(
  values: Record<string, unknown>,
  p: StringParameter,
  payload: string,
  defaults: Record<string, unknown> = {},
): Record<string, unknown> {
  const out = clone(values);
  let node: any = out;
  let defaultNode: any = defaults;
  const keys = p.asKey ? p.path : p.path.slice(0, -1);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    const nextIsIndex = typeof p.path[i + 1] === 'number';
    const fallback = defaultNode?.[key];
    defaultNode = fallback;
    const existing = node[key];
    const fits =
      existing !== null &&
      typeof existing === 'object' &&
      Array.isArray(existing) === nextIsIndex;
    if (!fits) {
      const seeded =
        fallback !== null &&
        typeof fallback === 'object' &&
        Array.isArray(fallback) === nextIsIndex
          ? clone(fallback)
          : undefined;
      node[key] = seeded ?? (nextIsIndex ? [] : {});
    }
    node = node[key];
  }
  if (p.asKey) node[payload] = 'v';
  else node[p.path[p.path.length - 1]] = payload;
  return out;
}
