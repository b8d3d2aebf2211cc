import { createHarness } from './__testUtils__/harness';

/**
 * 500 generated malformed or hostile inputs. None may reach helm (the
 * recording exec sees zero calls) and each must fail with an error that
 * names the offending field, never a crash or a generic message.
 */

jest.setTimeout(120_000);

/** Deterministic PRNG so a failure is reproducible from its index. */
function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const good = {
  cluster: 'dev-cluster',
  namespace: 'mcp-team-a',
  releaseName: 'mcp-team-a',
  environment: 'development',
  owner: 'group:default/team-a',
  values: {},
};

const hostileNames = [
  '../../etc/passwd',
  'a/b',
  'mcp;rm -rf /',
  '$(id)',
  '`id`',
  '--kubeconfig=/tmp/x',
  '-n',
  'MCP',
  'mcp_team',
  'mcp\u0430', // Cyrillic a
  'mcр', // Cyrillic er
  'ｍｃｐ', // full-width
  'mcp\u200b', // zero-width space
  'mcp\n',
  ' mcp',
  'mcp ',
  '',
  '-',
  'a-',
  '.',
  '..',
  'a'.repeat(64),
  'mcp%2F..',
  'mcp\u0000',
  '*',
  'mcp,team',
];
const wrongTypes = [123, true, null, [], {}, ['mcp'], { name: 'mcp' }, 1.5];
const setStrings = [
  'image.tag=latest',
  '--set image.tag=latest',
  'replicaCount=3,image.tag=x',
  '{"image":{"tag":"x"}}',
  '--values=/etc/passwd',
  '-f /etc/passwd',
];

type Case = { field: string; input: Record<string, unknown>; expect: RegExp };

function generate(count: number): Case[] {
  const rand = prng(42);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)];
  const cases: Case[] = [];
  const generators: Array<() => Case> = [
    () => {
      const field = pick([
        'namespace',
        'releaseName',
        'cluster',
        'environment',
      ]);
      return {
        field,
        input: { ...good, [field]: pick(hostileNames) },
        expect: new RegExp(`${field}|Unknown environment`),
      };
    },
    () => {
      const field = pick([
        'namespace',
        'releaseName',
        'cluster',
        'environment',
        'wait',
        'timeout',
        'entityName',
        'owner',
      ]);
      const picked = pick(wrongTypes);
      // `true` is a right type for `wait`; a string is the wrong one there.
      const value =
        field === 'wait' && typeof picked === 'boolean' ? 'yes' : picked;
      return {
        field,
        input: { ...good, [field]: value },
        expect: new RegExp(field),
      };
    },
    () => ({
      field: 'values',
      input: {
        ...good,
        values: pick([...setStrings, 42, true, ['image.tag=x']]),
      },
      expect: /values must be an object/,
    }),
    () => {
      const key = pick([
        'image.tag',
        'mcpKubernetes.oauth.enabled',
        'ingress.hosts[0].host',
        'replicaCount,image.tag',
      ]);
      return {
        field: 'values',
        input: { ...good, values: { [key]: 'x' } },
        expect: /values\.\S+: key (looks like a --set path|is not a valid)/,
      };
    },
    () => {
      const key = pick(['іmage', 'replicaСount', 'ｉｍａｇｅ', 'image\u200b']);
      return {
        field: 'values',
        input: { ...good, values: { [key]: {} } },
        expect: /non-ASCII characters/,
      };
    },
    () => {
      const n = 70_000 + Math.floor(rand() * 50_000);
      return {
        field: 'values',
        input: {
          ...good,
          values: {
            podAnnotations: { big: 'x'.repeat(Math.min(n, 8000)) },
            nameOverride: 'y'.repeat(8000),
            extra: Array.from({ length: 10 }, () => 'z'.repeat(8000)),
          },
        },
        expect: /values: are \d+ bytes; the limit is 65536/,
      };
    },
    () => {
      let deep: Record<string, unknown> = { leaf: 1 };
      for (let i = 0; i < 20 + Math.floor(rand() * 30); i++)
        deep = { podLabels: deep };
      return {
        field: 'values',
        input: { ...good, values: { affinity: deep } },
        expect: /nested deeper than 16 levels/,
      };
    },
    () => {
      const [path, value, message] = pick<[string, unknown, RegExp]>([
        ['replicaCount', '3; rm -rf /', /values\.replicaCount must be integer/],
        ['replicaCount', -1, /values\.replicaCount must be >= 0/],
        ['image', 'ghcr.io/x:latest', /values\.image must be object/],
        [
          'ingress',
          { enabled: 'yes' },
          /values\.ingress\.enabled must be boolean/,
        ],
        [
          'service',
          { type: 'ExternalName' },
          /values\.service\.type must be one of/,
        ],
        [
          'imagePullSecrets',
          [{}],
          /values\.imagePullSecrets\[0\] must have required property 'name'/,
        ],
      ]);
      return {
        field: 'values',
        input: { ...good, values: { [path]: value } },
        expect: message,
      };
    },
    () => ({
      field: 'values',
      input: {
        ...good,
        values: {
          nameOverride: `evil\u0007${'x'.repeat(Math.floor(rand() * 10))}`,
        },
      },
      expect: /values\.nameOverride: contains control characters/,
    }),
    () => ({
      field: 'timeout',
      input: {
        ...good,
        timeout: pick([
          '0',
          '-5',
          '5s',
          '2h',
          '1e9',
          '10m; id',
          'forever',
          99999,
        ]),
      },
      expect: /timeout must be between 30s and 1h/,
    }),
    () => ({
      field: 'input',
      input: {
        ...good,
        [pick(['kubeconfig', '__proto__x', 'set', 'valuesFile', 'chart'])]: 'x',
      },
      expect: /unknown input\(s\)/,
    }),
    () => {
      const field = pick([
        'cluster',
        'namespace',
        'releaseName',
        'environment',
      ]);
      const { [field]: _omitted, ...rest } = good as Record<string, unknown>;
      return { field, input: rest, expect: new RegExp(`${field} is required`) };
    },
  ];
  for (let i = 0; i < count; i++) {
    cases.push(generators[i % generators.length]());
  }
  return cases;
}

describe('mcp-kubernetes:deploy mutation suite', () => {
  const cases = generate(500);

  it('generates 500 cases', () => {
    expect(cases).toHaveLength(500);
  });

  it('rejects every case with a named error before helm', async () => {
    const h = await createHarness();
    const failures: string[] = [];
    for (const [i, c] of cases.entries()) {
      const { error } = await h.run(c.input);
      if (!error) {
        failures.push(
          `#${i} (${c.field}) was accepted: ${JSON.stringify(c.input).slice(
            0,
            200,
          )}`,
        );
      } else if (
        !['InputError', 'NotAllowedError'].includes(error.name) ||
        !c.expect.test(error.message)
      ) {
        failures.push(
          `#${i} (${c.field}) ${error.name}: ${error.message.slice(
            0,
            300,
          )} (expected ${c.expect})`,
        );
      }
    }
    expect(failures).toEqual([]);
    expect(h.calls).toEqual([]);
  });
});
