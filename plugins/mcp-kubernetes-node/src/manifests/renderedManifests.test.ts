import { parseAllDocuments } from 'yaml';
import { parseRenderedManifests } from './renderedManifests';
import { checkRenderedManifests } from './checkRenderedManifests';

/** What a check reads from a document: errors, warnings and its JS value. */
function summarize(docs: readonly any[]) {
  return docs.map(d => ({
    errors: d.errors.map((e: Error) => e.message),
    warnings: d.warnings.map((e: Error) => e.message),
    value: (() => {
      try {
        return d.toJS({ maxAliasCount: 0 });
      } catch (e) {
        return `throws ${(e as Error).message}`;
      }
    })(),
  }));
}

const inputs: Record<string, string> = {
  empty: '',
  'only a separator': '---\n',
  'yaml 1.1 scalars': 'kind: on\nmetadata:\n  name: 0440\n  namespace: yes\n',
  alias: 'a: &x [1]\nb: *x\n',
  'newline + document in a string':
    'kind: ConfigMap\nmetadata:\n  name: "a\\n---\\nkind: Secret"\n',
  'proto keys': '__proto__: {a: 1}\nconstructor: x\n---\n- 1\n',
  'encoded dots': 'metadata:\n  name: "%2e%2e"\n',
  'broken second document': 'a: 1\n---\nb: [\n---\nc: 3\n',
  'bad indentation': 'a: 1\n  b: 2\n',
};

describe('parseRenderedManifests', () => {
  it.each(Object.entries(inputs))(
    'gives the documents parseAllDocuments gives, for YAML 1.1 and 1.2 (%s)',
    (_name, text) => {
      const rendered = parseRenderedManifests(text);
      expect(rendered.yaml).toBe(text);
      for (const version of ['1.1', '1.2'] as const) {
        expect(summarize(rendered.documents(version))).toEqual(
          summarize(parseAllDocuments(text, { version }) as any[]),
        );
      }
    },
  );

  it('reads the versions differently from the same text', () => {
    const rendered = parseRenderedManifests(inputs['yaml 1.1 scalars']);
    expect(rendered.documents('1.1')[0].toJS()).toEqual({
      kind: true,
      metadata: { name: 288, namespace: true },
    });
    expect(rendered.documents('1.2')[0].toJS()).toEqual({
      kind: 'on',
      metadata: { name: 440, namespace: 'yes' },
    });
  });

  it('keeps line and column in the errors of a broken render', () => {
    const [, broken] = parseRenderedManifests(
      inputs['broken second document'],
    ).documents('1.1');
    expect(broken.errors[0].message).toMatch(/ at line 4, column 1:/);
  });

  it('composes each version once', () => {
    const rendered = parseRenderedManifests('a: 1\n');
    expect(rendered.documents('1.1')).toBe(rendered.documents('1.1'));
    expect(rendered.documents('1.2')).not.toBe(rendered.documents('1.1'));
  });
});

describe('checkRenderedManifests with a shared parse', () => {
  const pod = [
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata:',
    '  name: settings',
    'data:',
    '  mode: on',
    '',
  ].join('\n');

  it('finds the same as from the text', () => {
    const broken = `${pod}---\nkind: [\n`;
    expect(
      checkRenderedManifests(broken, parseRenderedManifests(broken)),
    ).toEqual(checkRenderedManifests(broken));
    expect(checkRenderedManifests(broken).map(f => f.rule)).toContain('yaml');
  });

  it('ignores a shared parse of another text', () => {
    const other = parseRenderedManifests('apiVersion: v1\nkind: Nope\n');
    expect(checkRenderedManifests(pod, other)).toEqual(
      checkRenderedManifests(pod),
    );
    expect(
      checkRenderedManifests('apiVersion: v1\nkind: Nope\n', other),
    ).not.toEqual([]);
  });
});
