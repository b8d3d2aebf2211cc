import { Entity } from '@backstage/catalog-model';
import { configApiRef } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { InstallStatus } from '@mcp-kubernetes/plugin-mcp-kubernetes-common';
import { McpKubernetesApi, mcpKubernetesApiRef } from '../../api';
import {
  failingStatus,
  healthyStatus,
  LEAKED_JWT,
  LEAKED_SECRET,
  staleStatus,
} from '../../__fixtures__/installStatus';
import { annotatedEntity } from './day2/__testUtils__/day2Fakes';
import { EntityMcpKubernetesCard } from './EntityMcpKubernetesCard';

const annotated: Entity = annotatedEntity();

async function errorResponse(
  status: number,
  name: string,
  message: string,
  code?: string,
) {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name, message, ...(code ? { code } : {}) },
        request: { method: 'GET', url: '/status' },
        response: { statusCode: status },
      }),
      { status, headers: { 'Content-Type': 'application/json' } },
    ),
  );
}

function fakeApi(overrides: Partial<McpKubernetesApi> = {}) {
  return {
    getStatusByEntity: jest.fn(async () => healthyStatus()),
    listClusters: jest.fn(async () => [
      { name: 'prod-eu-1' },
      { name: 'staging' },
    ]),
    ...overrides,
  };
}

async function renderCard(
  api: Partial<McpKubernetesApi>,
  options: {
    entity?: Entity;
    refreshIntervalSeconds?: number;
    config?: object;
  } = {},
) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [mcpKubernetesApiRef, api],
        [
          configApiRef,
          mockApis.config({ data: (options.config ?? {}) as any }),
        ],
      ]}
    >
      <EntityProvider entity={options.entity ?? annotated}>
        <EntityMcpKubernetesCard
          refreshIntervalSeconds={options.refreshIntervalSeconds ?? 0}
        />
      </EntityProvider>
    </TestApiProvider>,
  );
}

describe('EntityMcpKubernetesCard', () => {
  it('shows a loading state until the status arrives', async () => {
    let resolve: (s: InstallStatus) => void = () => {};
    const api = fakeApi({
      getStatusByEntity: jest.fn(
        () =>
          new Promise<InstallStatus>(r => {
            resolve = r;
          }),
      ),
    });
    await renderCard(api);
    expect(screen.getByTestId('progress')).toBeInTheDocument();
    await act(async () => resolve(healthyStatus()));
    expect(await screen.findByText('Healthy')).toBeInTheDocument();
    expect(screen.queryByTestId('progress')).not.toBeInTheDocument();
  });

  it('asks for the status of the entity it is rendered for', async () => {
    const api = fakeApi();
    await renderCard(api);
    await screen.findByText('Healthy');
    expect(api.getStatusByEntity).toHaveBeenCalledWith({
      kind: 'Component',
      namespace: 'default',
      name: 'payments-mcp',
    });
  });

  it('renders a healthy install: header, pods, ExternalSecret and key rotation', async () => {
    await renderCard(fakeApi());
    expect(await screen.findByText('Healthy')).toBeInTheDocument();
    const header = screen.getByTestId('mcpk-status-header');
    expect(header).toHaveTextContent(
      'Cluster prod-eu-1 · namespace payments · release payments-mcp',
    );
    expect(header).toHaveTextContent(/Last observed \d+s ago/);
    expect(header).not.toHaveTextContent(/stale since/);

    expect(
      screen.getByText('payments-mcp-7d9f8c6b5d-abcde'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('payments-mcp-7d9f8c6b5d-fghij'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('2/2 ready · 2 updated · 2 available'),
    ).toBeInTheDocument();
    expect(screen.getAllByText('/health → 200')).toHaveLength(2);
    const firstPod = screen.getByRole('row', {
      name: /payments-mcp-7d9f8c6b5d-abcde/,
    });
    expect(firstPod).toHaveTextContent('12 ms · checked 30s ago');
    expect(firstPod).toHaveTextContent('node-a · age 2d');
    expect(firstPod).toHaveTextContent(/ReadyRunning0/);

    const es = screen.getByRole('region', { name: 'ExternalSecret' });
    expect(within(es).getByText('Synced')).toBeInTheDocument();
    expect(es).toHaveTextContent('Last sync 10m ago · refresh interval 1h');
    expect(es).toHaveTextContent('Store ClusterSecretStore/vault-prod');

    const kr = screen.getByRole('region', { name: 'Key rotation' });
    expect(within(kr).getByText('Within policy')).toBeInTheDocument();
    const meter = within(kr).getByRole('meter', { name: 'Key age in days' });
    expect(meter).toHaveAttribute('aria-valuenow', '20');
    expect(meter).toHaveAttribute(
      'aria-valuetext',
      '20 days (warn at 75, max 90)',
    );
    expect(within(kr).getByText('warn 75d')).toBeInTheDocument();
    expect(within(kr).getByText('max 90d')).toBeInTheDocument();
    expect(
      screen.queryByTestId('mcpk-pods-not-restarted'),
    ).not.toBeInTheDocument();
  });

  it('says when health is re-checked less often because many cards are open, and only then', async () => {
    const limited: InstallStatus = {
      ...healthyStatus(),
      healthRefresh: { everySeconds: 34, limitedByBudget: true },
    };
    await renderCard(
      fakeApi({ getStatusByEntity: jest.fn(async () => limited) }),
    );
    expect(
      await screen.findByText(
        '2/2 ready · 2 updated · 2 available · health re-checked every 34 s while many cards are open',
      ),
    ).toBeInTheDocument();
  });

  it('says nothing of the re-check period at the configured freshness', async () => {
    const usual: InstallStatus = {
      ...healthyStatus(),
      healthRefresh: { everySeconds: 20, limitedByBudget: false },
    };
    await renderCard(
      fakeApi({ getStatusByEntity: jest.fn(async () => usual) }),
    );
    expect(
      await screen.findByText('2/2 ready · 2 updated · 2 available'),
    ).toBeInTheDocument();
    expect(screen.queryByText(/re-checked/)).not.toBeInTheDocument();
  });

  it('shows an install without an ExternalSecret as none, not as a fault', async () => {
    const status = healthyStatus();
    status.externalSecret = { state: 'absent' } as typeof status.externalSecret;
    await renderCard(
      fakeApi({ getStatusByEntity: jest.fn(async () => status) }),
    );
    const es = await screen.findByRole('region', { name: 'ExternalSecret' });
    expect(within(es).getByText('None')).toBeInTheDocument();
    expect(within(es).queryByText('Not found')).not.toBeInTheDocument();
  });

  it('renders a failing install with reasons, failing ExternalSecret and overdue key', async () => {
    await renderCard(
      fakeApi({ getStatusByEntity: jest.fn(async () => failingStatus()) }),
    );
    const header = await screen.findByTestId('mcpk-status-header');
    expect(within(header).getByText('Failing')).toBeInTheDocument();
    const reasons = screen.getByRole('list', { name: 'Reasons' });
    expect(reasons).toHaveTextContent(
      'OAuth encryption key is 97 days old (max 90)',
    );
    expect(reasons).toHaveTextContent(
      '1 of 2 pods not ready (CrashLoopBackOff)',
    );

    expect(screen.getByText('Running (CrashLoopBackOff)')).toBeInTheDocument();
    expect(screen.getByText('14 (last: Error)')).toBeInTheDocument();
    expect(screen.getByText('Not ready')).toBeInTheDocument();
    expect(
      screen.getByText('/health → connection refused'),
    ).toBeInTheDocument();
    expect(screen.getByText('/health → 500')).toBeInTheDocument();

    const es = screen.getByRole('region', { name: 'ExternalSecret' });
    expect(within(es).getByText('Failing')).toBeInTheDocument();
    expect(within(es).getByTestId('mcpk-es-failure')).toHaveTextContent(
      'SecretSyncedError: could not get secret data from provider: key "oauth/payments" not found (since 4h ago)',
    );
    expect(es).toHaveTextContent(
      'Last sync 5h ago · refresh interval 1h · no successful sync for more than twice the interval',
    );

    const kr = screen.getByRole('region', { name: 'Key rotation' });
    expect(within(kr).getByText('Rotation overdue')).toBeInTheDocument();
    expect(within(kr).getByRole('meter')).toHaveAttribute(
      'aria-valuenow',
      '97',
    );
    expect(within(kr).getByTestId('mcpk-pods-not-restarted')).toHaveTextContent(
      'Pods not yet restarted since rotation',
    );
  });

  it('never renders secret-shaped text: excerpts are hidden until asked for, then redacted', async () => {
    const { container } = await renderCard(
      fakeApi({ getStatusByEntity: jest.fn(async () => failingStatus()) }),
    );
    await screen.findByTestId('mcpk-status-header');
    // Collapsed: the body excerpt is not in the DOM at all.
    expect(screen.queryByTestId('mcpk-health-body')).not.toBeInTheDocument();
    expect(container.innerHTML).not.toContain('db login failed');

    await userEvent.click(
      screen.getByRole('button', { name: 'Show response' }),
    );
    const body = screen.getByTestId('mcpk-health-body');
    expect(body).toHaveTextContent('db login failed');
    expect(body).toHaveTextContent('"client_secret":[redacted]');
    expect(body).toHaveTextContent('Bearer [redacted]');
    // Nothing anywhere in the rendered card carries the secret or the token.
    expect(container.innerHTML).not.toContain(LEAKED_SECRET);
    expect(container.innerHTML).not.toContain(LEAKED_JWT);
    expect(container.innerHTML).not.toContain('eyJ');

    await userEvent.click(
      screen.getByRole('button', { name: 'Hide response' }),
    );
    expect(screen.queryByTestId('mcpk-health-body')).not.toBeInTheDocument();
  });

  it('says the cluster is unreachable and since when, keeping the last known data', async () => {
    await renderCard(
      fakeApi({ getStatusByEntity: jest.fn(async () => staleStatus()) }),
    );
    expect(
      await screen.findByText(
        /Cluster prod-eu-1 is unreachable: stale since 12m/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/connect ECONNREFUSED 10\.0\.0\.1:6443/),
    ).toBeInTheDocument();
    expect(screen.getByTestId('mcpk-status-header')).toHaveTextContent(
      /Last observed 12m( \d+s)? ago/,
    );
    expect(
      screen.getByText('payments-mcp-7d9f8c6b5d-abcde'),
    ).toBeInTheDocument();
  });

  it('names the annotations to add when the entity has none, without calling the backend', async () => {
    const api = fakeApi();
    const entity: Entity = {
      ...annotated,
      metadata: {
        name: 'other',
        annotations: { 'mcp-kubernetes.io/cluster': 'prod-eu-1' },
      },
    };
    await renderCard(api, { entity });
    // Backstage's own empty state, naming exactly the missing keys.
    expect(screen.getByText('Missing Annotation')).toBeInTheDocument();
    const missing = screen
      .getAllByText(/^mcp-kubernetes\.io\//, { selector: 'code' })
      .map(el => el.textContent);
    expect(missing).toEqual([
      'mcp-kubernetes.io/namespace',
      'mcp-kubernetes.io/release',
    ]);
    expect(api.getStatusByEntity).not.toHaveBeenCalled();
  });

  it('shows permission denied on 403', async () => {
    const error = await errorResponse(403, 'NotAllowedError', 'Unauthorized');
    await renderCard(
      fakeApi({
        getStatusByEntity: jest.fn(async () => {
          throw error;
        }),
      }),
    );
    expect(await screen.findByText(/Permission denied/)).toBeInTheDocument();
    expect(
      screen.getByText(/mcp-kubernetes\.status\.read/),
    ).toBeInTheDocument();
  });

  it('explains how to adopt an install that records no entity', async () => {
    const error = await errorResponse(
      403,
      'NotAllowedError',
      'only fleet readers may see it',
      'mcp-kubernetes.install-not-recorded',
    );
    await renderCard(
      fakeApi({
        getStatusByEntity: jest.fn(async () => {
          throw error;
        }),
      }),
    );
    expect(
      await screen.findByText(/Install not deployed from the portal/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/mcp-kubernetes\.io\/entity-ref=/),
    ).toBeInTheDocument();
    expect(screen.queryByText('Permission denied')).not.toBeInTheDocument();
  });

  it('says the install belongs to another entity without naming it', async () => {
    const error = await errorResponse(
      403,
      'NotAllowedError',
      'not the entity this install was deployed for',
      'mcp-kubernetes.entity-not-recorded',
    );
    await renderCard(
      fakeApi({
        getStatusByEntity: jest.fn(async () => {
          throw error;
        }),
      }),
    );
    expect(
      await screen.findByText(/Install belongs to another entity/),
    ).toBeInTheDocument();
    expect(screen.queryByText('Permission denied')).not.toBeInTheDocument();
  });

  it('shows cluster unknown on 404 when the portal has no such cluster', async () => {
    const error = await errorResponse(
      404,
      'NotFoundError',
      'cluster prod-eu-1 not found',
    );
    const api = fakeApi({
      getStatusByEntity: jest.fn(async () => {
        throw error;
      }),
      listClusters: jest.fn(async () => [
        { name: 'staging' },
        { name: 'prod-us-1' },
      ]),
    });
    await renderCard(api);
    expect(
      await screen.findByText('Cluster unknown: prod-eu-1'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/Known clusters: staging, prod-us-1\./),
    ).toBeInTheDocument();
  });

  it('shows install not found on 404 when the cluster exists', async () => {
    const error = await errorResponse(
      404,
      'NotFoundError',
      'release payments-mcp not found',
    );
    await renderCard(
      fakeApi({
        getStatusByEntity: jest.fn(async () => {
          throw error;
        }),
      }),
    );
    expect(await screen.findByText('Install not found')).toBeInTheDocument();
    expect(
      screen.getByText(
        /No release "payments-mcp" in namespace "payments" on cluster "prod-eu-1"/,
      ),
    ).toBeInTheDocument();
  });

  it('shows the backend error panel on other errors', async () => {
    const error = await errorResponse(500, 'Error', 'watch cache exploded');
    await renderCard(
      fakeApi({
        getStatusByEntity: jest.fn(async () => {
          throw error;
        }),
      }),
    );
    expect(
      await screen.findByText(/Could not load the install status/),
    ).toBeInTheDocument();
    expect(screen.queryByText('Permission denied')).not.toBeInTheDocument();
  });

  it('refreshes on the refresh button and keeps the last status when a refresh fails', async () => {
    const error = await errorResponse(503, 'ServiceUnavailableError', 'down');
    const getStatusByEntity = jest
      .fn()
      .mockResolvedValueOnce(healthyStatus())
      .mockRejectedValueOnce(error)
      .mockResolvedValueOnce(failingStatus());
    await renderCard(fakeApi({ getStatusByEntity }));
    expect(await screen.findByText('Healthy')).toBeInTheDocument();

    await userEvent.click(
      screen.getByRole('button', { name: 'Refresh status' }),
    );
    expect(
      await screen.findByText(/Refresh failed \(HTTP 503\)/),
    ).toBeInTheDocument();
    expect(screen.getByText('Healthy')).toBeInTheDocument();

    await userEvent.click(
      screen.getByRole('button', { name: 'Refresh status' }),
    );
    expect(
      await within(screen.getByTestId('mcpk-status-header')).findByText(
        'Failing',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByText(/Refresh failed/)).not.toBeInTheDocument();
    expect(getStatusByEntity).toHaveBeenCalledTimes(3);
  });

  describe('auto refresh', () => {
    beforeEach(() =>
      jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate'] }),
    );
    afterEach(() => jest.useRealTimers());

    async function ticks(ms: number) {
      await act(async () => {
        jest.advanceTimersByTime(ms);
      });
    }

    it('polls on the interval given as a prop', async () => {
      const api = fakeApi();
      await renderCard(api, { refreshIntervalSeconds: 10 });
      await waitFor(() =>
        expect(api.getStatusByEntity).toHaveBeenCalledTimes(1),
      );
      await ticks(10_000);
      await waitFor(() =>
        expect(api.getStatusByEntity).toHaveBeenCalledTimes(2),
      );
      await ticks(10_000);
      await waitFor(() =>
        expect(api.getStatusByEntity).toHaveBeenCalledTimes(3),
      );
    });

    it('reads the interval from app-config when no prop is given', async () => {
      const api = fakeApi();
      await renderInTestApp(
        <TestApiProvider
          apis={[
            [mcpKubernetesApiRef, api],
            [
              configApiRef,
              mockApis.config({
                data: {
                  mcpKubernetes: { frontend: { refreshIntervalSeconds: 5 } },
                },
              }),
            ],
          ]}
        >
          <EntityProvider entity={annotated}>
            <EntityMcpKubernetesCard />
          </EntityProvider>
        </TestApiProvider>,
      );
      await waitFor(() =>
        expect(api.getStatusByEntity).toHaveBeenCalledTimes(1),
      );
      await ticks(4_000);
      expect(api.getStatusByEntity).toHaveBeenCalledTimes(1);
      await ticks(1_000);
      await waitFor(() =>
        expect(api.getStatusByEntity).toHaveBeenCalledTimes(2),
      );
    });

    it('does not poll when the interval is 0', async () => {
      const api = fakeApi();
      await renderCard(api, { refreshIntervalSeconds: 0 });
      await waitFor(() =>
        expect(api.getStatusByEntity).toHaveBeenCalledTimes(1),
      );
      await ticks(120_000);
      expect(api.getStatusByEntity).toHaveBeenCalledTimes(1);
    });
  });
});
