// The mapping the preview shows and the deploy action installs (moved to -common).
import { buildChartValues } from '@mcp-kubernetes/plugin-mcp-kubernetes-common';

const oauthForm = {
  oauthEnabled: true,
  baseURL: 'https://mcp.example.com',
};

describe('buildChartValues: OAuth credentials', () => {
  it('maps an existing Secret without an ExternalSecret block', () => {
    expect(
      buildChartValues({ ...oauthForm, existingSecret: 'mcp-oauth' })
        .mcpKubernetes,
    ).toEqual({
      oauth: {
        enabled: true,
        baseURL: 'https://mcp.example.com',
        existingSecret: 'mcp-oauth',
        allowPublicRegistration: false,
      },
    });
  });

  it('maps the ExternalSecret option to the chart block with the store', () => {
    expect(
      buildChartValues({
        ...oauthForm,
        externalSecretEnabled: true,
        secretStoreName: 'vault-backend',
        secretStoreKind: 'ClusterSecretStore',
      }).mcpKubernetes,
    ).toEqual({
      oauth: {
        enabled: true,
        baseURL: 'https://mcp.example.com',
        existingSecret: '',
        allowPublicRegistration: false,
        externalSecret: {
          enabled: true,
          secretStoreRef: { name: 'vault-backend', kind: 'ClusterSecretStore' },
        },
      },
    });
  });

  it('defaults the store kind to SecretStore and keeps a chosen target Secret', () => {
    const oauth = (
      buildChartValues({
        ...oauthForm,
        existingSecret: 'mcp-oauth',
        externalSecretEnabled: true,
        secretStoreName: 'team-store',
      }).mcpKubernetes as any
    ).oauth;
    expect(oauth.existingSecret).toBe('mcp-oauth');
    expect(oauth.externalSecret.secretStoreRef).toEqual({
      name: 'team-store',
      kind: 'SecretStore',
    });
  });

  it('leaves the ExternalSecret out when OAuth is off or the option is off', () => {
    expect(
      buildChartValues({
        externalSecretEnabled: true,
        secretStoreName: 'team-store',
      }).mcpKubernetes,
    ).toBeUndefined();
    expect(
      (
        buildChartValues({
          ...oauthForm,
          externalSecretEnabled: false,
          secretStoreName: 'team-store',
        }).mcpKubernetes as any
      ).oauth,
    ).not.toHaveProperty('externalSecret');
  });
});
