import { mockServices } from '@backstage/backend-test-utils';
import { sqliteAndPostgres } from '../__testUtils__/storeDatabases';
import { OperationsJournal } from './OperationsJournal';

jest.setTimeout(60_000);

const databases = sqliteAndPostgres();
const install = {
  cluster: 'dev-eu',
  namespace: 'mcp-team-a',
  release: 'mcp-a',
};
const other = { ...install, release: 'mcp-b' };

describe.each(databases.eachSupportedId())(
  'OperationsJournal on %s',
  databaseId => {
    async function createJournal(keptPerRelease?: number) {
      const knex = await databases.init(databaseId);
      const journal = await OperationsJournal.create({
        database: mockServices.database({ knex }),
        keptPerRelease,
      });
      return { knex, journal };
    }

    it('records operations and lists one release newest first, every field back as written', async () => {
      const { journal } = await createJournal();
      await journal.record(
        {
          ...install,
          action: 'deploy',
          actor: 'user:default/alice',
          revision: 1,
          taskId: 'task-1',
        },
        new Date('2026-11-30T10:00:00Z'),
      );
      await journal.record(
        { ...other, action: 'deploy', actor: 'user:default/bob', revision: 1 },
        new Date('2026-11-30T10:30:00Z'),
      );
      await journal.record(
        { ...install, action: 'restart', actor: 'user:default/alice' },
        new Date('2026-11-30T11:00:00Z'),
      );
      const rollback = await journal.record(
        {
          ...install,
          action: 'rollback',
          actor: 'user:default/carol',
          revision: 3,
          rolledBackTo: 1,
          taskId: 'task-3',
        },
        new Date('2026-11-30T12:00:00Z'),
      );
      expect(rollback).toEqual({
        action: 'rollback',
        actor: 'user:default/carol',
        at: '2026-11-30T12:00:00.000Z',
        revision: 3,
        rolledBackTo: 1,
        taskId: 'task-3',
      });
      expect(await journal.list(install)).toEqual([
        rollback,
        {
          action: 'restart',
          actor: 'user:default/alice',
          at: '2026-11-30T11:00:00.000Z',
        },
        {
          action: 'deploy',
          actor: 'user:default/alice',
          at: '2026-11-30T10:00:00.000Z',
          revision: 1,
          taskId: 'task-1',
        },
      ]);
      expect(await journal.list(other)).toHaveLength(1);
      expect(await journal.list({ ...install, cluster: 'prod-us' })).toEqual(
        [],
      );
    });

    it('keeps only the newest rows of each release, leaving other releases alone', async () => {
      const { knex, journal } = await createJournal(3);
      await journal.record({ ...other, action: 'deploy', actor: 'unknown' });
      for (let revision = 1; revision <= 5; revision++) {
        await journal.record({
          ...install,
          action: revision === 1 ? 'deploy' : 'upgrade',
          actor: 'user:default/alice',
          revision,
        });
      }
      expect((await journal.list(install)).map(o => o.revision)).toEqual([
        5, 4, 3,
      ]);
      const [{ count }] = await knex('mcpk_release_operations')
        .where(install)
        .count({ count: '*' });
      expect(Number(count)).toBe(3);
      expect(await journal.list(other)).toHaveLength(1);
    });

    it('survives a restart: a second journal on the same database reads the rows', async () => {
      const knex = await databases.init(databaseId);
      const first = await OperationsJournal.create({
        database: mockServices.database({ knex }),
      });
      await first.record({
        ...install,
        action: 'uninstall',
        actor: 'user:default/alice',
      });
      const second = await OperationsJournal.create({
        database: mockServices.database({ knex }),
      });
      expect((await second.list(install)).map(o => o.action)).toEqual([
        'uninstall',
      ]);
    });
  },
);
