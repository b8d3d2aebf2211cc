import { ResponseError } from '@backstage/errors';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ValuesDiffResponse } from '@mcp-kubernetes/plugin-mcp-kubernetes-common';
import {
  fakeMcpApi,
  fakeScaffolder,
  renderDay2Card,
  sampleHistory,
} from './__testUtils__/day2Fakes';
import { historyRows, rollbackChoices } from './historyRows';

const HOSTILE = '</script><img src=x onerror=alert(1)>';

async function openHistory() {
  await screen.findByText('Healthy');
  const section = screen.getByRole('region', { name: 'Release history' });
  await userEvent.click(
    within(section).getByRole('button', { name: /Release history/ }),
  );
  return section;
}

/** The one table row whose text matches. */
function rowOf(section: HTMLElement, text: RegExp) {
  const rows = within(section)
    .getAllByRole('row')
    .filter(row => text.test(row.textContent ?? ''));
  expect(rows).toHaveLength(1);
  return rows[0];
}

describe('release history on the card', () => {
  it('loads nothing until opened, then lists revisions and restarts with who made them', async () => {
    const mcpApi = fakeMcpApi();
    await renderDay2Card({ mcpApi, scaffolderApi: fakeScaffolder().api });
    await screen.findByText('Healthy');
    expect(mcpApi.getReleaseHistory).not.toHaveBeenCalled();

    const section = await openHistory();
    await within(section).findByText('mcp-kubernetes-0.3.0');
    expect(mcpApi.getReleaseHistory).toHaveBeenCalledWith({
      cluster: 'prod-eu-1',
      namespace: 'payments',
      release: 'payments-mcp',
    });
    const headers = within(section)
      .getAllByRole('columnheader')
      .map(h => h.textContent);
    expect(headers).toEqual(
      expect.arrayContaining([
        'Revision',
        'Status',
        'Chart',
        'App version',
        'When',
        'Who',
        'Description',
      ]),
    );

    const rows = within(section).getAllByRole('row').slice(1);
    // Newest first, with the restart placed between revisions 3 and 2 by time.
    expect(rows.map(r => r.textContent)).toEqual([
      // Revision, status, when and who first (they show without scrolling), then chart and app.
      expect.stringMatching(
        /^3deployed1d agouser:default\/alice \(task\)mcp-kubernetes-0\.3\.01\.4\.2/,
      ),
      expect.stringMatching(/^—restart3d agouser:default\/carol/),
      expect.stringMatching(
        /^2superseded5d agooutside the portalmcp-kubernetes-0\.2\.0/,
      ),
      expect.stringMatching(/^1superseded/),
    ]);
    const third = rowOf(section, /^3deployed/);
    expect(third).toHaveTextContent('user:default/alice');
    expect(third).toHaveTextContent('Upgrade complete');
    expect(within(third).getByRole('link', { name: 'task' })).toHaveAttribute(
      'href',
      '/create/tasks/task-upgrade',
    );
    // Revision 2 has no journal entry: it was made outside the portal.
    expect(rowOf(section, /^2superseded/)).toHaveTextContent(
      'outside the portal',
    );
    expect(rowOf(section, /^—restart/)).toHaveTextContent(
      'Restart (no new revision)',
    );
    // Relative time on screen, the exact ISO time in the title.
    const when = third.querySelector('time')!;
    expect(when).toHaveTextContent(/^1d( \d+s)? ago$/);
    expect(when.getAttribute('title')).toMatch(/^\d{4}-\d\d-\d\dT/);
    // The oldest revision has nothing before it to diff with.
    expect(
      within(rowOf(section, /^1superseded/)).queryByRole('button'),
    ).not.toBeInTheDocument();
  });

  it('diffs a revision with the previous one, masking credentials', async () => {
    const mcpApi = fakeMcpApi();
    await renderDay2Card({ mcpApi, scaffolderApi: fakeScaffolder().api });
    const section = await openHistory();
    await within(section).findByText('mcp-kubernetes-0.3.0');
    await userEvent.click(
      within(section).getByRole('button', {
        name: 'Diff revision 3 with previous',
      }),
    );
    const dialog = screen.getByRole('dialog');
    expect(dialog).toHaveTextContent('Values: revision 2 → revision 3');
    await within(dialog).findByText('resources.limits.memory');
    expect(mcpApi.getValuesDiff).toHaveBeenCalledWith(
      { cluster: 'prod-eu-1', namespace: 'payments', release: 'payments-mcp' },
      2,
      3,
    );
    const secretRow = within(dialog).getByRole('row', {
      name: /oauth\.clientSecret/,
    });
    const masked = within(secretRow).getAllByTestId('mcpk-masked-value');
    expect(masked.map(m => m.textContent)).toEqual(['•••', '•••']);
    expect(masked[0]).toHaveAttribute(
      'title',
      'credential, masked by the backend',
    );
    expect(dialog.innerHTML).not.toContain('***');
    const memoryRow = within(dialog).getByRole('row', {
      name: /resources\.limits\.memory/,
    });
    expect(memoryRow).toHaveTextContent('"512Mi""256Mi"');
    // An added value has no "before".
    expect(
      within(dialog).getByRole('row', { name: /replicaCount/ }),
    ).toHaveTextContent('replicaCount—2');

    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Close' }),
    );
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
  });

  it('says "No changes" for an empty diff', async () => {
    const mcpApi = fakeMcpApi({
      getValuesDiff: jest.fn(
        async (
          _ref,
          from: number,
          to: number,
        ): Promise<ValuesDiffResponse> => ({
          from,
          to,
          entries: [],
        }),
      ),
    });
    await renderDay2Card({ mcpApi, scaffolderApi: fakeScaffolder().api });
    const section = await openHistory();
    await userEvent.click(
      await within(section).findByRole('button', {
        name: 'Diff revision 2 with previous',
      }),
    );
    expect(
      await within(screen.getByRole('dialog')).findByText('No changes'),
    ).toBeInTheDocument();
  });

  it('keeps the card when the history cannot be loaded, with a warning inside the section', async () => {
    const failure = await ResponseError.fromResponse(
      new Response(
        JSON.stringify({
          error: { name: 'Error', message: 'helm history timed out' },
          request: { method: 'GET', url: '/history' },
          response: { statusCode: 503 },
        }),
        { status: 503, headers: { 'Content-Type': 'application/json' } },
      ),
    );
    const mcpApi = fakeMcpApi({
      getReleaseHistory: jest
        .fn()
        .mockRejectedValueOnce(failure)
        .mockResolvedValueOnce(sampleHistory()),
    });
    await renderDay2Card({ mcpApi, scaffolderApi: fakeScaffolder().api });
    const section = await openHistory();
    expect(
      await within(section).findByText(
        /Could not load the release history: helm history timed out/,
      ),
    ).toBeInTheDocument();
    // The rest of the card is still there.
    expect(screen.getByText('Healthy')).toBeInTheDocument();
    expect(
      screen.getByRole('region', { name: 'Key rotation' }),
    ).toBeInTheDocument();
    expect(
      screen.getByText('payments-mcp-7d9f8c6b5d-abcde'),
    ).toBeInTheDocument();

    await userEvent.click(
      within(section).getByRole('button', { name: 'Try again' }),
    );
    expect(
      await within(section).findByText('mcp-kubernetes-0.3.0'),
    ).toBeInTheDocument();
  });

  it('renders hostile descriptions, actors and diff paths as text', async () => {
    const history = sampleHistory();
    history.revisions[0].description = HOSTILE;
    history.revisions[0].operation!.actor = `user:default/${HOSTILE}`;
    const mcpApi = fakeMcpApi({
      getReleaseHistory: jest.fn(async () => history),
      getValuesDiff: jest.fn(async (_ref, from: number, to: number) => ({
        from,
        to,
        entries: [
          { path: '__proto__.polluted', change: 'added' as const, to: HOSTILE },
          { path: HOSTILE, change: 'removed' as const, from: '"x"' },
          {
            path: 'constructor',
            change: 'changed' as const,
            from: '1',
            to: '2',
          },
        ],
      })),
    });
    await renderDay2Card({ mcpApi, scaffolderApi: fakeScaffolder().api });
    const section = await openHistory();
    expect(await within(section).findByText(HOSTILE)).toBeInTheDocument();
    expect(
      within(section).getByText(`user:default/${HOSTILE}`, { exact: false }),
    ).toBeInTheDocument();

    await userEvent.click(
      within(section).getByRole('button', {
        name: 'Diff revision 3 with previous',
      }),
    );
    const dialog = screen.getByRole('dialog');
    expect(
      await within(dialog).findByText('__proto__.polluted'),
    ).toBeInTheDocument();
    expect(within(dialog).getAllByText(HOSTILE)).toHaveLength(2);
    expect(within(dialog).getByText('constructor')).toBeInTheDocument();
    expect(document.body.querySelector('img')).toBeNull();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('historyRows / rollbackChoices', () => {
  it('orders revisions newest first and links each to the one before it', () => {
    const rows = historyRows({
      revisions: [
        { revision: 1, status: 'superseded' },
        { revision: 4, status: 'deployed' },
        { revision: 2, status: 'failed' },
      ],
      operations: [{ action: 'restart', actor: 'user:default/a', at: 'bad' }],
    });
    expect(rows.map(r => [r.revision, r.previousRevision])).toEqual([
      [4, 2],
      [2, 1],
      [1, undefined],
      [undefined, undefined],
    ]);
  });

  it('rolls back from the deployed revision to the newest earlier good one', () => {
    const choices = rollbackChoices([
      { revision: 5, status: 'failed' },
      { revision: 4, status: 'deployed' },
      { revision: 3, status: 'failed' },
      { revision: 2, status: 'superseded' },
    ]);
    expect(choices.current?.revision).toBe(4);
    expect(choices.earlier.map(r => r.revision)).toEqual([3, 2]);
    expect(choices.suggested?.revision).toBe(2);
    expect(rollbackChoices([]).earlier).toEqual([]);
  });
});
