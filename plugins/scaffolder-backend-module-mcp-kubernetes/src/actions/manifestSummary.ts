import { parseAllDocuments } from 'yaml';

/** One object the chart renders, as a person reads it in the task log. */
export interface RenderedObject {
  kind: string;
  name: string;
}

/** Lists kind/name of every rendered object (never their contents: Secrets are among them). */
export function summarizeManifests(manifests: string): RenderedObject[] {
  const out: RenderedObject[] = [];
  for (const doc of parseAllDocuments(manifests, { version: '1.1' })) {
    if ('errors' in doc && doc.errors.length) {
      continue;
    }
    const kind = doc.get('kind');
    const name = doc.getIn(['metadata', 'name']);
    if (typeof kind === 'string' && typeof name === 'string') {
      out.push({ kind, name });
    }
  }
  return out;
}

/** `Deployment/x, Service/x, ...` for a log line. */
export function describeObjects(objects: RenderedObject[]): string {
  return objects.map(o => `${o.kind}/${o.name}`).join(', ');
}
