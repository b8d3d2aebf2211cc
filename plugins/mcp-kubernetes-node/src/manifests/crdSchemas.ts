import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import externalSecretsCrd from './crds/externalsecrets.external-secrets.io.json';
import ciliumNetworkPolicyCrd from './crds/ciliumnetworkpolicies.cilium.io.minimal.json';
import {
  ciliumNetworkPolicyRules,
  serviceMonitorSchema,
} from './crds/supplementalSchemas';
import { LocatedObject, ManifestFinding } from './types';
import { isRecord, joinPath, pointerToPath } from './paths';

/**
 * Custom resources validated offline: against the CRD's own openAPIV3Schema
 * (vendored in ./crds; its README names the upstream sources) and, where that
 * schema is only a stand-in, against the project's own structural schemas.
 */

interface CrdDocument {
  spec: {
    group: string;
    names: { kind: string };
    versions: Array<{ name: string; schema?: { openAPIV3Schema?: unknown } }>;
  };
}

const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });

/**
 * A strict API server rejects fields a structural schema does not define
 * (unless it preserves unknown fields). JSON Schema allows them by default,
 * so close every object that lists its properties.
 */
function closeObjects(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(closeObjects);
  if (!isRecord(schema)) return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    out[key] =
      key === 'properties' && isRecord(value)
        ? Object.fromEntries(
            Object.entries(value).map(([p, s]) => [p, closeObjects(s)]),
          )
        : closeObjects(value);
  }
  if (
    isRecord(out.properties) &&
    out['x-kubernetes-preserve-unknown-fields'] !== true &&
    !('additionalProperties' in out)
  ) {
    out.additionalProperties = false;
  }
  return out;
}

const validators = new Map<string, ValidateFunction[]>();

function register(apiVersion: string, kind: string, schema: unknown): void {
  const key = `${apiVersion}/${kind}`;
  const list = validators.get(key) ?? [];
  list.push(ajv.compile(schema as object));
  validators.set(key, list);
}

let loaded = false;
function ensureLoaded(): void {
  if (loaded) return;
  loaded = true;
  // Every version with a schema, served or not: older operators still serve
  // e.g. external-secrets.io/v1beta1.
  for (const crd of [
    externalSecretsCrd,
    ciliumNetworkPolicyCrd,
  ] as unknown as CrdDocument[]) {
    for (const version of crd.spec.versions) {
      const schema = version.schema?.openAPIV3Schema;
      if (schema) {
        register(
          `${crd.spec.group}/${version.name}`,
          crd.spec.names.kind,
          closeObjects(schema),
        );
      }
    }
  }
  register('cilium.io/v2', 'CiliumNetworkPolicy', ciliumNetworkPolicyRules);
  register('monitoring.coreos.com/v1', 'ServiceMonitor', serviceMonitorSchema);
}

/** True when a CRD or project schema exists for this apiVersion/kind. */
export function isKnownCustomKind(apiVersion: string, kind: string): boolean {
  ensureLoaded();
  return validators.has(`${apiVersion}/${kind}`);
}

function toFinding(
  located: LocatedObject,
  error: ErrorObject,
): ManifestFinding {
  return {
    kind: located.kind,
    name: located.name,
    ...describeError(located.kind, error),
  };
}

/** Ajv's error as a person reads it: the field named, with its full dotted path. */
function describeError(
  kind: string,
  error: ErrorObject,
): Pick<ManifestFinding, 'rule' | 'path' | 'message'> {
  const path = pointerToPath(error.instancePath);
  const params = error.params as Record<string, unknown>;
  if (
    error.keyword === 'additionalProperties' &&
    typeof params.additionalProperty === 'string'
  ) {
    const field = joinPath(path, params.additionalProperty);
    return {
      rule: 'unknown-field',
      path: field,
      message: `${field} is not a field of ${kind}`,
    };
  }
  if (
    error.keyword === 'required' &&
    typeof params.missingProperty === 'string'
  ) {
    const field = joinPath(path, params.missingProperty);
    return {
      rule: 'schema',
      path: field,
      message: `required field ${field} is missing`,
    };
  }
  if (error.keyword === 'enum' && Array.isArray(params.allowedValues)) {
    return {
      rule: 'schema',
      path,
      message: `${path} must be one of ${params.allowedValues.join(', ')}`,
    };
  }
  return {
    rule: 'schema',
    path,
    message: `${path || 'object'} ${error.message ?? 'is invalid'}`,
  };
}

/** Schema findings of a custom resource (empty when valid or unknown). */
export function validateCustomResource(
  located: LocatedObject,
  apiVersion: string,
): ManifestFinding[] {
  ensureLoaded();
  const findings: ManifestFinding[] = [];
  const seen = new Set<string>();
  for (const validate of validators.get(`${apiVersion}/${located.kind}`) ??
    []) {
    if (validate(located.object)) continue;
    const errors = validate.errors ?? [];
    // oneOf/anyOf/if wrappers repeat what their branches already said; keep
    // them only when they are all there is (e.g. both oneOf branches matched).
    const specific = errors.filter(
      e => !['oneOf', 'anyOf', 'if'].includes(e.keyword),
    );
    for (const error of specific.length > 0 ? specific : errors) {
      const finding = toFinding(located, error);
      const key = `${finding.rule}|${finding.path}|${finding.message}`;
      if (!seen.has(key)) {
        seen.add(key);
        findings.push(finding);
      }
    }
  }
  return findings;
}
