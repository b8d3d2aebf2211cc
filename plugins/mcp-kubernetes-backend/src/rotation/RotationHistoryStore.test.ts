import { mockServices } from '@backstage/backend-test-utils';
import { sqliteAndPostgres } from '../__testUtils__/storeDatabases';
import { ConfigReader } from '@backstage/config';
import { RotationHistoryStore } from './RotationHistoryStore';
import {
  DEFAULT_HISTORY_RETENTION_MS,
  readHistoryRetentionMs,
} from './historyRetention';

jest.setTimeout(60_000);

const databases = sqliteAndPostgres();
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

    const DAY = 24 * 60 * 60 * 1000;
    const daysAgo = (d: number) => new Date(Date.now() - d * DAY);
    async function seed(knex: any, rows: Array<[string, string, Date]>) {
      await knex('mcpk_secret_fingerprints').insert(
        rows.map(([secretName, hash, at]) => ({
          cluster: 'c1',
          namespace: 'mcp-team-a',
          secret_name: secretName,
          data_hash: hash,
          first_seen_at: at,
        })),
      );
    }

    it('prunes rows older than the retention, keeping each Secret latest row', async () => {
      const { knex } = await createStore();
      await seed(knex, [
        [secret.secretName, 'hash-500d', daysAgo(500)],
        [secret.secretName, 'hash-450d', daysAgo(450)],
        [secret.secretName, 'hash-10d', daysAgo(10)],
        ['unrotated', 'only-hash-600d', daysAgo(600)],
      ]);
      const store = await RotationHistoryStore.create({
        database: mockServices.database({ knex, migrations: { skip: true } }),
        config: new ConfigReader({
          mcpKubernetes: { keyRotation: { historyRetention: '400d' } },
        }),
      });
      const rows = await knex('mcpk_secret_fingerprints')
        .select('secret_name', 'data_hash')
        .orderBy('id');
      expect(rows).toEqual([
        { secret_name: secret.secretName, data_hash: 'hash-10d' },
        { secret_name: 'unrotated', data_hash: 'only-hash-600d' },
      ]);
      expect(store.history(secret).map(r => r.dataHash)).toEqual(['hash-10d']);
      // A later prune with a shorter retention (here: now + 20 days) drops nothing it must keep.
      expect(await store.prune(Date.now() + 20 * DAY)).toBe(0);
    });

    it('keeps at most the latest two fingerprints of a Secret in memory, and reads one Secret at a time', async () => {
      const { knex } = await createStore();
      await seed(
        knex,
        Array.from({ length: 50 }, (_, i) => [
          secret.secretName,
          `hash-${i}`,
          daysAgo(100 - i),
        ]) as Array<[string, string, Date]>,
      );
      const store = await RotationHistoryStore.create({
        database: mockServices.database({ knex, migrations: { skip: true } }),
      });
      expect(store.history(secret).map(r => r.dataHash)).toEqual([
        'hash-48',
        'hash-49',
      ]);

      const queries: string[] = [];
      const listen = (q: { sql: string }) => queries.push(q.sql);
      knex.on('query', listen);
      try {
        const other = { ...secret, secretName: 'new-secret' };
        expect(await store.observe(other, 'h1', daysAgo(1))).toBe(true);
        // A rollback to a hash seen long ago is found by an indexed lookup, not from memory.
        expect(await store.observe(secret, 'hash-3', daysAgo(0))).toBe(true);
      } finally {
        knex.removeListener('query', listen);
      }
      expect(queries.length).toBeGreaterThan(0);
      const reads = queries.filter(q => /^(select|update|delete)/i.test(q));
      expect(reads.length).toBeGreaterThan(0);
      for (const sql of reads) {
        expect(sql.toLowerCase()).toMatch(/ where .*secret_name/);
      }
      expect(store.history(secret).map(r => r.dataHash)).toEqual([
        'hash-49',
        'hash-3',
      ]);
      const rows = await knex('mcpk_secret_fingerprints').where({
        secret_name: secret.secretName,
      });
      expect(rows).toHaveLength(50);
    });

    it('prunes at most every few hours when asked by the recorder', async () => {
      const { store } = await createStore();
      const now = Date.now();
      await store.prune(now);
      expect(await store.maybePrune(now + 60_000)).toBe(0);
    });
  },
);

describe('readHistoryRetentionMs', () => {
  const DAY = 24 * 60 * 60 * 1000;
  const read = (historyRetention: unknown) =>
    readHistoryRetentionMs(
      new ConfigReader({
        mcpKubernetes: { keyRotation: { historyRetention } },
      } as any),
    );

  it('defaults to 400 days and reads days, duration strings and objects', () => {
    expect(readHistoryRetentionMs(new ConfigReader({}))).toBe(
      DEFAULT_HISTORY_RETENTION_MS,
    );
    expect(DEFAULT_HISTORY_RETENTION_MS).toBe(400 * DAY);
    expect(read(30)).toBe(30 * DAY);
    expect(read('90d')).toBe(90 * DAY);
    expect(read('P2D')).toBe(2 * DAY);
    expect(read({ days: 10 })).toBe(10 * DAY);
  });

  it.each([['1h'], [0], [-5], ['soon'], ['400d\n---\nkind: x']])(
    'refuses %j naming the key',
    value => {
      expect(() => read(value)).toThrow(
        /mcpKubernetes\.keyRotation\.historyRetention/,
      );
    },
  );
});
