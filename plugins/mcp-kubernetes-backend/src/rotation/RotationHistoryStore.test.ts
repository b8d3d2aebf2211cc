import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { RotationHistoryStore } from './RotationHistoryStore';

// The local PostgreSQL of the dev machines; no Docker here.
process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING ??=
  'postgresql://postgres@127.0.0.1:5432';
process.env.BACKSTAGE_TEST_DISABLE_DOCKER ??= '1';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
const secret = {
  cluster: 'c1',
  namespace: 'mcp-team-a',
  secretName: 'mcp-k8s-oauth-credentials',
};

describe.each(databases.eachSupportedId())(
  'RotationHistoryStore on %s',
  databaseId => {
    async function createStore() {
      const knex = await databases.init(databaseId);
      const store = await RotationHistoryStore.create({
        database: mockServices.database({ knex }),
      });
      return { knex, store };
    }

    it('records each new data-hash once, with its first-seen time', async () => {
      const { knex, store } = await createStore();
      expect(
        await store.observe(secret, 'hash-a', new Date('2026-11-24T13:23:05Z')),
      ).toBe(true);
      expect(
        await store.observe(secret, 'hash-a', new Date('2026-11-24T13:24:05Z')),
      ).toBe(false);
      expect(
        await store.observe(secret, 'hash-b', new Date('2026-11-24T13:24:45Z')),
      ).toBe(true);

      expect(store.history(secret)).toEqual([
        { dataHash: 'hash-a', firstSeenAt: '2026-11-24T13:23:05.000Z' },
        { dataHash: 'hash-b', firstSeenAt: '2026-11-24T13:24:45.000Z' },
      ]);
      const rows = await knex('mcpk_secret_fingerprints')
        .select('data_hash')
        .orderBy('id');
      expect(rows.map(r => r.data_hash)).toEqual(['hash-a', 'hash-b']);
    });

    it('survives a restart: a new store reads the history back from the table', async () => {
      const { knex, store } = await createStore();
      await store.observe(secret, 'hash-a', new Date('2026-11-20T00:00:00Z'));
      await store.observe(secret, 'hash-b', new Date('2026-11-21T00:00:00Z'));
      await store.observe(
        { ...secret, cluster: 'c2' },
        'hash-z',
        new Date('2026-11-22T00:00:00Z'),
      );

      const reopened = await RotationHistoryStore.create({
        database: mockServices.database({ knex, migrations: { skip: true } }),
      });
      expect(reopened.history(secret).map(r => r.dataHash)).toEqual([
        'hash-a',
        'hash-b',
      ]);
      expect(reopened.history({ ...secret, cluster: 'c2' })).toEqual([
        { dataHash: 'hash-z', firstSeenAt: '2026-11-22T00:00:00.000Z' },
      ]);
      expect(reopened.history({ ...secret, secretName: 'other' })).toEqual([]);
    });

    it('treats a return to an earlier key as a new change', async () => {
      const { store } = await createStore();
      await store.observe(secret, 'hash-a', new Date('2026-11-20T00:00:00Z'));
      await store.observe(secret, 'hash-b', new Date('2026-11-21T00:00:00Z'));
      expect(
        await store.observe(secret, 'hash-a', new Date('2026-11-22T00:00:00Z')),
      ).toBe(true);
      expect(store.history(secret)).toEqual([
        { dataHash: 'hash-b', firstSeenAt: '2026-11-21T00:00:00.000Z' },
        { dataHash: 'hash-a', firstSeenAt: '2026-11-22T00:00:00.000Z' },
      ]);
      await store.reload();
      expect(store.history(secret).map(r => r.dataHash)).toEqual([
        'hash-b',
        'hash-a',
      ]);
    });
  },
);
