import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { mcpKubernetesApiRef, PolicyPreviewResult } from '../../api';
import { buildChartValues } from '@mcp-kubernetes/plugin-mcp-kubernetes-common';
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
    name: 'mcp-team-a',
    owner: 'group:default/team-a',
    description: 'not a chart answer',
    environment: 'production',
    cluster: 'prod-eu-1',
    namespace: 'mcp-team-a',
    size: 'medium',
    imageTag: 'latest',
    access: 'read-write',
    oauthEnabled: true,
    baseURL: 'https://mcp.example.com',
    publish: false,
  };

  it('sends only the typed chart answers, shows the values built from them and every violation', async () => {
    const values = buildChartValues({
      size: 'medium',
      imageTag: 'latest',
      access: 'read-write',
      oauthEnabled: true,
      baseURL: 'https://mcp.example.com',
    });
    const evaluation: PolicyPreviewResult = {
      environment: 'production',
      allowed: false,
      effectiveValues: {},
      values,
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
    // Typed answers only: no values object, no owner/description/name/publish.
    expect(previewPolicy).toHaveBeenCalledWith({
      environment: 'production',
      cluster: 'prod-eu-1',
      namespace: 'mcp-team-a',
      answers: {
        size: 'medium',
        imageTag: 'latest',
        access: 'read-write',
        oauthEnabled: true,
        baseURL: 'https://mcp.example.com',
      },
    });
    // The values shown are the server's, built by the shared function.
    expect(
      JSON.parse(
        screen.getByTestId('mcp-kubernetes-preview-values').textContent!,
      ),
    ).toEqual(values);
    expect(values).toMatchObject({
      replicaCount: 2,
      rbac: { readOnly: false },
      image: { tag: 'latest' },
    });
    // A preview, not the install: the field never writes the values into the form.
    expect(props.onChange).not.toHaveBeenCalled();
  });

  it('confirms compliant settings and shows the values', async () => {
    const previewPolicy = jest.fn(async () => ({
      environment: 'development',
      allowed: true,
      violations: [],
      effectiveValues: {},
      values: { replicaCount: 2, rbac: { readOnly: true } },
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
    expect(
      screen.getByTestId('mcp-kubernetes-preview-values'),
    ).toHaveTextContent('"readOnly": true');
  });

  it('shows a refused answer as the backend names it', async () => {
    const previewPolicy = jest.fn(async () =>
      Promise.reject(
        new Error('answers.baseURL: baseURL must be an https:// URL'),
      ),
    );
    await renderInTestApp(
      <TestApiProvider apis={[[mcpKubernetesApiRef, { previewPolicy }]]}>
        <McpKubernetesPolicyPreview
          {...fieldProps({
            formContext: {
              formData: { environment: 'development', baseURL: 'http://x' },
            },
          })}
        />
      </TestApiProvider>,
    );
    expect(
      await screen.findByText(/answers\.baseURL: baseURL must be an https/),
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
        ingressHost: 'mcp.example.com',
        tlsSecretName: 'mcp-tls',
        ingressClassName: 'nginx',
      }),
    ).toEqual({
      replicaCount: 3,
      resources: {
        requests: { cpu: '500m', memory: '512Mi' },
        limits: { cpu: '2', memory: '2Gi' },
      },
      // No access answer: read-only.
      rbac: { readOnly: true },
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
