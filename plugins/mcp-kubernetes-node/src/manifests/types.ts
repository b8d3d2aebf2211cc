/**
 * One problem found in a rendered manifest.
 *
 * @public
 */
export interface ManifestFinding {
  /** The object's kind, or `(yaml)` when a document could not be parsed. */
  kind: string;
  /** The object's metadata.name, or `document N` when it has none. */
  name: string;
  /**
   * What was checked: `yaml`, `schema` (Kubernetes OpenAPI or CRD schema),
   * `unknown-field`, `unknown-kind`, `pss-restricted`, `secret-in-pod-spec`.
   */
  rule: string;
  /** Dotted path of the offending field, e.g. `spec.template.spec.containers[0].image`. */
  path?: string;
  message: string;
}

/** A parsed manifest document: a Kubernetes object as plain JSON. */
export type ManifestObject = Record<string, unknown>;

/** A parsed object plus where it came from, for findings. */
export interface LocatedObject {
  object: ManifestObject;
  kind: string;
  name: string;
}
