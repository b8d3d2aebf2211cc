import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { KubeObject } from './types';
import type { ResourceType } from './resources';

/** Helpers that put bytes on the wire the way kube-apiserver does. */

export function baseHeaders(): Record<string, string> {
  return { 'Audit-Id': randomUUID(), 'Cache-Control': 'no-cache, private' };
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  options?: { indent?: boolean; nosniff?: boolean },
): void {
  const text = JSON.stringify(body, null, options?.indent ? 2 : undefined);
  res.writeHead(status, {
    ...baseHeaders(),
    'Content-Type': 'application/json',
    ...(options?.nosniff ? { 'X-Content-Type-Options': 'nosniff' } : {}),
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

/** A document served as text, as the apiserver serves `/openapi/v3`. */
export function sendText(res: ServerResponse, status: number, text: string) {
  res.writeHead(status, {
    ...baseHeaders(),
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

/** Unknown paths and non-served versions: plain text, not a Status. */
export function sendPageNotFound(res: ServerResponse): void {
  const text = '404 page not found\n';
  res.writeHead(404, {
    'Cache-Control': 'no-cache, private',
    'Content-Type': 'text/plain; charset=utf-8',
    'X-Content-Type-Options': 'nosniff',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

/** How the client asked to see objects: whole, or metadata only (PartialObjectMetadata). */
export type Representation = 'full' | 'partial';

/**
 * Accept negotiation: the first media range the server can serve wins. `as=` must name
 * PartialObjectMetadata (get/watch) or PartialObjectMetadataList (list) of meta.k8s.io/v1.
 */
export function negotiate(
  accept: string | undefined,
  shape: 'object' | 'list',
): Representation | 'not-acceptable' {
  if (!accept) {
    return 'full';
  }
  for (const range of accept.split(',')) {
    const [type, ...paramParts] = range.split(';').map(s => s.trim());
    const params = Object.fromEntries(
      paramParts.map(p => p.split('=').map(s => s.trim()) as [string, string]),
    );
    if (!['application/json', 'application/*', '*/*'].includes(type)) {
      continue;
    }
    if (!params.as) {
      return 'full';
    }
    const wanted =
      shape === 'list' ? 'PartialObjectMetadataList' : 'PartialObjectMetadata';
    if (
      params.as === wanted &&
      params.g === 'meta.k8s.io' &&
      params.v === 'v1'
    ) {
      return 'partial';
    }
  }
  return 'not-acceptable';
}

export function toPartial(o: KubeObject): KubeObject {
  return {
    kind: 'PartialObjectMetadata',
    apiVersion: 'meta.k8s.io/v1',
    metadata: o.metadata,
  };
}

/** A list as the apiserver writes it for built-in types, CRs and PartialObjectMetadataList. */
export function listBody(
  type: ResourceType,
  items: KubeObject[],
  rv: number,
  representation: Representation,
  next?: { continue?: string; remainingItemCount?: number },
): unknown {
  const metadata: Record<string, unknown> = {};
  if (representation === 'partial') {
    metadata.resourceVersion = String(rv);
    if (next?.continue) metadata.continue = next.continue;
    if (next?.remainingItemCount !== undefined)
      metadata.remainingItemCount = next.remainingItemCount;
    return {
      kind: 'PartialObjectMetadataList',
      apiVersion: 'meta.k8s.io/v1',
      metadata,
      items: items.map(toPartial),
    };
  }
  const apiVersion = type.group
    ? `${type.group}/${type.version}`
    : type.version;
  if (type.builtin) {
    metadata.resourceVersion = String(rv);
    if (next?.continue) metadata.continue = next.continue;
    if (next?.remainingItemCount !== undefined)
      metadata.remainingItemCount = next.remainingItemCount;
    return {
      kind: `${type.kind}List`,
      apiVersion,
      metadata,
      items: items.map(({ kind: _k, apiVersion: _a, ...rest }) => rest),
    };
  }
  // CRs are served from unstructured JSON: keys sorted, `continue` always present.
  metadata.continue = next?.continue ?? '';
  if (next?.remainingItemCount !== undefined)
    metadata.remainingItemCount = next.remainingItemCount;
  metadata.resourceVersion = String(rv);
  return { apiVersion, items, kind: `${type.kind}List`, metadata };
}

/** The skeleton object a BOOKMARK event carries (shape differs per kind, as recorded). */
export function bookmarkObject(
  type: ResourceType,
  rv: number,
  representation: Representation,
) {
  const resourceVersion = String(rv);
  if (representation === 'partial') {
    return {
      kind: 'PartialObjectMetadata',
      apiVersion: 'meta.k8s.io/v1',
      metadata: { resourceVersion, creationTimestamp: null },
    };
  }
  const apiVersion = type.group
    ? `${type.group}/${type.version}`
    : type.version;
  if (!type.builtin) {
    return { apiVersion, kind: type.kind, metadata: { resourceVersion } };
  }
  const metadata = { resourceVersion, creationTimestamp: null };
  if (type.kind === 'Pod') {
    return {
      kind: 'Pod',
      apiVersion,
      metadata,
      spec: { containers: null },
      status: {},
    };
  }
  if (type.kind === 'Deployment' || type.kind === 'ReplicaSet') {
    return {
      kind: type.kind,
      apiVersion,
      metadata,
      spec: {
        selector: null,
        template: {
          metadata: { creationTimestamp: null },
          spec: { containers: null },
        },
        ...(type.kind === 'Deployment' ? { strategy: {} } : {}),
      },
      status: {},
    };
  }
  return { kind: type.kind, apiVersion, metadata };
}

export function encodeContinue(rv: number, startKey: string): string {
  return Buffer.from(
    JSON.stringify({ v: 'meta.k8s.io/v1', rv, start: `${startKey}\u0000` }),
  ).toString('base64url');
}

export function decodeContinue(
  token: string,
): { rv: number; start: string } | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (parsed.v !== 'meta.k8s.io/v1' || typeof parsed.start !== 'string') {
      return undefined;
    }
    return { rv: Number(parsed.rv), start: parsed.start };
  } catch {
    return undefined;
  }
}
