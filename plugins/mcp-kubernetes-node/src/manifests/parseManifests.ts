import { LocatedObject, ManifestFinding } from './types';
import { isRecord } from './paths';
import { parseRenderedManifests, RenderedManifests } from './renderedManifests';

/**
 * Splits a multi-document YAML stream (as `helm template` prints it) into
 * objects. `kind: List` documents are expanded, empty documents skipped, and
 * a broken document becomes a `yaml` finding instead of an exception, so one
 * bad object never hides the findings of the others.
 */
export function parseManifests(input: string | RenderedManifests): {
  objects: LocatedObject[];
  findings: ManifestFinding[];
} {
  const objects: LocatedObject[] = [];
  const findings: ManifestFinding[] = [];
  // YAML 1.1 like Helm and kubectl (sigs.k8s.io/yaml): 0440 is octal, `on` is true.
  const rendered =
    typeof input === 'string' ? parseRenderedManifests(input) : input;
  const list = rendered.documents('1.1');

  list.forEach((doc, index) => {
    const where = `document ${index + 1}`;
    if (doc.errors.length > 0) {
      findings.push({
        kind: '(yaml)',
        name: where,
        rule: 'yaml',
        message: `Invalid YAML: ${doc.errors[0].message}`,
      });
      return;
    }
    const value = doc.toJS({ maxAliasCount: 100 });
    if (value === null || value === undefined) return;
    if (!isRecord(value)) {
      findings.push({
        kind: '(yaml)',
        name: where,
        rule: 'yaml',
        message: `A manifest document must be a mapping, got ${
          Array.isArray(value) ? 'a list' : typeof value
        }`,
      });
      return;
    }
    const items =
      value.kind === 'List' && Array.isArray(value.items)
        ? value.items
        : [value];
    for (const item of items) {
      if (!isRecord(item)) {
        findings.push({
          kind: 'List',
          name: where,
          rule: 'yaml',
          message: 'List items must be mappings',
        });
        continue;
      }
      const metadata = isRecord(item.metadata) ? item.metadata : {};
      objects.push({
        object: item,
        kind: typeof item.kind === 'string' ? item.kind : '(no kind)',
        name:
          typeof metadata.name === 'string' && metadata.name
            ? metadata.name
            : where,
      });
    }
  });
  return { objects, findings };
}
