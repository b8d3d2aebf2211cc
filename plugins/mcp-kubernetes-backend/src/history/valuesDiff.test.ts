import { diffValues, flattenValues } from './valuesDiff';

const JWT =
  'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLXZhbHVlLWhlcmU';
const PEM =
  '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBg\n-----END PRIVATE KEY-----';

describe('diffValues', () => {
  it('flattens maps, lists and odd keys to unambiguous dotted paths', () => {
    const flat = flattenValues({
      a: { b: 1, 'dotted.key': true, empty: {} },
      list: [{ c: 'x' }, 'y'],
      none: [],
    });
    expect([...flat.keys()]).toEqual([
      'a.b',
      'a["dotted.key"]',
      'a.empty',
      'list[0].c',
      'list[1]',
      'none',
    ]);
    expect(flat.get('a.empty')?.text).toBe('{}');
  });

  it('masks values that look secret under innocent keys, on both sides', () => {
    const entries = diffValues(
      { extraArgs: ['--header', 'x'], note: 'plain', cert: 'none' },
      {
        extraArgs: ['--header', `Authorization: Bearer ${JWT}`],
        note: `postgres://app:hunter2-db-pass@db:5432/app`,
        cert: PEM,
      },
    );
    const text = JSON.stringify(entries);
    for (const secret of [JWT, 'hunter2-db-pass', 'MIIEvQIBADANBg']) {
      expect(text).not.toContain(secret);
    }
    expect(entries).toEqual([
      { path: 'cert', change: 'changed', from: '***', to: '***', masked: true },
      {
        path: 'extraArgs[1]',
        change: 'changed',
        from: '***',
        to: '***',
        masked: true,
      },
      { path: 'note', change: 'changed', from: '***', to: '***', masked: true },
    ]);
  });

  it('masks everything under a credential key, env-style secret entries, and secret-looking keys', () => {
    const entries = diffValues(
      {},
      {
        secrets: { plain: 'abc' },
        env: [
          { name: 'DB_PASSWORD', value: 'pw-1234' },
          { name: 'LOG_LEVEL', value: 'debug' },
        ],
        annotations: { [JWT]: 'x' },
        oauth: { clientSecretName: 'mcp-oauth', existingSecret: 'mcp-oauth' },
      },
    );
    const byPath = Object.fromEntries(entries.map(e => [e.path, e]));
    expect(byPath['secrets.plain']).toMatchObject({ to: '***', masked: true });
    expect(byPath['env[0].value']).toMatchObject({ to: '***', masked: true });
    expect(byPath['env[0].name']).toMatchObject({ to: '"DB_PASSWORD"' });
    expect(byPath['env[1].value']).toEqual({
      path: 'env[1].value',
      change: 'added',
      to: '"debug"',
    });
    expect(byPath['oauth.existingSecret']).toMatchObject({
      to: '"mcp-oauth"',
    });
    expect(byPath['oauth.clientSecretName']).toMatchObject({
      to: '"mcp-oauth"',
    });
    expect(JSON.stringify(entries)).not.toContain(JWT);
    expect(JSON.stringify(entries)).not.toContain('pw-1234');
  });

  it('reports nothing for equal values and cuts long ones', () => {
    expect(diffValues({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).toEqual([]);
    const [entry] = diffValues({}, { motd: 'word '.repeat(1000) });
    expect(entry.to!.length).toBeLessThanOrEqual(1025);
    expect(entry.to!.endsWith('…')).toBe(true);
  });
});
