import { ConflictError, InputError } from '@backstage/errors';
import {
  DNS1123_LABEL,
  getInstallRefFromAnnotations,
  installKey,
  MCP_KUBERNETES_ANNOTATIONS,
  normalizeEntityRef,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-common';
import { parseAllDocuments } from 'yaml';

/**
 * Checks of the templated catalog-info.yaml before it lands in the portal's
 * catalog directory. The catalog reads that directory with its own rules, so
 * this is the only gate between a task's workspace and the catalog: exactly
 * one Component that points at an install, with names that are safe as file
 * names.
 */

/** catalog-info.yaml of the skeleton is ~1 KiB; anything near this is not ours. */
export const MAX_CATALOG_FILE_BYTES = 64 * 1024;

const DNS1123_HINT =
  "a DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters";

/** The parts of the entity the action needs after validation. */
export interface InstallEntity {
  name: string;
  namespace: string;
  /** `component:<namespace>/<name>`, the catalog's entity ref. */
  entityRef: string;
  /** `cluster/namespace/release` of the install the annotations point at. */
  install: string;
  /** The install's cluster, namespace and environment, for the deploy permission. */
  target: { cluster: string; namespace: string; environment: string };
  /** `spec.owner` as a full ref, e.g. `group:default/team-a`. */
  owner: string;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function nonEmpty(v: unknown): v is string {
  return typeof v === 'string' && v.trim() !== '';
}

/** The YAML documents of a file that hold something (a trailing `---` adds an empty one). */
function documentsOf(text: string, label: string): unknown[] {
  const docs = parseAllDocuments(text);
  if (!Array.isArray(docs)) {
    // yaml returns an EmptyStream for an empty file.
    return [];
  }
  const broken = docs.find(d => d.errors.length > 0);
  if (broken) {
    throw new InputError(
      `${label} is not valid YAML: ${broken.errors[0].message}`,
    );
  }
  return docs.map(d => d.toJS()).filter(v => v !== null && v !== undefined);
}

/** The entity ref of whatever object a file holds, or undefined when it is no entity. */
export function entityRefOf(value: unknown): string | undefined {
  if (!isObject(value) || !nonEmpty(value.kind) || !isObject(value.metadata)) {
    return undefined;
  }
  const { name, namespace } = value.metadata;
  if (!nonEmpty(name)) {
    return undefined;
  }
  const ns = nonEmpty(namespace) ? namespace : 'default';
  // The catalog compares refs case-insensitively.
  return `${value.kind}:${ns}/${name}`.toLocaleLowerCase('en-US');
}

/**
 * Parses and validates the templated entity file.
 *
 * @param label - how errors name the file, e.g. `catalog-info.yaml`
 */
export function parseInstallEntity(text: string, label: string): InstallEntity {
  if (Buffer.byteLength(text, 'utf8') > MAX_CATALOG_FILE_BYTES) {
    throw new InputError(
      `${label} is larger than ${MAX_CATALOG_FILE_BYTES} bytes; it should hold one small Component entity`,
    );
  }
  const docs = documentsOf(text, label);
  if (docs.length !== 1) {
    throw new InputError(
      `${label} must hold exactly one entity, found ${docs.length} YAML document(s)`,
    );
  }
  const entity = docs[0];
  if (!isObject(entity)) {
    throw new InputError(`${label} must hold a YAML mapping (an entity)`);
  }
  if (entity.apiVersion !== 'backstage.io/v1alpha1') {
    throw new InputError(
      `${label}: apiVersion must be backstage.io/v1alpha1, got ${JSON.stringify(
        entity.apiVersion,
      )}`,
    );
  }
  if (entity.kind !== 'Component') {
    throw new InputError(
      `${label}: kind must be Component, got ${JSON.stringify(entity.kind)}`,
    );
  }
  const metadata = isObject(entity.metadata) ? entity.metadata : {};
  const name = metadata.name;
  if (
    typeof name !== 'string' ||
    name.length > 63 ||
    !DNS1123_LABEL.test(name)
  ) {
    throw new InputError(
      `${label}: metadata.name ${JSON.stringify(name)} must be ${DNS1123_HINT}`,
    );
  }
  const namespace = metadata.namespace ?? 'default';
  if (
    typeof namespace !== 'string' ||
    namespace.length > 63 ||
    !DNS1123_LABEL.test(namespace)
  ) {
    throw new InputError(
      `${label}: metadata.namespace ${JSON.stringify(
        namespace,
      )} must be ${DNS1123_HINT}`,
    );
  }
  const annotations = isObject(metadata.annotations)
    ? metadata.annotations
    : {};
  const missing = Object.values(MCP_KUBERNETES_ANNOTATIONS).filter(
    key => !nonEmpty(annotations[key]),
  );
  if (missing.length) {
    throw new InputError(
      `${label}: metadata.annotations lacks ${missing.join(
        ', ',
      )}; the mcp-kubernetes card finds the install through them (use the template's skeleton)`,
    );
  }
  const spec = isObject(entity.spec) ? entity.spec : {};
  const missingSpec = ['type', 'lifecycle', 'owner'].filter(
    key => !nonEmpty(spec[key]),
  );
  if (missingSpec.length) {
    throw new InputError(
      `${label}: a Component needs ${missingSpec
        .map(k => `spec.${k}`)
        .join(', ')}`,
    );
  }
  const install = getInstallRefFromAnnotations(
    annotations as Record<string, string>,
  )!;
  return {
    name,
    namespace,
    entityRef: `component:${namespace}/${name}`,
    install: installKey(install),
    target: {
      cluster: install.cluster,
      namespace: install.namespace,
      environment: String(annotations[MCP_KUBERNETES_ANNOTATIONS.environment]),
    },
    owner: normalizeEntityRef(spec.owner as string, 'group'),
  };
}

/**
 * Refuses to replace a file that holds anything but the same entity, with the
 * same owner, for the same install: another entity can land on the same file
 * name (`a-b` + `c` and `a` + `b-c`), repointing an entity at another install
 * would silently take over someone else's card, and a new owner would take
 * the entity (and what is authorized against it) from its team.
 */
export function assertReplaceable(
  existingText: string,
  next: InstallEntity,
  filePath: string,
): void {
  let docs: unknown[];
  try {
    docs = documentsOf(existingText, filePath);
  } catch {
    docs = [];
  }
  const existing = docs.length === 1 ? docs[0] : undefined;
  const ref = entityRefOf(existing);
  if (ref !== next.entityRef) {
    throw new ConflictError(
      `${filePath} already exists and holds ${
        ref ?? 'something that is not one catalog entity'
      }, not ${
        next.entityRef
      }; refusing to overwrite it. Pick another name or namespace, or remove that file.`,
    );
  }
  const annotations =
    isObject(existing) && isObject(existing.metadata)
      ? existing.metadata.annotations
      : undefined;
  const spec =
    isObject(existing) && isObject(existing.spec) ? existing.spec : {};
  const owner = nonEmpty(spec.owner)
    ? normalizeEntityRef(spec.owner, 'group')
    : undefined;
  if (owner !== next.owner) {
    throw new ConflictError(
      `${next.entityRef} is already registered with owner ${
        owner ?? '(none)'
      }; refusing to replace it with owner ${next.owner}. Ask ${
        owner ?? 'the catalog admins'
      } to change the owner, or pick another name.`,
    );
  }
  const install = getInstallRefFromAnnotations(
    isObject(annotations) ? (annotations as Record<string, string>) : undefined,
  );
  if (!install) {
    throw new ConflictError(
      `${next.entityRef} already exists in ${filePath} but was not written for an mcp-kubernetes install; refusing to replace it with one for ${next.install}. Pick another name.`,
    );
  }
  if (installKey(install) !== next.install) {
    throw new ConflictError(
      `${next.entityRef} is already registered for the install ${installKey(
        install,
      )}; refusing to repoint it at ${
        next.install
      }. Pick another name, or remove ${filePath} if that install is gone.`,
    );
  }
}
