import { parseManifests } from './parseManifests';
import {
  findUnknownFields,
  isBuiltinKind,
  validateBuiltinSchema,
} from './builtinSchemas';
import { isKnownCustomKind, validateCustomResource } from './crdSchemas';
import { checkPodSecurityRestricted } from './podSecurity';
import { checkSecretExposure } from './secretExposure';
import { LocatedObject, ManifestFinding } from './types';
import { isRecord } from './paths';
import { RenderedManifests } from './renderedManifests';

function checkObject(located: LocatedObject): ManifestFinding[] {
  const { object, kind, name } = located;
  const apiVersion = object.apiVersion;
  if (
    typeof apiVersion !== 'string' ||
    !apiVersion ||
    typeof object.kind !== 'string' ||
    !object.kind
  ) {
    return [
      {
        kind,
        name,
        rule: 'schema',
        message: 'every object needs a string apiVersion and kind',
      },
    ];
  }
  const findings: ManifestFinding[] = [];
  const metadata = isRecord(object.metadata) ? object.metadata : undefined;
  if (!metadata || typeof metadata.name !== 'string' || metadata.name === '') {
    findings.push({
      kind,
      name,
      rule: 'schema',
      path: 'metadata.name',
      message: 'metadata.name is required',
    });
  }

  if (isBuiltinKind(apiVersion, kind)) {
    findings.push(
      ...validateBuiltinSchema(located, apiVersion),
      ...findUnknownFields(located, apiVersion),
    );
  } else if (isKnownCustomKind(apiVersion, kind)) {
    findings.push(...validateCustomResource(located, apiVersion));
  } else {
    findings.push({
      kind,
      name,
      rule: 'unknown-kind',
      message: `no schema for ${apiVersion} ${kind}: it cannot be validated offline (a typo in apiVersion or kind, or a CRD this checker does not vendor)`,
    });
  }
  findings.push(
    ...checkPodSecurityRestricted(located),
    ...checkSecretExposure(located),
  );
  return findings;
}

/**
 * Checks rendered manifests (e.g. `helm template` output) offline, before
 * anything reaches a cluster: every object against the Kubernetes OpenAPI
 * schemas or its CRD's schema (types, required and unknown fields), every pod
 * template against the Pod Security Standards `restricted` profile, and no
 * secret value written literally into a pod spec. Returns every finding; an
 * empty list means the manifests passed. `rendered` (from
 * {@link parseRenderedManifests}) lets a caller that already tokenized this
 * text share the work; it is used only when it holds exactly this text.
 *
 * @public
 */
export function checkRenderedManifests(
  manifestsYaml: string,
  rendered?: RenderedManifests,
): ManifestFinding[] {
  const { objects, findings } = parseManifests(
    rendered?.yaml === manifestsYaml ? rendered : manifestsYaml,
  );
  for (const located of objects) {
    findings.push(...checkObject(located));
  }
  return findings;
}
