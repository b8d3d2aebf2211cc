import {
  answersFromChartValues,
  buildChartValues,
  ChartAnswers,
  composeChartValues,
  deployAnswersSchema,
} from './deployAnswers';

describe('answersFromChartValues', () => {
  const full: ChartAnswers = {
    size: 'large',
    imageTag: 'v1.2.3',
    access: 'read-write',
    oauthEnabled: true,
    baseURL: 'https://mcp.example.com',
    existingSecret: 'mcp-oauth',
    externalSecretEnabled: true,
    secretStoreName: 'vault',
    secretStoreKind: 'ClusterSecretStore',
    ingressEnabled: true,
    ingressHost: 'mcp.example.com',
    ingressClassName: 'nginx',
    tlsSecretName: 'mcp-tls',
  };

  it('inverts buildChartValues for every answer it reads', () => {
    expect(answersFromChartValues(buildChartValues(full))).toEqual(full);
    const minimal: ChartAnswers = {
      size: 'medium',
      access: 'read-only',
      oauthEnabled: false,
      ingressEnabled: false,
    };
    expect(answersFromChartValues(buildChartValues(minimal))).toEqual(minimal);
  });

  it('reads what a deploy installed (server-set values on top) back to answers that build the same values', () => {
    const answers = deployAnswersSchema.parse({
      cluster: 'dev-1',
      namespace: 'team-a',
      releaseName: 'mcp-a',
      environment: 'development',
      owner: 'group:default/team-a',
      ...full,
    });
    const installed = composeChartValues(answers);
    const again = answersFromChartValues(installed);
    expect(buildChartValues(again)).toEqual(buildChartValues(answers));
  });

  it('leaves size out when replicas or resources were changed by hand', () => {
    const values = buildChartValues({ size: 'small' });
    (values as any).replicaCount = 5;
    expect(answersFromChartValues(values).size).toBeUndefined();
  });

  it('survives hostile or odd values: no prototype reads, wrong types ignored', () => {
    const hostile = JSON.parse(
      '{"__proto__":{"replicaCount":2},"image":{"tag":42},"rbac":{"readOnly":"no"},' +
        '"mcpKubernetes":{"oauth":{"enabled":"true"}},"ingress":{"enabled":true,"hosts":"x"}}',
    );
    expect(answersFromChartValues(hostile)).toEqual({
      oauthEnabled: false,
      ingressEnabled: true,
    });
    for (const odd of [undefined, null, 'x', [], 7]) {
      expect(answersFromChartValues(odd)).toEqual({
        oauthEnabled: false,
        ingressEnabled: false,
      });
    }
    expect(({} as any).replicaCount).toBeUndefined();
  });
});
