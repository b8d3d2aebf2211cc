import * as k8s from '@kubernetes/client-node';
import { LocatedObject, ManifestFinding } from './types';
import { isRecord, joinPath, pointerToPath } from './paths';

/**
 * Validation of built-in kinds, offline:
 * - types, enums and required fields with `kubernetes-models` (compiled from
 *   the Kubernetes OpenAPI schemas; v4 is CJS and runs under Jest),
 * - unknown fields, which those schemas let through but a strict API server
 *   (kubectl/helm field validation) rejects, with the field lists of
 *   `@kubernetes/client-node`'s generated models.
 */

interface ValidationError {
  instancePath?: string;
  message?: string;
  params?: Record<string, unknown>;
}

type ModelClass = new (data: unknown) => { validate(): void };

const modelCache = new Map<string, ModelClass | null>();

/** `apps/v1` → [`apps`, `v1`]; `v1` → [`v1`, `v1`] (kubernetes-models' layout). */
function splitApiVersion(apiVersion: string): {
  group: string;
  version: string;
} {
  const slash = apiVersion.indexOf('/');
  return slash < 0
    ? { group: '', version: apiVersion }
    : {
        group: apiVersion.slice(0, slash),
        version: apiVersion.slice(slash + 1),
      };
}

function loadModel(apiVersion: string, kind: string): ModelClass | null {
  const key = `${apiVersion}/${kind}`;
  if (modelCache.has(key)) return modelCache.get(key)!;
  const { group, version } = splitApiVersion(apiVersion);
  let model: ModelClass | null = null;
  // Names come from the manifest: only let plain identifiers reach require().
  if (
    /^[a-z0-9.-]*$/.test(group) &&
    /^v\d+[a-z0-9]*$/.test(version) &&
    /^[A-Z][A-Za-z0-9]*$/.test(kind)
  ) {
    const modulePath = group
      ? `kubernetes-models/${group}/${version}/${kind}`
      : `kubernetes-models/v1/${kind}`;
    try {
      // One model per kind, loaded on demand: the package index takes seconds to load.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const loaded = require(modulePath) as Record<string, unknown>;
      model = (loaded[kind] as ModelClass | undefined) ?? null;
    } catch {
      model = null;
    }
  }
  modelCache.set(key, model);
  return model;
}

/** True when kubernetes-models knows this apiVersion/kind. */
export function isBuiltinKind(apiVersion: string, kind: string): boolean {
  return loadModel(apiVersion, kind) !== null;
}

function describeError(error: ValidationError): {
  path: string;
  message: string;
} {
  const path = pointerToPath(error.instancePath ?? '');
  const params = error.params ?? {};
  if (typeof params.missingProperty === 'string') {
    return {
      path: joinPath(path, params.missingProperty),
      message: `required field ${joinPath(
        path,
        params.missingProperty,
      )} is missing`,
    };
  }
  if (Array.isArray(params.allowedValues)) {
    return {
      path,
      message: `${path || 'value'} must be one of ${params.allowedValues.join(
        ', ',
      )}`,
    };
  }
  return {
    path,
    message: `${path || 'object'} ${error.message ?? 'is invalid'}`,
  };
}

/** Schema findings of a built-in object (empty when valid). */
export function validateBuiltinSchema(
  located: LocatedObject,
  apiVersion: string,
): ManifestFinding[] {
  const Model = loadModel(apiVersion, located.kind);
  if (!Model) return [];
  try {
    new Model(located.object).validate();
    return [];
  } catch (e) {
    const errors = (e as { errors?: ValidationError[] }).errors;
    if (!Array.isArray(errors) || errors.length === 0) {
      return [
        {
          kind: located.kind,
          name: located.name,
          rule: 'schema',
          message: (e as Error).message,
        },
      ];
    }
    return errors.map(error => ({
      kind: located.kind,
      name: located.name,
      rule: 'schema',
      ...describeError(error),
    }));
  }
}

interface AttributeType {
  baseName: string;
  type: string;
}

type GeneratedModel = { getAttributeTypeMap(): AttributeType[] };

function generatedModel(typeName: string): GeneratedModel | undefined {
  const candidate = (k8s as unknown as Record<string, unknown>)[typeName];
  return candidate &&
    typeof (candidate as GeneratedModel).getAttributeTypeMap === 'function'
    ? (candidate as GeneratedModel)
    : undefined;
}

/** client-node names its models `<Version><Kind>`, e.g. `V2HorizontalPodAutoscaler`. */
function rootTypeName(apiVersion: string, kind: string): string {
  const { version } = splitApiVersion(apiVersion);
  return `${version.charAt(0).toUpperCase()}${version.slice(1)}${kind}`;
}

function walkUnknownFields(
  value: unknown,
  typeName: string,
  path: string,
  out: string[],
): void {
  const arrayMatch = /^Array<(.+)>$/.exec(typeName);
  if (arrayMatch) {
    if (Array.isArray(value))
      value.forEach((item, i) =>
        walkUnknownFields(item, arrayMatch[1], joinPath(path, i), out),
      );
    return;
  }
  const mapMatch = /^\{ \[key: string\]: (.+); \}$/.exec(typeName);
  if (mapMatch) {
    if (isRecord(value)) {
      for (const [key, item] of Object.entries(value))
        walkUnknownFields(item, mapMatch[1], joinPath(path, key), out);
    }
    return;
  }
  const model = generatedModel(typeName);
  if (!model || !isRecord(value)) return;
  const fields = new Map(
    model.getAttributeTypeMap().map(a => [a.baseName, a.type]),
  );
  for (const [key, item] of Object.entries(value)) {
    const fieldType = fields.get(key);
    if (fieldType === undefined) {
      out.push(joinPath(path, key));
    } else {
      walkUnknownFields(item, fieldType, joinPath(path, key), out);
    }
  }
}

/** Fields the API schema does not define (typos, misplaced keys). */
export function findUnknownFields(
  located: LocatedObject,
  apiVersion: string,
): ManifestFinding[] {
  const typeName = rootTypeName(apiVersion, located.kind);
  if (!generatedModel(typeName)) return [];
  const unknown: string[] = [];
  walkUnknownFields(located.object, typeName, '', unknown);
  return unknown.map(path => ({
    kind: located.kind,
    name: located.name,
    rule: 'unknown-field',
    path,
    message: `${path} is not a field of ${apiVersion} ${located.kind}; the API server rejects or drops it`,
  }));
}
