/** One object the chart renders, as a person reads it in the task log. */
export interface RenderedObject {
  kind: string;
  name: string;
}

const unquote = (s: string) => s.trim().replace(/^(["'])(.*)\1$/, '$2');

/**
 * Lists kind/name of every rendered object (never their contents: Secrets
 * are among them). A line scan of helm's canonical output instead of a second
 * YAML parse: the manifest checks already parse and validate every document,
 * and this runs on every deploy (see bench/deploy-bench.ts).
 */
export function summarizeManifests(manifests: string): RenderedObject[] {
  const out: RenderedObject[] = [];
  for (const doc of manifests.split(/^---\s*$/m)) {
    const kind = /^kind:\s*(\S.*)$/m.exec(doc)?.[1];
    // The first two-space-indented `name:` inside the top-level `metadata:` block.
    const metadata =
      /^metadata:\s*\n((?:(?: {2}.*)?\n)*)/m.exec(doc)?.[1] ?? '';
    const name = /^ {2}name:\s*(\S.*)$/m.exec(metadata)?.[1];
    if (kind && name) {
      out.push({ kind: unquote(kind), name: unquote(name) });
    }
  }
  return out;
}

/** `Deployment/x, Service/x, ...` for a log line. */
export function describeObjects(objects: RenderedObject[]): string {
  return objects.map(o => `${o.kind}/${o.name}`).join(', ');
}
