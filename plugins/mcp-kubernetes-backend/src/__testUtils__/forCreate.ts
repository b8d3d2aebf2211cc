/** A seed's object as the API server takes it on create (no server-set fields, no status). */
export function forCreate<T>(obj: unknown): T {
  const { status: _s, ...rest } = obj as any;
  const {
    creationTimestamp: _c,
    resourceVersion: _r,
    uid: _u,
    managedFields: _m,
    generation: _g,
    ownerReferences: _o,
    ...metadata
  } = rest.metadata;
  return { ...rest, metadata } as T;
}
