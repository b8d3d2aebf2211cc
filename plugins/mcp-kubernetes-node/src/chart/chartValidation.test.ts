import { join } from 'node:path';
import { parse } from 'yaml';
import {
  CHART_DIR,
  ciScenarios,
  only,
  parseObjects,
  readChartSpec,
  renderChart,
  runHelm,
  RELEASE,
  NAMESPACE,
} from './helmHarness';
import { specYamlBlock } from './specExamples';
import { PinnedHelmMajor } from '../helm/pinnedHelm';

jest.setTimeout(180_000);

const scenarios = ciScenarios();
const valueFiles = [
  ...Object.values(scenarios),
  join(CHART_DIR, 'values-oauth-example.yaml'),
];
const SCHEMA_ERROR = /values don't meet the specifications of the schema/;

const template = (args: string[], version: PinnedHelmMajor = 'v4') =>
  runHelm(
    ['template', RELEASE, CHART_DIR, '--namespace', NAMESPACE, ...args],
    version,
  );

describe('helm lint --strict', () => {
  it.each(['(defaults)', ...valueFiles])('%s', async file => {
    const args = file === '(defaults)' ? [] : ['-f', file];
    const result = await runHelm(['lint', '--strict', CHART_DIR, ...args]);
    expect({ code: result.code, out: result.stdout + result.stderr }).toEqual({
      code: 0,
      out: expect.stringContaining('0 chart(s) failed'),
    });
  });
});

describe('values.schema.json rejects bad values with helm schema errors', () => {
  const cases: Array<[string, string[], RegExp]> = [
    ['a wrong type', ['--set', 'replicaCount=three'], /replicaCount/],
    ['a wrong nested type', ['--set', 'service.port=http'], /service/],
    [
      'a boolean given as text',
      ['--set-string', 'ingress.enabled=yes'],
      /ingress/,
    ],
    ['an unknown top-level key', ['--set', 'replicas=2'], /replicas/],
    [
      'an unknown nested key',
      ['--set', 'mcpKubernetes.oauth.baseUrl=https://x.example.com'],
      /baseUrl/,
    ],
    [
      'OAuth without baseURL',
      [
        '--set',
        'mcpKubernetes.oauth.enabled=true',
        '--set',
        'mcpKubernetes.oauth.existingSecret=creds',
      ],
      /baseURL/,
    ],
    [
      'OAuth with an http baseURL',
      [
        '--set',
        'mcpKubernetes.oauth.enabled=true',
        '--set',
        'mcpKubernetes.oauth.existingSecret=creds',
        '--set',
        'mcpKubernetes.oauth.baseURL=http://mcp.example.com',
      ],
      /baseURL/,
    ],
    [
      'a memory target above 100%',
      ['--set', 'autoscaling.targetMemoryUtilizationPercentage=150'],
      /targetMemoryUtilizationPercentage/,
    ],
  ];
  for (const version of ['v4', 'v3'] as const) {
    it.each(cases)(`helm ${version}: %s`, async (_name, args, field) => {
      const result = await template(args, version);
      expect(result.code).not.toBe(0);
      expect(result.stderr).toMatch(SCHEMA_ERROR);
      expect(result.stderr).toMatch(field);
    });
  }

  it('accepts OAuth with an https baseURL', async () => {
    const result = await template([
      '--set',
      'mcpKubernetes.oauth.enabled=true',
      '--set',
      'mcpKubernetes.oauth.existingSecret=creds',
      '--set',
      'mcpKubernetes.oauth.baseURL=https://mcp.example.com',
    ]);
    expect(result).toMatchObject({ code: 0, stderr: '' });
  });
});

describe('template guards for what the schema cannot express', () => {
  it.each([
    [
      'OAuth with no credentials source',
      [
        '--set',
        'mcpKubernetes.oauth.enabled=true',
        '--set',
        'mcpKubernetes.oauth.baseURL=https://x.example.com',
      ],
      /no credentials are configured: set mcpKubernetes.oauth.existingSecret/,
    ],
    [
      'both existingSecret and inline credentials',
      [
        '-f',
        scenarios['oauth-inline-dev'],
        '--set',
        'mcpKubernetes.oauth.existingSecret=creds',
      ],
      /set either existingSecret or the inline credentials/,
    ],
    [
      'inline credentials without the client secret',
      [
        '--set',
        'mcpKubernetes.oauth.enabled=true',
        '--set',
        'mcpKubernetes.oauth.baseURL=https://x.example.com',
        '--set',
        'mcpKubernetes.oauth.googleClientID=id',
      ],
      /needs both googleClientID and googleClientSecret/,
    ],
    [
      'kubeconfig mode without a kubeconfig path',
      ['--set', 'mcpKubernetes.kubernetes.inCluster=false'],
      /mcpKubernetes.kubernetes.kubeconfig must name a file/,
    ],
    [
      'autoscaling bounds reversed',
      [
        '--set',
        'autoscaling.enabled=true',
        '--set',
        'autoscaling.minReplicas=5',
        '--set',
        'autoscaling.maxReplicas=2',
      ],
      /autoscaling.minReplicas \(5\) must not exceed autoscaling.maxReplicas \(2\)/,
    ],
  ])('fails on %s', async (_name, args, message) => {
    const result = await template(args);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(message);
  });
});

describe("the spec's Vault values file", () => {
  it('as written it uses a `containers` key the chart does not have, which the schema rejects', async () => {
    const vault = specYamlBlock(readChartSpec(), 'values-vault.yaml');
    const result = await template([
      '--set-json',
      `containers=${JSON.stringify(parse(vault).containers)}`,
    ]);
    expect(result.stderr).toMatch(SCHEMA_ERROR);
    expect(result.stderr).toMatch(/containers/);
  });

  it('its chart keys plus externalCredentials render, with the injector annotations on the pods', async () => {
    const vault = parse(specYamlBlock(readChartSpec(), 'values-vault.yaml'));
    const args = [
      '--set-json',
      `mcpKubernetes=${JSON.stringify(vault.mcpKubernetes)}`,
      '--set-json',
      `podAnnotations=${JSON.stringify(vault.podAnnotations)}`,
    ];
    const withoutSource = await template(args);
    expect(withoutSource.stderr).toMatch(/externalCredentials=true/);
    const objects = parseObjects(
      await renderChart([
        ...args,
        '--set',
        'mcpKubernetes.oauth.externalCredentials=true',
      ]),
    );
    const annotations = only(objects, 'Deployment').spec.template.metadata
      .annotations;
    expect(annotations).toEqual(vault.podAnnotations);
  });
});

describe('helm v3 compatibility', () => {
  it.each(['(defaults)', ...valueFiles])(
    'helm v3.17.3 lints and renders %s like helm v4',
    async file => {
      const args = file === '(defaults)' ? [] : ['-f', file];
      const lint = await runHelm(
        ['lint', '--strict', CHART_DIR, ...args],
        'v3',
      );
      expect(lint.code).toBe(0);
      const [v3, v4] = await Promise.all([
        renderChart(args, 'v3'),
        renderChart(args, 'v4'),
      ]);
      expect(parseObjects(v3)).toEqual(parseObjects(v4));
    },
  );
});
