import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { ReleaseBusyError } from '@mcp-kubernetes/plugin-mcp-kubernetes-node';
import {
  DatabaseReleaseLocks,
  LOCK_TABLE,
  MIGRATIONS_TABLE,
} from './releaseLock';

// The local PostgreSQL of the dev machines; no Docker here.
process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING ??=
  'postgresql://postgres@127.0.0.1:5432';
process.env.BACKSTAGE_TEST_DISABLE_DOCKER ??= '1';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
const ref = { cluster: 'dev', namespace: 'mcp-team-a', release: 'mcp-team-a' };

describe.each(databases.eachSupportedId())('release locks on %s', id => {
  async function twoReplicas(clock = { now: 1_000_000 }) {
    const knex = await databases.init(id);
    // Two backend replicas: two lock services over one database.
    const a = await DatabaseReleaseLocks.create({
      database: mockServices.database({ knex }),
      now: () => clock.now,
    });
    const b = await DatabaseReleaseLocks.create({
      database: mockServices.database({ knex }),
      now: () => clock.now,
    });
    return { knex, a, b, clock };
  }

  it('migrates into its own table and migrations table', async () => {
    const { knex } = await twoReplicas();
    expect(await knex.schema.hasTable(LOCK_TABLE)).toBe(true);
    expect(await knex.schema.hasTable(MIGRATIONS_TABLE)).toBe(true);
    expect(await knex.schema.hasTable('knex_migrations')).toBe(false);
  });

  it('lets one replica run helm on a release and gives the other a typed busy error', async () => {
    const { a, b, knex } = await twoReplicas();
    let release!: () => void;
    const held = new Promise<void>(r => (release = r));
    let ran = 0;
    const first = a.withLock(
      ref,
      { holder: 'task-1', ttlMs: 60_000 },
      async () => {
        ran++;
        await held;
        return 'done';
      },
    );
    // Let the first take the lock.
    await new Promise(r => setTimeout(r, 50));
    const second = b.withLock(
      ref,
      { holder: 'task-2', ttlMs: 60_000 },
      async () => {
        ran++;
      },
    );
    const error = await second.then(
      () => undefined,
      e => e,
    );
    expect(error).toBeInstanceOf(ReleaseBusyError);
    expect(error.name).toBe('ConflictError');
    expect(error.state).toBe('locked');
    expect(error.message).toContain(
      'Release mcp-team-a/mcp-team-a is busy: another deploy task is running helm on it right now.',
    );
    expect(error.message).toContain('run the deploy again');
    release();
    await expect(first).resolves.toBe('done');
    expect(ran).toBe(1);
    // Released: the next task gets it, and the table is empty afterwards.
    await b.withLock(ref, { holder: 'task-3', ttlMs: 60_000 }, async () => {
      ran++;
    });
    expect(ran).toBe(2);
    expect(Number((await knex(LOCK_TABLE).count({ n: '*' }))[0].n)).toBe(0);
  });

  it('racing acquisitions: exactly one of many wins', async () => {
    const { a, b } = await twoReplicas();
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        (i % 2 ? a : b).tryAcquire(ref, `task-${i}`, 60_000),
      ),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('frees the lock when the task fails, and other releases are independent', async () => {
    const { a, b } = await twoReplicas();
    await expect(
      a.withLock(ref, { holder: 't1', ttlMs: 60_000 }, async () => {
        throw new Error('helm failed');
      }),
    ).rejects.toThrow('helm failed');
    await expect(b.tryAcquire(ref, 't2', 60_000)).resolves.toBe(true);
    await expect(
      a.tryAcquire({ ...ref, release: 'other' }, 't3', 60_000),
    ).resolves.toBe(true);
  });

  it('takes over a lock whose holder died once it expired, not before', async () => {
    const { a, b, clock } = await twoReplicas();
    await expect(a.tryAcquire(ref, 'crashed', 10_000)).resolves.toBe(true);
    clock.now += 9_999;
    await expect(b.tryAcquire(ref, 'next', 10_000)).resolves.toBe(false);
    clock.now += 2;
    await expect(b.tryAcquire(ref, 'next', 10_000)).resolves.toBe(true);
    // The dead holder's late release does not free the new holder's lock.
    await a.release(ref, 'crashed');
    await expect(a.tryAcquire(ref, 'third', 10_000)).resolves.toBe(false);
  });
});
