/**
 * Strategic merge patch for the fields helm 3's three-way patches touch: lists with a merge key
 * merge element by element (containers by name, ports by containerPort/port, ...), the `$patch`,
 * `$retainKeys`, `$setElementOrder/` and `$deleteFromPrimitiveList/` directives are honoured.
 * Lists without a known merge key are replaced, as the real server does for atomic lists.
 */

const MERGE_KEYS: Record<string, string[]> = {
  containers: ['name'],
  initContainers: ['name'],
  ephemeralContainers: ['name'],
  env: ['name'],
  volumes: ['name'],
  volumeMounts: ['mountPath'],
  volumeDevices: ['devicePath'],
  imagePullSecrets: ['name'],
  hostAliases: ['ip'],
  conditions: ['type'],
  ports: ['containerPort', 'port'],
};

type Json = Record<string, unknown>;
const isMap = (v: unknown): v is Json =>
  !!v && typeof v === 'object' && !Array.isArray(v);

function mergeKeyFor(field: string, items: unknown[]): string | undefined {
  const candidates = MERGE_KEYS[field];
  if (!candidates) return undefined;
  return candidates.find(k => items.some(i => isMap(i) && k in i));
}

export function strategicMergePatch(target: unknown, patch: unknown): unknown {
  if (!isMap(patch)) return patch;
  if (patch.$patch === 'replace') {
    const { $patch: _p, ...rest } = patch;
    return stripDirectives(rest);
  }
  if (patch.$patch === 'delete') return undefined;
  const out: Json = isMap(target) ? { ...target } : {};
  const retain = Array.isArray(patch.$retainKeys)
    ? new Set(patch.$retainKeys as string[])
    : undefined;
  for (const [key, value] of Object.entries(patch)) {
    if (key === '$patch' || key === '$retainKeys') continue;
    if (key.startsWith('$setElementOrder/')) continue;
    if (key.startsWith('$deleteFromPrimitiveList/')) {
      const field = key.slice('$deleteFromPrimitiveList/'.length);
      const drop = new Set(value as unknown[]);
      if (Array.isArray(out[field]))
        out[field] = (out[field] as unknown[]).filter(v => !drop.has(v));
      continue;
    }
    if (value === null) {
      delete out[key];
      continue;
    }
    if (Array.isArray(value)) {
      out[key] = mergeList(key, out[key], value);
      continue;
    }
    const merged = strategicMergePatch(out[key], value);
    if (merged === undefined) delete out[key];
    else out[key] = merged;
  }
  if (retain) {
    for (const k of Object.keys(out)) if (!retain.has(k)) delete out[k];
  }
  return out;
}

function mergeList(field: string, current: unknown, patch: unknown[]): unknown {
  const key = mergeKeyFor(field, patch);
  if (!key || !Array.isArray(current)) return stripDirectives(patch);
  if (patch.some(p => isMap(p) && p.$patch === 'replace')) {
    return stripDirectives(
      patch.filter(p => !(isMap(p) && p.$patch === 'replace')),
    );
  }
  const out = [...current];
  for (const item of patch) {
    if (!isMap(item)) continue;
    const i = out.findIndex(c => isMap(c) && c[key] === item[key]);
    if (item.$patch === 'delete') {
      if (i >= 0) out.splice(i, 1);
    } else if (i >= 0) {
      out[i] = strategicMergePatch(out[i], item);
    } else {
      out.push(stripDirectives(item));
    }
  }
  return out;
}

function stripDirectives(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(stripDirectives);
  if (!isMap(v)) return v;
  const out: Json = {};
  for (const [k, val] of Object.entries(v)) {
    if (k.startsWith('$')) continue;
    out[k] = stripDirectives(val);
  }
  return out;
}
