import { ResponseError } from '@backstage/errors';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { healthyStatus } from '../../../__fixtures__/installStatus';
import {
  annotatedEntity,
  fakeMcpApi,
  fakeScaffolder,
  INSTALLED_ANSWERS,
  recordedStatus,
  renderDay2Card,
} from './__testUtils__/day2Fakes';

const HOSTILE = '</script><img src=x onerror=alert(1)>';
const BUTTONS = ['Restart', 'Roll back', 'Upgrade', 'Uninstall'];

function day2Button(name: string) {
  const section = screen.getByRole('region', { name: 'Day-2 operations' });
  return within(section).getByRole('button', { name });
}

function isDisabled(element: HTMLElement) {
  return (
    element.hasAttribute('disabled') ||
    element.getAttribute('aria-disabled') === 'true'
  );
}

/** The open dialog (MUI renders it in a portal, labelled by its title). */
function openDialog() {
  return screen.getByRole('dialog');
}

/** Clicks Restart on the card and confirms it in the dialog, as a person does. */
async function confirmRestart(user: { click(e: Element): Promise<void> }) {
  await user.click(day2Button('Restart'));
  await user.click(
    within(openDialog()).getByRole('button', { name: 'Restart' }),
  );
}

describe('day-2 operations on the card', () => {
  it('offers the four buttons, enabled for an install deployed from the portal', async () => {
    const { api } = fakeScaffolder();
    await renderDay2Card({ mcpApi: fakeMcpApi(), scaffolderApi: api });
    await screen.findByText('Healthy');
    for (const name of BUTTONS) {
      expect(isDisabled(day2Button(name))).toBe(false);
    }
  });

  it('disables the buttons for an install made outside the portal, or without a scaffolder', async () => {
    const { api } = fakeScaffolder();
    const notRecorded = fakeMcpApi({
      getStatusByEntity: jest.fn(async () => healthyStatus()),
    });
    const first = await renderDay2Card({
      mcpApi: notRecorded,
      scaffolderApi: api,
    });
    await screen.findByText('Healthy');
    for (const name of BUTTONS) {
      expect(isDisabled(day2Button(name))).toBe(true);
    }
    first.unmount();

    await renderDay2Card({ mcpApi: fakeMcpApi() });
    await screen.findByText('Healthy');
    for (const name of BUTTONS) {
      expect(isDisabled(day2Button(name))).toBe(true);
    }
  });

  it("disables the buttons for someone outside the recorded owner's teams, saying whose install it is", async () => {
    const { api } = fakeScaffolder();
    await renderDay2Card({
      mcpApi: fakeMcpApi(),
      scaffolderApi: api,
      ownershipRefs: ['user:default/bob', 'group:default/team-b'],
    });
    await screen.findByText('Healthy');
    await waitFor(() => expect(isDisabled(day2Button('Restart'))).toBe(true));
    for (const name of BUTTONS) {
      expect(isDisabled(day2Button(name))).toBe(true);
    }
    // MUI puts a disabled child's tooltip text on its wrapper as the accessible title.
    expect(
      screen.getByTitle(
        /Only members of group:default\/team-a \(the owner recorded at install\)/,
      ),
    ).toBeInTheDocument();
  });

  it('restart: the dialog names cluster, namespace and release; Cancel does nothing', async () => {
    const { api } = fakeScaffolder();
    await renderDay2Card({ mcpApi: fakeMcpApi(), scaffolderApi: api });
    await screen.findByText('Healthy');
    await userEvent.click(day2Button('Restart'));

    const dialog = openDialog();
    expect(
      within(dialog).getByText('Restart the pods of payments-mcp?'),
    ).toBeInTheDocument();
    const target = within(dialog).getByTestId('mcpk-confirm-target');
    expect(target).toHaveTextContent('cluster prod-eu-1');
    expect(target).toHaveTextContent('namespace payments');
    expect(target).toHaveTextContent('release payments-mcp');
    expect(dialog).toHaveTextContent(/replaced one by one/);
    expect(dialog).toHaveTextContent(/rotated key/);

    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Cancel' }),
    );
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(api.scaffold).not.toHaveBeenCalled();
    expect(screen.queryByTestId('mcpk-day2-status')).not.toBeInTheDocument();
  });

  describe('following the task', () => {
    beforeEach(() =>
      jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate'] }),
    );
    afterEach(() => jest.useRealTimers());

    /** Moves the fake clock and lets the promises it released settle. */
    async function advance(ms: number) {
      await act(async () => {
        jest.advanceTimersByTime(ms);
      });
      await act(async () => {});
    }

    it('restart: runs exactly the template with the install, shows running then finished, then reloads', async () => {
      const user = userEvent.setup({
        advanceTimers: jest.advanceTimersByTime,
      });
      const scaffolder = fakeScaffolder('task-42');
      const mcpApi = fakeMcpApi();
      await renderDay2Card({ mcpApi, scaffolderApi: scaffolder.api });
      await screen.findByText('Healthy');
      expect(mcpApi.getStatusByEntity).toHaveBeenCalledTimes(1);
      // An open history reloads too when the operation ends.
      const history = screen.getByRole('region', { name: 'Release history' });
      await user.click(
        within(history).getByRole('button', { name: /Release history/ }),
      );
      await within(history).findByText('mcp-kubernetes-0.3.0');
      expect(mcpApi.getReleaseHistory).toHaveBeenCalledTimes(1);

      await confirmRestart(user);

      expect(scaffolder.api.scaffold).toHaveBeenCalledTimes(1);
      expect(scaffolder.api.scaffold).toHaveBeenCalledWith({
        templateRef: 'template:default/restart-mcp-kubernetes',
        values: {
          cluster: 'prod-eu-1',
          namespace: 'payments',
          releaseName: 'payments-mcp',
        },
      });
      const status = await screen.findByTestId('mcpk-day2-status');
      expect(status).toHaveTextContent('Restart running…');
      expect(
        await within(status).findByRole('link', { name: 'View task log' }),
      ).toHaveAttribute('href', '/create/tasks/task-42');
      for (const name of BUTTONS) {
        expect(isDisabled(day2Button(name))).toBe(true);
      }

      // Polls about every 1.5 s while the task runs.
      await advance(1500);
      expect(scaffolder.api.getTask).toHaveBeenCalledTimes(1);
      expect(scaffolder.api.getTask).toHaveBeenCalledWith('task-42');
      expect(screen.getByTestId('mcpk-day2-status')).toHaveTextContent(
        'Restart running…',
      );

      scaffolder.setStatus('completed');
      await advance(1500);
      expect(scaffolder.api.getTask).toHaveBeenCalledTimes(2);
      expect(screen.getByTestId('mcpk-day2-status')).toHaveTextContent(
        'Restart finished',
      );
      // The card reloads its status once the task ended, and stops polling.
      await waitFor(() =>
        expect(mcpApi.getStatusByEntity).toHaveBeenCalledTimes(2),
      );
      await waitFor(() =>
        expect(mcpApi.getReleaseHistory).toHaveBeenCalledTimes(2),
      );
      await advance(6000);
      expect(scaffolder.api.getTask).toHaveBeenCalledTimes(2);
      expect(isDisabled(day2Button('Restart'))).toBe(false);
    });

    it('shows the error the failed task reported', async () => {
      const user = userEvent.setup({
        advanceTimers: jest.advanceTimersByTime,
      });
      const scaffolder = fakeScaffolder('task-7');
      scaffolder.events.push(
        {
          id: 1,
          taskId: 'task-7',
          type: 'log',
          createdAt: '2026-01-01T00:00:00Z',
          body: { message: 'Starting', stepId: 'restart' },
        },
        {
          id: 2,
          taskId: 'task-7',
          type: 'completion',
          createdAt: '2026-01-01T00:00:01Z',
          body: {
            message: 'Run completed with status: failed',
            error: {
              name: 'ConflictError',
              message: 'release payments-mcp is busy with another operation',
            },
          } as any,
        },
      );
      await renderDay2Card({
        mcpApi: fakeMcpApi(),
        scaffolderApi: scaffolder.api,
      });
      await screen.findByText('Healthy');
      await confirmRestart(user);
      scaffolder.setStatus('failed');
      await advance(1500);
      await waitFor(() =>
        expect(screen.getByTestId('mcpk-day2-status')).toHaveTextContent(
          'Restart failed: release payments-mcp is busy with another operation',
        ),
      );
      expect(scaffolder.api.streamLogs).toHaveBeenCalledWith({
        taskId: 'task-7',
      });
      expect(
        within(screen.getByTestId('mcpk-day2-status')).getByRole('link', {
          name: 'View task log',
        }),
      ).toHaveAttribute('href', '/create/tasks/task-7');
    });

    it('points at the task log when the task failed without saying why', async () => {
      const user = userEvent.setup({
        advanceTimers: jest.advanceTimersByTime,
      });
      const scaffolder = fakeScaffolder('task-8');
      await renderDay2Card({
        mcpApi: fakeMcpApi(),
        scaffolderApi: scaffolder.api,
      });
      await screen.findByText('Healthy');
      await confirmRestart(user);
      scaffolder.setStatus('failed');
      await advance(1500);
      // The log stream names no error: give up waiting for it after a few seconds.
      await advance(5000);
      const status = screen.getByTestId('mcpk-day2-status');
      expect(status).toHaveTextContent('Restart failed — see the task log');
      expect(
        within(status).getByRole('link', { name: 'View task log' }),
      ).toHaveAttribute('href', '/create/tasks/task-8');
    });
  });

  it('shows why the scaffolder refused to start the task', async () => {
    const scaffolder = fakeScaffolder();
    const refusal = await ResponseError.fromResponse(
      new Response(
        JSON.stringify({
          error: {
            name: 'NotAllowedError',
            message: 'you are not a member of group:default/team-a',
          },
          request: { method: 'POST', url: '/v2/tasks' },
          response: { statusCode: 403 },
        }),
        { status: 403, headers: { 'Content-Type': 'application/json' } },
      ),
    );
    scaffolder.api.scaffold.mockRejectedValueOnce(refusal);
    await renderDay2Card({
      mcpApi: fakeMcpApi(),
      scaffolderApi: scaffolder.api,
    });
    await screen.findByText('Healthy');
    await confirmRestart(userEvent);
    expect(await screen.findByTestId('mcpk-day2-status')).toHaveTextContent(
      'Restart failed: you are not a member of group:default/team-a',
    );
    expect(scaffolder.api.getTask).not.toHaveBeenCalled();
  });

  it('runs the template app-config names instead of the default', async () => {
    const scaffolder = fakeScaffolder();
    await renderDay2Card({
      mcpApi: fakeMcpApi(),
      scaffolderApi: scaffolder.api,
      config: {
        mcpKubernetes: {
          frontend: {
            day2Templates: { restart: 'template:platform/our-restart' },
          },
        },
      },
    });
    await screen.findByText('Healthy');
    await confirmRestart(userEvent);
    expect(scaffolder.api.scaffold).toHaveBeenCalledWith(
      expect.objectContaining({ templateRef: 'template:platform/our-restart' }),
    );
  });

  it('uninstall: the button stays disabled until the release name is typed exactly', async () => {
    const scaffolder = fakeScaffolder();
    await renderDay2Card({
      mcpApi: fakeMcpApi(),
      scaffolderApi: scaffolder.api,
    });
    await screen.findByText('Healthy');
    await userEvent.click(day2Button('Uninstall'));
    const dialog = openDialog();
    expect(
      within(dialog).getByText('Uninstall payments-mcp?'),
    ).toBeInTheDocument();
    const target = within(dialog).getByTestId('mcpk-confirm-target');
    expect(target).toHaveTextContent(
      'On cluster prod-eu-1, namespace payments, release payments-mcp.',
    );
    expect(dialog).toHaveTextContent(/removes the helm release/);
    expect(dialog).toHaveTextContent(/catalog entity file our deploy wrote/);

    const confirm = within(dialog).getByRole('button', { name: 'Uninstall' });
    const input = within(dialog).getByLabelText(
      'Type the release name to confirm',
    );
    const checkbox = within(dialog).getByRole('checkbox', {
      name: 'Also delete the namespace',
    });
    expect(checkbox).not.toBeChecked();
    expect(confirm).toBeDisabled();
    await userEvent.type(input, 'payments-mc');
    expect(confirm).toBeDisabled();
    await userEvent.type(input, 'p ');
    expect(confirm).toBeDisabled();
    await userEvent.clear(input);
    await userEvent.type(input, 'PAYMENTS-MCP');
    expect(confirm).toBeDisabled();
    await userEvent.clear(input);
    await userEvent.type(input, 'payments-mcp');
    expect(confirm).toBeEnabled();

    await userEvent.click(checkbox);
    await userEvent.click(confirm);
    expect(scaffolder.api.scaffold).toHaveBeenCalledWith({
      templateRef: 'template:default/uninstall-mcp-kubernetes',
      values: {
        cluster: 'prod-eu-1',
        namespace: 'payments',
        releaseName: 'payments-mcp',
        confirm: 'payments-mcp',
        deleteNamespace: true,
      },
    });
  });

  it('roll back: lists earlier revisions, preselects the previous good one, shows the masked diff', async () => {
    const scaffolder = fakeScaffolder();
    const mcpApi = fakeMcpApi();
    await renderDay2Card({ mcpApi, scaffolderApi: scaffolder.api });
    await screen.findByText('Healthy');
    await userEvent.click(day2Button('Roll back'));
    const dialog = openDialog();
    expect(within(dialog).getByTestId('mcpk-confirm-target')).toHaveTextContent(
      'On cluster prod-eu-1, namespace payments, release payments-mcp.',
    );
    const group = await within(dialog).findByRole('radiogroup', {
      name: 'Revision to roll back to',
    });
    const radios = within(group).getAllByRole('radio');
    // Revision 3 is the deployed one: only 2 and 1 are offered, 2 preselected.
    expect(radios.map(r => (r as HTMLInputElement).value)).toEqual(['2', '1']);
    expect(
      within(group).getByRole('radio', { name: /^Revision 2/ }),
    ).toBeChecked();

    // The diff between the current revision and the chosen one, credential masked.
    await within(dialog).findByText('resources.limits.memory');
    expect(mcpApi.getValuesDiff).toHaveBeenLastCalledWith(
      { cluster: 'prod-eu-1', namespace: 'payments', release: 'payments-mcp' },
      3,
      2,
    );
    expect(within(dialog).getAllByText('•••')).toHaveLength(2);
    expect(dialog.innerHTML).not.toContain('***');

    await userEvent.click(
      within(group).getByRole('radio', { name: /^Revision 1/ }),
    );
    await waitFor(() =>
      expect(mcpApi.getValuesDiff).toHaveBeenLastCalledWith(
        expect.anything(),
        3,
        1,
      ),
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Roll back' }),
    );
    expect(scaffolder.api.scaffold).toHaveBeenCalledWith({
      templateRef: 'template:default/rollback-mcp-kubernetes',
      values: {
        cluster: 'prod-eu-1',
        namespace: 'payments',
        releaseName: 'payments-mcp',
        environment: 'production',
        revision: 1,
      },
    });
  });

  it('roll back: Cancel does nothing', async () => {
    const scaffolder = fakeScaffolder();
    await renderDay2Card({
      mcpApi: fakeMcpApi(),
      scaffolderApi: scaffolder.api,
    });
    await screen.findByText('Healthy');
    await userEvent.click(day2Button('Roll back'));
    await within(openDialog()).findByRole('radiogroup');
    await userEvent.click(
      within(openDialog()).getByRole('button', { name: 'Cancel' }),
    );
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(scaffolder.api.scaffold).not.toHaveBeenCalled();
  });

  /** Opens the upgrade dialog and returns the form link once the answers are read. */
  async function upgradeFormUrl() {
    await userEvent.click(day2Button('Upgrade'));
    const dialog = openDialog();
    const link = await within(dialog).findByRole('button', {
      name: 'Open the upgrade form',
    });
    await waitFor(() => expect(link.getAttribute('href')).toBeTruthy());
    return {
      dialog,
      url: new URL(link.getAttribute('href')!, 'http://portal.test'),
    };
  }

  it('upgrade: names the install and opens the form with the answers it is installed with', async () => {
    const mcpApi = fakeMcpApi();
    await renderDay2Card({ mcpApi, scaffolderApi: fakeScaffolder().api });
    await screen.findByText('Healthy');
    const { dialog, url } = await upgradeFormUrl();
    expect(within(dialog).getByTestId('mcpk-confirm-target')).toHaveTextContent(
      'On cluster prod-eu-1, namespace payments, release payments-mcp.',
    );
    expect(
      within(dialog).getByTestId('mcpk-upgrade-answers'),
    ).toHaveTextContent('OAuth: on, credentials from Secret payments-oauth');
    expect(mcpApi.getInstallAnswers).toHaveBeenCalledWith({
      cluster: 'prod-eu-1',
      namespace: 'payments',
      release: 'payments-mcp',
    });
    expect(url.pathname).toBe(
      '/create/templates/default/upgrade-mcp-kubernetes',
    );
    // Untouched questions keep what is installed: OAuth stays on.
    expect(JSON.parse(url.searchParams.get('formData')!)).toEqual({
      name: 'payments-mcp',
      cluster: 'prod-eu-1',
      namespace: 'payments',
      environment: 'production',
      owner: 'group:default/team-a',
      ...INSTALLED_ANSWERS,
    });
  });

  it('upgrade: when the installed answers cannot be read, says what to check and still links the form', async () => {
    const mcpApi = fakeMcpApi({
      getInstallAnswers: jest.fn(async () => {
        throw new Error('helm is not available on the backend');
      }),
    });
    await renderDay2Card({ mcpApi, scaffolderApi: fakeScaffolder().api });
    await screen.findByText('Healthy');
    const { dialog, url } = await upgradeFormUrl();
    expect(
      await within(dialog).findByText(
        /set OAuth and ingress as they are installed/,
      ),
    ).toBeInTheDocument();
    expect(JSON.parse(url.searchParams.get('formData')!)).toEqual({
      name: 'payments-mcp',
      cluster: 'prod-eu-1',
      namespace: 'payments',
      environment: 'production',
      owner: 'group:default/team-a',
    });
  });

  it('renders a hostile release name as text in the dialog, the values and the links', async () => {
    const scaffolder = fakeScaffolder();
    const { container } = await renderDay2Card({
      mcpApi: fakeMcpApi({
        getStatusByEntity: jest.fn(async () => recordedStatus(HOSTILE)),
      }),
      scaffolderApi: scaffolder.api,
      entity: annotatedEntity(HOSTILE),
    });
    await screen.findByText('Healthy');
    const { url: upgrade } = await upgradeFormUrl();
    expect(JSON.parse(upgrade.searchParams.get('formData')!).name).toBe(
      HOSTILE,
    );
    await userEvent.click(
      within(openDialog()).getByRole('button', { name: 'Cancel' }),
    );
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    await userEvent.click(day2Button('Restart'));
    const dialog = openDialog();
    expect(
      within(dialog).getByText(`Restart the pods of ${HOSTILE}?`),
    ).toBeInTheDocument();
    expect(container.querySelector('img')).toBeNull();
    // The dialog lives in a portal outside the container.
    expect(document.body.querySelector('img')).toBeNull();
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Restart' }),
    );
    expect(scaffolder.api.scaffold).toHaveBeenCalledWith(
      expect.objectContaining({
        values: expect.objectContaining({ releaseName: HOSTILE }),
      }),
    );
  });
});
