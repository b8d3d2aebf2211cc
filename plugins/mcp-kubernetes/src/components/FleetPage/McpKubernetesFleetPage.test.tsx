import { configApiRef } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import {
  act,
  fireEvent,
  screen,
  waitFor,
  within,
} from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { FleetResponse } from '@mcp-kubernetes/plugin-mcp-kubernetes-common';
import { mcpKubernetesApiRef } from '../../api';
import { largeFleet, smallFleet } from '../../__fixtures__/fleet';
import { McpKubernetesFleetPage } from './McpKubernetesFleetPage';

async function renderPage(
  getFleet: () => Promise<FleetResponse>,
  refreshIntervalSeconds = 0,
) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [mcpKubernetesApiRef, { getFleet: jest.fn(getFleet) }],
        [configApiRef, mockApis.config()],
      ]}
    >
      <McpKubernetesFleetPage refreshIntervalSeconds={refreshIntervalSeconds} />
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

/** Release names of the table's body rows, in displayed order (header and pager rows skipped). */
function displayedReleases(): string[] {
  return screen
    .getAllByRole('row')
    .map(
      row =>
        /\b((?:payments|search|billing|ledger|orphan)-mcp|mcp-\d{4})/.exec(
          row.textContent ?? '',
        )?.[1],
    )
    .filter((release): release is string => release !== undefined);
}

// material-table re-renders are slow in jsdom on a shared 2-core machine.
jest.setTimeout(20_000);

describe('McpKubernetesFleetPage', () => {
  it('shows the summary counts and every install linked to its entity', async () => {
    await renderPage(async () => smallFleet());
    expect(await screen.findByText('Installs (5 of 5)')).toBeInTheDocument();
    expect(screen.getByTestId('mcpk-count-total')).toHaveTextContent(
      '5Installs',
    );
    expect(screen.getByTestId('mcpk-count-healthy')).toHaveTextContent(
      '1Healthy',
    );
    expect(screen.getByTestId('mcpk-count-degraded')).toHaveTextContent(
      '1Degraded',
    );
    expect(screen.getByTestId('mcpk-count-failing')).toHaveTextContent(
      '2Failing',
    );
    expect(screen.getByTestId('mcpk-count-secretsOutOfSync')).toHaveTextContent(
      '1Secrets out of sync',
    );
    expect(screen.getByTestId('mcpk-count-keysOverdue')).toHaveTextContent(
      '1Keys overdue',
    );
    expect(screen.getByTestId('mcpk-count-policyBreaking')).toHaveTextContent(
      '1Breaking policy',
    );

    expect(screen.getByRole('link', { name: 'payments-mcp' })).toHaveAttribute(
      'href',
      '/catalog/default/component/payments-mcp',
    );
    // An install without an entity is listed, just not linked.
    expect(
      screen.queryByRole('link', { name: 'orphan-mcp' }),
    ).not.toBeInTheDocument();
    expect(screen.getAllByText('orphan-mcp').length).toBeGreaterThan(0);
    expect(screen.getByText('2 violations')).toBeInTheDocument();
  });

  it('filters to overdue keys with the labelled checkbox, and clears filters', async () => {
    await renderPage(async () => smallFleet());
    await screen.findByText('Installs (5 of 5)');
    const overdue = screen.getByLabelText('Overdue keys');
    expect(overdue).toBe(screen.getByTestId('mcpk-filter-overdue-keys'));
    await userEvent.click(overdue);
    expect(screen.getByText('Installs (1 of 5)')).toBeInTheDocument();
    expect(displayedReleases()).toEqual(['billing-mcp']);

    await userEvent.click(
      screen.getByRole('button', { name: 'Clear filters' }),
    );
    expect(screen.getByText('Installs (5 of 5)')).toBeInTheDocument();
    expect(screen.getByLabelText('Overdue keys')).not.toBeChecked();
  });

  it('filters secrets out of sync, policy breakers and free text', async () => {
    await renderPage(async () => smallFleet());
    await screen.findByText('Installs (5 of 5)');
    await userEvent.click(screen.getByLabelText('Secrets out of sync'));
    expect(displayedReleases()).toEqual(['search-mcp']);
    await userEvent.click(screen.getByLabelText('Secrets out of sync'));

    await userEvent.click(screen.getByLabelText('Breaking policy'));
    expect(displayedReleases()).toEqual(['ledger-mcp']);
    await userEvent.click(screen.getByLabelText('Breaking policy'));

    // fireEvent rather than userEvent.type: one change, not a re-render per keystroke.
    fireEvent.change(screen.getByLabelText('Search'), {
      target: { value: 'Billing' },
    });
    expect(displayedReleases()).toEqual(['billing-mcp']);
    fireEvent.change(screen.getByLabelText('Search'), {
      target: { value: 'no-such-install' },
    });
    expect(
      screen.getByText('No install matches these filters.'),
    ).toBeInTheDocument();
  });

  it('filters by state and cluster through the selects', async () => {
    await renderPage(async () => smallFleet());
    await screen.findByText('Installs (5 of 5)');
    await userEvent.click(screen.getByTestId('mcpk-filter-state'));
    await userEvent.click(
      within(screen.getByRole('listbox')).getByText('Failing'),
    );
    expect(displayedReleases()).toEqual(['search-mcp', 'billing-mcp']);

    await userEvent.click(screen.getByTestId('mcpk-filter-cluster'));
    await userEvent.click(
      within(screen.getByRole('listbox')).getByText('staging'),
    );
    expect(displayedReleases()).toEqual(['billing-mcp']);
  });

  it('sorts by key age and by state severity when a header is clicked', async () => {
    await renderPage(async () => smallFleet());
    await screen.findByText('Installs (5 of 5)');
    await userEvent.click(screen.getByRole('button', { name: 'Key age' }));
    expect(displayedReleases()).toEqual([
      'orphan-mcp',
      'payments-mcp',
      'search-mcp',
      'ledger-mcp',
      'billing-mcp',
    ]);
    await userEvent.click(screen.getByRole('button', { name: 'Key age' }));
    expect(displayedReleases()).toEqual([
      'billing-mcp',
      'ledger-mcp',
      'search-mcp',
      'payments-mcp',
      'orphan-mcp',
    ]);
  });

  it('sorts by state severity: healthy, unknown, degraded, failing', async () => {
    await renderPage(async () => smallFleet());
    await screen.findByText('Installs (5 of 5)');
    await userEvent.click(screen.getByRole('button', { name: 'State' }));
    const ascending = displayedReleases();
    expect(ascending.slice(0, 3)).toEqual([
      'payments-mcp',
      'orphan-mcp',
      'ledger-mcp',
    ]);
    expect(ascending.slice(3).sort()).toEqual(['billing-mcp', 'search-mcp']);
    await userEvent.click(screen.getByRole('button', { name: 'State' }));
    expect(displayedReleases().slice(2)).toEqual([
      'ledger-mcp',
      'orphan-mcp',
      'payments-mcp',
    ]);
  });

  it('pages a fleet of 1,000 installs and filters across all pages', async () => {
    const fleet = largeFleet(1000);
    await renderPage(async () => fleet);
    expect(
      await screen.findByText('Installs (1000 of 1000)'),
    ).toBeInTheDocument();
    expect(displayedReleases()).toHaveLength(20);
    await userEvent.click(screen.getByLabelText('Overdue keys'));
    expect(
      screen.getByText(`Installs (${fleet.counts.keysOverdue} of 1000)`),
    ).toBeInTheDocument();
    expect(displayedReleases()).toHaveLength(20);
  });

  it('shows permission denied on 403 and an error panel otherwise', async () => {
    const forbidden = await ResponseError.fromResponse(
      new Response(
        JSON.stringify({
          error: { name: 'NotAllowedError', message: 'no' },
          request: { method: 'GET', url: '/fleet' },
          response: { statusCode: 403 },
        }),
        { status: 403, headers: { 'Content-Type': 'application/json' } },
      ),
    );
    const { unmount } = await renderPage(async () => {
      throw forbidden;
    });
    expect(await screen.findByText(/Permission denied/)).toBeInTheDocument();
    expect(screen.getByText(/mcp-kubernetes\.fleet\.read/)).toBeInTheDocument();
    unmount();

    await renderPage(async () => {
      throw new Error('backend down');
    });
    expect(
      await screen.findByText(/Could not load the fleet/),
    ).toBeInTheDocument();
  });

  it('says that no cluster is configured instead of showing an empty table', async () => {
    await renderPage(async () => ({
      ...smallFleet(),
      items: [],
      clusters: [],
    }));
    expect(
      await screen.findByText('No cluster is configured'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/kubernetes\.clusterLocatorMethods/),
    ).toBeInTheDocument();
    expect(screen.queryByText(/Installs \(/)).not.toBeInTheDocument();
  });

  describe('refresh', () => {
    beforeEach(() =>
      jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate'] }),
    );
    afterEach(() => jest.useRealTimers());

    async function ticks(ms: number) {
      await act(async () => {
        jest.advanceTimersByTime(ms);
      });
    }

    it('keeps the last fleet on screen when a refresh fails, and recovers', async () => {
      const first = smallFleet();
      const second = { ...smallFleet(), items: smallFleet().items.slice(0, 2) };
      const getFleet = jest
        .fn<Promise<FleetResponse>, []>()
        .mockResolvedValueOnce(first)
        .mockRejectedValueOnce(new Error('backend down'))
        .mockRejectedValueOnce(new Error('still down'))
        .mockResolvedValueOnce(second);
      await renderPage(getFleet, 10);
      expect(await screen.findByText('Installs (5 of 5)')).toBeInTheDocument();

      // A timed refresh fails: the fleet stays, with a warning above it.
      await ticks(10_000);
      expect(
        await screen.findByText(
          /Refresh failed: showing the last loaded fleet/,
        ),
      ).toBeInTheDocument();
      expect(screen.getByText('Installs (5 of 5)')).toBeInTheDocument();
      expect(screen.queryByText(/Could not load the fleet/)).toBeNull();

      // So does a refresh from the button.
      const button = screen.getByRole('button', { name: 'Refresh fleet' });
      fireEvent.click(button);
      await waitFor(() => expect(getFleet).toHaveBeenCalledTimes(3));
      await waitFor(() => expect(button).toBeEnabled());
      expect(
        await screen.findByText(
          /Refresh failed: showing the last loaded fleet/,
        ),
      ).toBeInTheDocument();
      expect(screen.getByText('Installs (5 of 5)')).toBeInTheDocument();

      await ticks(10_000);
      expect(await screen.findByText('Installs (2 of 2)')).toBeInTheDocument();
      expect(screen.queryByText(/Refresh failed/)).toBeNull();
      expect(getFleet).toHaveBeenCalledTimes(4);
    });

    it('does not start a refresh while the previous request is in flight', async () => {
      let finish: (fleet: FleetResponse) => void = () => {};
      const getFleet = jest
        .fn<Promise<FleetResponse>, []>()
        .mockResolvedValueOnce(smallFleet())
        .mockImplementationOnce(
          () =>
            new Promise(resolve => {
              finish = resolve;
            }),
        )
        .mockResolvedValue(smallFleet());
      await renderPage(getFleet, 10);
      expect(await screen.findByText('Installs (5 of 5)')).toBeInTheDocument();

      await ticks(10_000);
      await waitFor(() => expect(getFleet).toHaveBeenCalledTimes(2));
      // The second request hangs: three more intervals pass without a new one.
      await ticks(30_000);
      expect(getFleet).toHaveBeenCalledTimes(2);
      expect(
        screen.getByRole('button', { name: 'Refresh fleet' }),
      ).toBeDisabled();
      // The last fleet stays on screen meanwhile.
      expect(screen.getByText('Installs (5 of 5)')).toBeInTheDocument();

      await act(async () => finish(smallFleet()));
      await ticks(10_000);
      await waitFor(() => expect(getFleet).toHaveBeenCalledTimes(3));
    });
  });
});
