import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { ObjectStore } from './objectStore';
import type { ParsedPath } from './resources';
import { failureStatus, notFound, qualifiedResource } from './statusBodies';
import type { KubeObject } from './types';
import { sendJson } from './wire';
import { applyWriteDefaults } from './defaults';
import { strategicMergePatch } from './strategicMerge';

/** Create, update, patch and delete, with the apiserver's 201/409/422 answers. */

const DNS1123_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1123_MESSAGE =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

export function handleCreate(
  res: ServerResponse,
  store: ObjectStore,
  parsed: ParsedPath,
  body: KubeObject,
): void {
  const { type } = parsed;
  if (
    parsed.name &&
    parsed.subresource === 'binding' &&
    type.plural === 'pods'
  ) {
    const pod = store.get(type, parsed.namespace, parsed.name);
    if (!pod)
      return sendJson(res, 404, notFound(type.plural, type.group, parsed.name));
    const target = (body as { target?: { name?: string } }).target?.name;
    store.put(type, {
      ...pod,
      spec: { ...(pod.spec as object), nodeName: target },
    });
    return sendJson(res, 201, {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Success',
      code: 201,
    });
  }
  const metadata = { ...(body.metadata ?? {}) };
  if (!metadata.name && metadata.generateName) {
    metadata.name = `${metadata.generateName}${randomBytes(4)
      .toString('hex')
      .slice(0, 5)}`;
  }
  const name = String(metadata.name ?? '');
  if (!DNS1123_SUBDOMAIN.test(name) || name.length > 253) {
    const message = `Invalid value: "${name}": ${DNS1123_MESSAGE}`;
    return sendJson(res, 422, {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: `${type.kind} "${name}" is invalid: metadata.name: ${message}`,
      reason: 'Invalid',
      details: {
        name,
        ...(type.group ? { group: type.group } : {}),
        kind: type.kind,
        causes: [
          { reason: 'FieldValueInvalid', message, field: 'metadata.name' },
        ],
      },
      code: 422,
    });
  }
  if (store.get(type, parsed.namespace, name)) {
    return sendJson(
      res,
      409,
      failureStatus(
        409,
        `${qualifiedResource(
          type.plural,
          type.group,
        )} "${name}" already exists`,
        'AlreadyExists',
        {
          name,
          group: type.group,
          kind: type.plural,
        },
      ),
    );
  }
  metadata.namespace = type.namespaced ? parsed.namespace : undefined;
  metadata.generation = metadata.generation ?? 1;
  const created = store.put(
    type,
    applyWriteDefaults(store, type, {
      ...body,
      metadata: { ...metadata, name },
    }),
  );
  return sendJson(res, 201, created);
}

/** The object a write targets, or undefined after answering 404 as the API server does. */
function existingOr404(
  res: ServerResponse,
  store: ObjectStore,
  parsed: ParsedPath,
): KubeObject | undefined {
  const { type } = parsed;
  const current = store.get(type, parsed.namespace, parsed.name!);
  if (!current)
    sendJson(res, 404, notFound(type.plural, type.group, parsed.name!));
  return current;
}

export function handleUpdate(
  res: ServerResponse,
  store: ObjectStore,
  parsed: ParsedPath,
  body: KubeObject,
): void {
  const { type } = parsed;
  const name = parsed.name!;
  const current = existingOr404(res, store, parsed);
  if (!current) return undefined;
  const sentRv = body.metadata?.resourceVersion;
  if (sentRv && sentRv !== current.metadata.resourceVersion) {
    return sendJson(res, 409, conflict(parsed));
  }
  const next =
    parsed.subresource === 'status'
      ? { ...current, status: body.status }
      : applyWriteDefaults(
          store,
          type,
          {
            ...body,
            status: current.status,
            metadata: {
              ...body.metadata,
              name,
              namespace: parsed.namespace,
              generation: current.metadata.generation,
            },
          },
          current,
        );
  return sendJson(res, 200, store.put(type, next));
}

export function handlePatch(
  res: ServerResponse,
  store: ObjectStore,
  parsed: ParsedPath,
  contentType: string,
  patch: unknown,
  query: URLSearchParams = new URLSearchParams(),
): void {
  const { type } = parsed;
  const name = parsed.name!;
  if (contentType.startsWith('application/apply-patch+yaml')) {
    return handleApply(res, store, parsed, patch as KubeObject, query);
  }
  const current = existingOr404(res, store, parsed);
  if (!current) return undefined;
  let patched: KubeObject;
  if (contentType.startsWith('application/json-patch+json')) {
    patched = applyJsonPatch(current, patch as JsonPatchOp[]);
  } else if (contentType.startsWith('application/merge-patch+json')) {
    patched = mergePatch(current, patch) as KubeObject;
  } else if (contentType.startsWith('application/strategic-merge-patch+json')) {
    // Lists without a merge key (containerStatuses in the recordings) are replaced whole.
    patched = strategicMergePatch(current, patch) as KubeObject;
  } else {
    return sendJson(
      res,
      415,
      failureStatus(
        415,
        `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml`,
        'UnsupportedMediaType',
      ),
    );
  }
  // The status subresource changes only status; the main resource never changes status.
  const next =
    parsed.subresource === 'status'
      ? { ...current, status: patched.status }
      : applyWriteDefaults(
          store,
          type,
          {
            ...patched,
            status: current.status,
            metadata: {
              ...patched.metadata,
              name,
              namespace: current.metadata.namespace,
            },
          },
          current,
        );
  return sendJson(res, 200, store.put(type, next));
}

export function handleDelete(
  res: ServerResponse,
  store: ObjectStore,
  parsed: ParsedPath,
): void {
  const { type } = parsed;
  const name = parsed.name!;
  const gone = store.delete(type, parsed.namespace, name);
  if (!gone) return sendJson(res, 404, notFound(type.plural, type.group, name));
  return sendJson(res, 200, gone);
}

function conflict(parsed: ParsedPath) {
  const { type } = parsed;
  return failureStatus(
    409,
    `Operation cannot be fulfilled on ${qualifiedResource(
      type.plural,
      type.group,
    )} "${
      parsed.name
    }": the object has been modified; please apply your changes to the latest version and try again`,
    'Conflict',
    { name: parsed.name, group: type.group, kind: type.plural },
  );
}

/** RFC 7386 merge patch. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) {
    return patch;
  }
  const out: Record<string, unknown> =
    target && typeof target === 'object' && !Array.isArray(target)
      ? { ...(target as object) }
      : {};
  for (const [k, v] of Object.entries(patch as Record<string, unknown>)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

interface JsonPatchOp {
  op: 'add' | 'replace' | 'remove' | 'test';
  path: string;
  value?: unknown;
}

function applyJsonPatch(target: KubeObject, ops: JsonPatchOp[]): KubeObject {
  const doc = structuredClone(target) as Record<string, any>;
  for (const op of ops) {
    const keys = op.path
      .split('/')
      .slice(1)
      .map(k => k.replace(/~1/g, '/').replace(/~0/g, '~'));
    const last = keys.pop()!;
    let parent: any = doc;
    for (const k of keys) parent = parent?.[k];
    if (parent === undefined) continue;
    if (op.op === 'remove') {
      if (Array.isArray(parent)) parent.splice(Number(last), 1);
      else delete parent[last];
    } else if (op.op === 'add' || op.op === 'replace') {
      if (Array.isArray(parent) && op.op === 'add') {
        parent.splice(last === '-' ? parent.length : Number(last), 0, op.value);
      } else parent[last] = op.value;
    }
  }
  return doc as KubeObject;
}

/** What each field manager last applied, per object, to drop the fields it stops applying. */
const appliedConfigs = new WeakMap<ObjectStore, Map<string, unknown>>();

function badRequest(res: ServerResponse, message: string) {
  return sendJson(res, 400, failureStatus(400, message, 'BadRequest'));
}

/**
 * Server-side apply (`application/apply-patch+yaml`): creates the object when it is missing,
 * otherwise merges the applied configuration in, removing what the same field manager applied
 * before and no longer applies. Lists are owned whole (the fake knows no list merge keys), which
 * for a single manager such as helm gives the real server's result. No conflict detection.
 */
export function handleApply(
  res: ServerResponse,
  store: ObjectStore,
  parsed: ParsedPath,
  applied: KubeObject,
  query: URLSearchParams,
): void {
  const { type } = parsed;
  const name = parsed.name!;
  const manager = query.get('fieldManager');
  if (!manager) {
    return badRequest(
      res,
      'PATCH, application/apply-patch+yaml requests must have a fieldManager query parameter',
    );
  }
  const apiVersion = type.group
    ? `${type.group}/${type.version}`
    : type.version;
  if (applied.apiVersion !== apiVersion || applied.kind !== type.kind) {
    return badRequest(
      res,
      `the apply configuration is ${String(applied.apiVersion)} ${String(
        applied.kind,
      )}, but the URL is for ${apiVersion} ${type.kind}`,
    );
  }
  const metadata = (applied.metadata ?? {}) as KubeObject['metadata'];
  if (metadata.name !== undefined && metadata.name !== name) {
    return badRequest(
      res,
      `the name of the object (${String(
        metadata.name,
      )}) does not match the name on the URL (${name})`,
    );
  }
  if (!DNS1123_SUBDOMAIN.test(name) || name.length > 253) {
    return badRequest(
      res,
      `metadata.name: Invalid value: "${name}": ${DNS1123_MESSAGE}`,
    );
  }
  const configs = appliedConfigs.get(store) ?? new Map<string, unknown>();
  appliedConfigs.set(store, configs);
  const key = `${type.group}/${type.plural}/${
    parsed.namespace ?? ''
  }/${name}/${manager}`;
  const { status: _ignored, ...intent } = structuredClone(applied);
  const current = store.get(type, parsed.namespace, name);
  const namespace = type.namespaced ? parsed.namespace : undefined;
  if (!current) {
    const created = store.put(
      type,
      applyWriteDefaults(store, type, {
        ...intent,
        metadata: { ...intent.metadata, name, namespace, generation: 1 },
      } as KubeObject),
    );
    configs.set(key, intent);
    return sendJson(res, 201, created);
  }
  const { status, ...rest } = current;
  const pruned = pruneUnapplied(rest, configs.get(key), intent);
  const merged = applyMerge(pruned, intent) as KubeObject;
  const next = applyWriteDefaults(
    store,
    type,
    {
      ...merged,
      status,
      metadata: { ...merged.metadata, name, namespace },
    },
    current,
  );
  configs.set(key, intent);
  return sendJson(res, 200, store.put(type, next));
}

const isMap = (v: unknown): v is Record<string, unknown> =>
  !!v && typeof v === 'object' && !Array.isArray(v);

/** Removes from `live` what `before` applied and `now` no longer does. */
function pruneUnapplied(live: unknown, before: unknown, now: unknown): any {
  if (!isMap(live) || !isMap(before)) return live;
  const out: Record<string, unknown> = { ...live };
  for (const [k, v] of Object.entries(before)) {
    const stillApplied =
      isMap(now) && Object.prototype.hasOwnProperty.call(now, k);
    if (!stillApplied) delete out[k];
    else if (isMap(v)) out[k] = pruneUnapplied(out[k], v, (now as any)[k]);
  }
  return out;
}

/** Applied maps merge into live ones; lists and scalars replace. */
function applyMerge(live: unknown, applied: unknown): unknown {
  if (!isMap(applied) || !isMap(live)) return structuredClone(applied);
  const out: Record<string, unknown> = { ...live };
  for (const [k, v] of Object.entries(applied)) {
    out[k] = applyMerge(out[k], v);
  }
  return out;
}
