import { RecordReleaseOperationRequest } from '@mcp-kubernetes/plugin-mcp-kubernetes-common';
import {
  HelmExec,
  spawnHelm,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-node';
import { createHarness } from '../actions/__testUtils__/harness';
import { createDay2Harness } from '../actions/day2/__testUtils__/day2Harness';
import { OperationsJournalWriter } from './OperationsJournalClient';

/**
 * Every successful deploy, upgrade, rollback, restart and uninstall is journaled once, with
 * the task's user and id; dry runs and failures are not; a journal that fails fails nothing.
 */
jest.setTimeout(60_000);

function recordingJournal(): OperationsJournalWriter & {
  entries: RecordReleaseOperationRequest[];
} {
  const entries: RecordReleaseOperationRequest[] = [];
  return {
    entries,
    async record(e) {
      entries.push(e);
    },
  };
}

const where = {
  cluster: 'dev-cluster',
  namespace: 'mcp-team-a',
  releaseName: 'mcp-team-a',
};
const release = {
  cluster: 'dev-cluster',
  namespace: 'mcp-team-a',
  release: 'mcp-team-a',
};
/** The task's user, as the scaffolder passes it (the mock context has none). */
const asAlice = {
  user: { ref: 'user:default/alice' },
  task: { id: 'task-42' },
} as any;

/** A checkpoint store like the scaffolder's: a retried task replays finished steps. */
function checkpoints() {
  const done = new Map<string, unknown>();
  return async (o: { key: string; fn: () => Promise<unknown> }) => {
    if (!done.has(o.key)) done.set(o.key, await o.fn());
    return done.get(o.key);
  };
}

describe('journaling of day-2 operations', () => {
  it('journals a restart and an uninstall without a revision, and a rollback with both revisions', async () => {
    const journal = recordingJournal();
    const h = await createDay2Harness({ journal });
    expect((await h.run('restart', where, asAlice)).error).toBeUndefined();
    expect(
      (
        await h.run(
          'rollback',
          { ...where, revision: 1, environment: 'development' },
          asAlice,
        )
      ).error,
    ).toBeUndefined();
    expect(
      (await h.run('uninstall', { ...where, confirm: 'mcp-team-a' })).error,
    ).toBeUndefined();
    expect(journal.entries).toEqual([
      {
        ...release,
        action: 'restart',
        actor: 'user:default/alice',
        taskId: 'task-42',
      },
      {
        ...release,
        action: 'rollback',
        actor: 'user:default/alice',
        taskId: 'task-42',
        revision: 3,
        rolledBackTo: 1,
      },
      // No user on the context: the actor is 'unknown', the mock task id stays.
      {
        ...release,
        action: 'uninstall',
        actor: 'unknown',
        taskId: 'mock-task-id',
      },
    ]);
  });

  it('journals nothing for a dry run or a refused operation, and once for a retried task', async () => {
    const journal = recordingJournal();
    const h = await createDay2Harness({ journal });
    await h.run('restart', where, { isDryRun: true });
    const refused = await h.run('rollback', {
      ...where,
      revision: 2,
      environment: 'development',
    });
    expect(refused.error?.message).toContain('is the current revision');
    expect(journal.entries).toEqual([]);

    const checkpoint = checkpoints();
    await h.run('restart', where, { checkpoint });
    await h.run('restart', where, { checkpoint });
    expect(journal.entries.map(e => e.action)).toEqual(['restart']);
  });

  it('a journal that fails leaves the operation a success', async () => {
    const h = await createDay2Harness({
      journal: {
        async record(_e, log) {
          log.warn('Could not record this restart in the release history');
        },
      },
    });
    const { error, log, outputs } = await h.run('restart', where);
    expect(error).toBeUndefined();
    expect(outputs.deploymentName).toBe('mcp-team-a-mcp-kubernetes');
    expect(log).toContain(
      'Could not record this restart in the release history',
    );
  });
});

describe('journaling of deploys and upgrades', () => {
  const installed = (version: number) =>
    JSON.stringify({ version, info: { status: 'deployed' } });
  /** helm answers for the install path; version and template stay real. */
  const answer =
    (history: string | undefined, upgradeStdout: string): HelmExec =>
    async req => {
      if (req.args[0] === 'history') {
        return history
          ? { code: 0, stdout: history, stderr: '', timedOut: false }
          : {
              code: 1,
              stdout: '',
              stderr: 'Error: release: not found',
              timedOut: false,
            };
      }
      if (req.args[0] === 'upgrade') {
        return { code: 0, stdout: upgradeStdout, stderr: '', timedOut: false };
      }
      if (req.args[0] === 'get' && req.args[1] === 'values') {
        return { code: 0, stdout: '{}', stderr: '', timedOut: false };
      }
      return spawnHelm(req);
    };
  const input = {
    ...where,
    environment: 'development',
    owner: 'group:default/team-a',
  };

  it('journals a first install as deploy and an upgrade of an existing release as upgrade, with the revision', async () => {
    const journal = recordingJournal();
    const first = await createHarness({
      journal,
      answer: answer(undefined, installed(1)),
    });
    const deployed = await first.run(input, asAlice);
    expect(deployed.error).toBeUndefined();

    const second = await createHarness({
      journal,
      upgrade: true,
      answer: answer(
        JSON.stringify([{ revision: 1, status: 'deployed' }]),
        installed(2),
      ),
    });
    const upgraded = await second.run(
      { ...input, imageTag: 'v0.2.0' },
      asAlice,
    );
    expect(upgraded.error).toBeUndefined();
    expect(journal.entries).toEqual([
      {
        ...release,
        action: 'deploy',
        actor: 'user:default/alice',
        taskId: 'task-42',
        revision: 1,
      },
      {
        ...release,
        action: 'upgrade',
        actor: 'user:default/alice',
        taskId: 'task-42',
        revision: 2,
      },
    ]);
  });

  it('journals nothing for a dry run', async () => {
    const journal = recordingJournal();
    const h = await createHarness({ journal });
    const { error } = await h.run(input, { isDryRun: true });
    expect(error).toBeUndefined();
    expect(journal.entries).toEqual([]);
  });
});
