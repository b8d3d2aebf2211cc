import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { ObjectStore } from './objectStore';
import type { ParsedPath } from './resources';
import { failureStatus, notFound, qualifiedResource } from './statusBodies';
import type { KubeObject } from './types';
import { sendJson } from './wire';

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
  const created = store.put(type, { ...body, metadata: { ...metadata, name } });
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
      : {
          ...body,
          status: current.status,
          metadata: { ...body.metadata, name, namespace: parsed.namespace },
        };
  return sendJson(res, 200, store.put(type, next));
}

export function handlePatch(
  res: ServerResponse,
  store: ObjectStore,
  parsed: ParsedPath,
  contentType: string,
  patch: unknown,
): void {
  const { type } = parsed;
  const name = parsed.name!;
  const current = existingOr404(res, store, parsed);
  if (!current) return undefined;
  let patched: KubeObject;
  if (contentType.startsWith('application/json-patch+json')) {
    patched = applyJsonPatch(current, patch as JsonPatchOp[]);
  } else if (
    contentType.startsWith('application/merge-patch+json') ||
    // Strategic merge is treated as a merge patch: lists are replaced whole, which is what the
    // recordings show for lists without a merge key (containerStatuses).
    contentType.startsWith('application/strategic-merge-patch+json')
  ) {
    patched = mergePatch(current, patch) as KubeObject;
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
      : {
          ...patched,
          status: current.status,
          metadata: {
            ...patched.metadata,
            name,
            namespace: current.metadata.namespace,
          },
        };
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
