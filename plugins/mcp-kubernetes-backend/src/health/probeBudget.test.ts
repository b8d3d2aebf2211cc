import { mockServices } from '@backstage/backend-test-utils';
import { sqliteAndPostgres } from '../__testUtils__/storeDatabases';
import {
  DatabaseProbeBudget,
  drawFromBucket,
  MemoryProbeBudget,
} from './probeBudget';

jest.setTimeout(60_000);

const rate = { perSecond: 2, burst: 10 };

describe('drawFromBucket', () => {
  it('grants what the bucket holds, up to what is wanted, and refills at the rate up to the burst', () => {
    const full = { tokens: 10, refilledAt: 0 };
    expect(drawFromBucket(full, 4, rate, 0)).toEqual({
      granted: 4,
      tokens: 6,
      refilledAt: 0,
    });
    expect(drawFromBucket(full, 25, rate, 0).granted).toBe(10);
    // 1.5 s at 2/s refills 3 tokens; a whole probe only.
    const empty = { tokens: 0, refilledAt: 1000 };
    expect(drawFromBucket(empty, 5, rate, 2500)).toEqual({
      granted: 3,
      tokens: 0,
      refilledAt: 2500,
    });
    expect(drawFromBucket(empty, 5, rate, 2249).granted).toBe(2);
    // An hour idle refills to the burst, not beyond.
    expect(drawFromBucket(empty, 50, rate, 3_600_000).granted).toBe(10);
  });

  it('takes no time back from a clock that is behind', () => {
    const state = { tokens: 1.5, refilledAt: 10_000 };
    expect(drawFromBucket(state, 5, rate, 4_000)).toEqual({
      granted: 1,
      tokens: 0.5,
      refilledAt: 10_000,
    });
  });
});

describe('MemoryProbeBudget', () => {
  it('holds the rate over time: the burst, then perSecond', async () => {
    let now = 0;
    const budget = new MemoryProbeBudget(rate, () => now);
    let granted = 0;
    for (let second = 0; second < 60; second++) {
      now = second * 1000;
      granted += await budget.take(100);
    }
    // The burst at once, then 2 per second for the 59 seconds after.
    expect(granted).toBe(10 + 2 * 59);
  });
});

const databases = sqliteAndPostgres();

describe.each(databases.eachSupportedId())(
  'DatabaseProbeBudget on %s',
  databaseId => {
    async function replicas(count: number, clock: () => number) {
      const knex = await databases.init(databaseId);
      const database = mockServices.database({ knex });
      const logger = mockServices.logger.mock();
      const budgets = [];
      for (let i = 0; i < count; i++) {
        budgets.push(
          await DatabaseProbeBudget.create({
            database,
            name: 'view-probes',
            rate,
            logger,
            now: clock,
          }),
        );
      }
      return { knex, budgets, logger };
    }

    it('one bucket for every replica: together they never take more than the burst plus the rate', async () => {
      let now = 1_000_000;
      const { budgets } = await replicas(3, () => now);
      // Many draws at once from three replicas: exactly the burst is granted, once.
      const burst = await Promise.all(
        Array.from({ length: 30 }, (_, i) => budgets[i % 3].take(1)),
      );
      expect(burst.reduce((a, b) => a + b, 0)).toBe(10);
      // Later seconds grant only the refill, whichever replica asks.
      let later = 0;
      for (let second = 1; second <= 20; second++) {
        now = 1_000_000 + second * 1000;
        const grants = await Promise.all(budgets.map(budget => budget.take(3)));
        later += grants.reduce((a, b) => a + b, 0);
      }
      expect(later).toBe(2 * 20);
    });

    it('a draw that grants nothing writes nothing', async () => {
      const now = 5_000;
      const { knex, budgets } = await replicas(1, () => now);
      expect(await budgets[0].take(10)).toBe(10);
      const before = await knex('mcpk_probe_budget').first();
      expect(await budgets[0].take(1)).toBe(0);
      expect(await knex('mcpk_probe_budget').first()).toEqual(before);
    });

    it('after a short draw, asks the database again only once the refill can make a whole probe', async () => {
      let now = 0;
      const { knex, budgets, logger } = await replicas(1, () => now);
      expect(await budgets[0].take(12)).toBe(10);
      // Without the table any query fails (and falls back, with a warning): none is made
      // until half a second at 2/s has refilled one probe.
      await knex.schema.dropTable('mcpk_probe_budget');
      now = 499;
      expect(await budgets[0].take(1)).toBe(0);
      expect(logger.warn).not.toHaveBeenCalled();
      now = 500;
      expect(await budgets[0].take(1)).toBe(1);
      expect(logger.warn).toHaveBeenCalledTimes(1);
    });

    it('starts without its table (migrations skipped), limiting this replica alone', async () => {
      const knex = await databases.init(databaseId);
      await knex.schema.dropTableIfExists('mcpk_probe_budget');
      const logger = mockServices.logger.mock();
      const budget = await DatabaseProbeBudget.create({
        database: mockServices.database({ knex, migrations: { skip: true } }),
        name: 'view-probes',
        rate,
        logger,
        now: () => 0,
      });
      expect(await budget.take(40)).toBe(10);
      expect(logger.warn).toHaveBeenCalledTimes(1);
    });

    it('without its table the replica limits itself alone, and the warning names no connection detail', async () => {
      let now = 0;
      const { knex, budgets, logger } = await replicas(1, () => now);
      await knex.schema.dropTable('mcpk_probe_budget');
      expect(await budgets[0].take(4)).toBe(4);
      expect(await budgets[0].take(40)).toBe(6);
      now += 1000;
      expect(await budgets[0].take(40)).toBe(2);
      expect(logger.warn).toHaveBeenCalledTimes(1);
      const [message] = logger.warn.mock.calls[0];
      expect(message).toMatch(
        /^Shared probe budget unavailable \(\w+( \w+)?\); this replica limits its health probes alone at 2\/s$/,
      );
    });
  },
);
