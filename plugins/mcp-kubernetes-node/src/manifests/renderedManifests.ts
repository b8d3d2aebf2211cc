import { Composer, Document, parseAllDocuments, Parser } from 'yaml';
import type { CST } from 'yaml';

/**
 * A render (e.g. `helm template` output) tokenized once, for several checks.
 * Each check composes the documents under the YAML version it has always
 * used, from the same tokens, instead of parsing the whole text again.
 *
 * @public
 */
export interface RenderedManifests {
  /** The rendered text, as received. */
  readonly yaml: string;
  /**
   * The documents of the stream under that YAML version, the same as yaml's
   * `parseAllDocuments` gives (errors included, with their line and column).
   * Composed once per version; callers must not modify them.
   */
  documents(version: '1.1' | '1.2'): readonly Document.Parsed[];
}

/**
 * Tokenizes a render once; see {@link RenderedManifests}.
 *
 * @public
 */
export function parseRenderedManifests(yaml: string): RenderedManifests {
  let tokens: CST.Token[] | undefined;
  const composed = new Map<string, readonly Document.Parsed[]>();
  return {
    yaml,
    documents(version) {
      const cached = composed.get(version);
      if (cached) return cached;
      tokens ??= Array.from(new Parser().parse(yaml));
      let docs: readonly Document.Parsed[] = Array.from(
        new Composer({ version }).compose(tokens),
      );
      // A broken render is rare: parse it again the usual way so the errors
      // carry yaml's own line/column text, exactly as before.
      if (docs.some(d => d.errors.length > 0 || d.warnings.length > 0)) {
        docs = parseAllDocuments(yaml, { version }) as Document.Parsed[];
      }
      composed.set(version, docs);
      return docs;
    },
  };
}
