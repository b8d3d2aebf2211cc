import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { PolicyEvaluation } from '@mcp-kubernetes/plugin-mcp-kubernetes-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { mcpKubernetesApiRef } from '../../api';
import { buildChartValues } from './chartValues';
import { McpKubernetesClusterPicker } from './McpKubernetesClusterPicker';
import { McpKubernetesPolicyPreview } from './McpKubernetesPolicyPreview';

/** The props RJSF gives a custom field, reduced to what these fields read. */
function fieldProps(overrides: Record<string, unknown>) {
  return {
    schema: {
      title: 'Cluster',
      description: 'Clusters the environment allows',
    },
    uiSchema: {},
    idSchema: { $id: 'root_cluster' },
    onChange: jest.fn(),
    rawErrors: [],
    required: true,
    formData: undefined,
    formContext: { formData: {} },
    ...overrides,
  } as any;
}

describe('McpKubernetesClusterPicker', () => {
  it('lists the clusters of the chosen environment and reports the choice', async () => {
    const listClusters = jest.fn(async (env?: string) =>
      env === 'production'
        ? [{ name: 'prod-eu-1' }, { name: 'prod-us-1', reachable: false }]
        : [{ name: 'dev-1' }],
    );
    const props = fieldProps({
      formContext: { formData: { environment: 'production' } },
    });
    await renderInTestApp(
      <TestApiProvider apis={[[mcpKubernetesApiRef, { listClusters }]]}>
        <McpKubernetesClusterPicker {...props} />
      </TestApiProvider>,
    );
    expect(listClusters).toHaveBeenCalledWith('production');
    await userEvent.click(
      await screen.findByRole('button', { name: /cluster/i }),
    );
    const options = within(screen.getByRole('listbox')).getAllByRole('option');
    expect(options.map(o => o.textContent)).toEqual([
      'prod-eu-1',
      'prod-us-1 (unreachable)',
    ]);
    await userEvent.click(options[0]);
    expect(props.onChange).toHaveBeenCalledWith('prod-eu-1');
  });

  it('says when the environment allows no cluster', async () => {
    await renderInTestApp(
      <TestApiProvider
        apis={[[mcpKubernetesApiRef, { listClusters: async () => [] }]]}
      >
        <McpKubernetesClusterPicker
          {...fieldProps({
            formContext: { formData: { environment: 'staging' } },
          })}
        />
      </TestApiProvider>,
    );
    expect(
      await screen.findByText(
        'No cluster is allowed for staging; ask a platform admin.',
      ),
    ).toBeInTheDocument();
  });

  it('shows the error when clusters cannot be loaded', async () => {
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [
            mcpKubernetesApiRef,
            {
              listClusters: async () =>
                Promise.reject(new Error('503 backend down')),
            },
          ],
        ]}
      >
        <McpKubernetesClusterPicker {...fieldProps({})} />
      </TestApiProvider>,
    );
    expect(
      await screen.findByText('Could not load clusters: 503 backend down'),
    ).toBeInTheDocument();
  });
});

describe('McpKubernetesPolicyPreview', () => {
  const form = {
    environment: 'production',
    cluster: 'prod-eu-1',
    namespace: 'mcp-team-a',
    size: 'medium',
    imageTag: 'latest',
    oauthEnabled: true,
    baseURL: 'https://mcp.example.com',
  };

  it('stores the built values and lists every violation before submit', async () => {
    const evaluation: PolicyEvaluation = {
      environment: 'production',
      allowed: false,
      effectiveValues: {},
      violations: [
        {
          ruleId: 'image.pinned-tag',
          path: 'image.tag',
          message: 'image.tag is "latest".',
          hint: 'Pin a version.',
        },
        {
          ruleId: 'oauth.existing-secret-required',
          path: 'mcpKubernetes.oauth.existingSecret',
          message: 'No existingSecret.',
          hint: 'Set existingSecret.',
        },
      ],
    };
    const previewPolicy = jest.fn(async () => evaluation);
    const props = fieldProps({ formContext: { formData: form } });
    await renderInTestApp(
      <TestApiProvider apis={[[mcpKubernetesApiRef, { previewPolicy }]]}>
        <McpKubernetesPolicyPreview {...props} />
      </TestApiProvider>,
    );
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(
      'The production policy refuses 2 setting(s)',
    );
    expect(alert).toHaveTextContent(
      'image.tag: image.tag is "latest". Pin a version.',
    );
    expect(alert).toHaveTextContent('mcpKubernetes.oauth.existingSecret');
    const values = buildChartValues(form);
    expect(previewPolicy).toHaveBeenCalledWith({
      environment: 'production',
      cluster: 'prod-eu-1',
      namespace: 'mcp-team-a',
      values,
    });
    expect(props.onChange).toHaveBeenCalledWith(values);
    expect(values).toMatchObject({
      replicaCount: 2,
      image: { tag: 'latest' },
      resources: { limits: { cpu: '1', memory: '1Gi' } },
      mcpKubernetes: {
        oauth: {
          enabled: true,
          baseURL: 'https://mcp.example.com',
          existingSecret: '',
        },
      },
    });
  });

  it('confirms compliant settings', async () => {
    const previewPolicy = jest.fn(async () => ({
      environment: 'development',
      allowed: true,
      violations: [],
      effectiveValues: {},
    }));
    await renderInTestApp(
      <TestApiProvider apis={[[mcpKubernetesApiRef, { previewPolicy }]]}>
        <McpKubernetesPolicyPreview
          {...fieldProps({
            formContext: { formData: { environment: 'development' } },
          })}
        />
      </TestApiProvider>,
    );
    expect(
      await screen.findByText(
        'These settings comply with the development policy.',
      ),
    ).toBeInTheDocument();
  });

  it('asks for an environment first and does not call the backend', async () => {
    const previewPolicy = jest.fn();
    await renderInTestApp(
      <TestApiProvider apis={[[mcpKubernetesApiRef, { previewPolicy }]]}>
        <McpKubernetesPolicyPreview {...fieldProps({})} />
      </TestApiProvider>,
    );
    expect(screen.getByText(/Choose an environment/)).toBeInTheDocument();
    await waitFor(() => expect(previewPolicy).not.toHaveBeenCalled());
  });
});

describe('buildChartValues', () => {
  it('maps ingress answers to one host with TLS for that host', () => {
    expect(
      buildChartValues({
        size: 'large',
        ingressEnabled: true,
        ingressHost: ' mcp.example.com ',
        tlsSecretName: 'mcp-tls',
        ingressClassName: 'nginx',
      }),
    ).toEqual({
      replicaCount: 3,
      resources: {
        requests: { cpu: '500m', memory: '512Mi' },
        limits: { cpu: '2', memory: '2Gi' },
      },
      ingress: {
        enabled: true,
        className: 'nginx',
        hosts: [
          {
            host: 'mcp.example.com',
            paths: [{ path: '/', pathType: 'Prefix' }],
          },
        ],
        tls: [{ secretName: 'mcp-tls', hosts: ['mcp.example.com'] }],
      },
    });
  });
});
