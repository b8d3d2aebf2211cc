import type {
  DatabaseService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';
import { pluginDatabase } from '../database/pluginDatabase';
import { errorName } from './errorName';

/** How many health probes may start now, out of a rate shared by whoever draws from it. */
export interface ProbeBudget {
  /** The rate the budget refills at, for whoever plans around it. */
  readonly perSecond: number;
  /** Takes up to `wanted` probes; resolves to how many may start now (0 to `wanted`). */
  take(wanted: number): Promise<number>;
}

/** A token bucket's rate and burst. */
export interface ProbeRate {
  /** Probes per second, refilled continuously. */
  perSecond: number;
  /** Most probes that may start at once after a quiet spell. */
  burst: number;
}

interface BucketState {
  tokens: number;
  refilledAt: number;
}

/** Refills the bucket to `now`, then grants what it holds, up to `wanted`. */
export function drawFromBucket(
  state: BucketState,
  wanted: number,
  rate: ProbeRate,
  now: number,
): BucketState & { granted: number } {
  // A replica whose clock is behind refills nothing rather than taking the time back.
  const elapsedMs = Math.max(0, now - state.refilledAt);
  const level = Math.min(
    rate.burst,
    state.tokens + (elapsedMs * rate.perSecond) / 1000,
  );
  const granted = Math.max(0, Math.min(Math.floor(wanted), Math.floor(level)));
  return {
    granted,
    tokens: level - granted,
    refilledAt: Math.max(now, state.refilledAt),
  };
}

/** A bucket in this replica's memory: for one replica alone, and the fallback of the shared one. */
export class MemoryProbeBudget implements ProbeBudget {
  private state: BucketState;

  constructor(
    private readonly rate: ProbeRate,
    private readonly now: () => number = Date.now,
  ) {
    this.state = { tokens: rate.burst, refilledAt: now() };
  }

  get perSecond(): number {
    return this.rate.perSecond;
  }

  async take(wanted: number): Promise<number> {
    const next = drawFromBucket(this.state, wanted, this.rate, this.now());
    this.state = { tokens: next.tokens, refilledAt: next.refilledAt };
    return next.granted;
  }
}

const TABLE = 'mcpk_probe_budget';
const WARN_EVERY_MS = 60_000;

interface BudgetRow {
  tokens: number | string;
  refilled_at: number | string;
}

/**
 * A token bucket in the plugin's database that every backend replica draws from, so the rate
 * holds for the whole portal however many replicas serve views. Each draw is one short
 * transaction on the bucket's row (locked on PostgreSQL; SQLite runs one transaction at a
 * time); a draw that grants nothing writes nothing, and after a short draw this replica asks
 * again only once the refill can have made a whole probe. If the database cannot be reached the
 * replica limits itself alone, at the same rate, and says so.
 */
export class DatabaseProbeBudget implements ProbeBudget {
  private lastWarnAt = -Infinity;
  /** Before this (epoch ms) the bucket cannot hold a whole probe: other replicas only take. */
  private emptyUntil = -Infinity;

  private constructor(
    private readonly db: Knex,
    private readonly name: string,
    private readonly rate: ProbeRate,
    private readonly logger: LoggerService,
    private readonly fallback: MemoryProbeBudget,
    private readonly now: () => number,
  ) {}

  static async create(options: {
    database: DatabaseService;
    name: string;
    rate: ProbeRate;
    logger: LoggerService;
    now?: () => number;
  }): Promise<DatabaseProbeBudget> {
    const now = options.now ?? Date.now;
    const db = await pluginDatabase(options.database);
    const budget = new DatabaseProbeBudget(
      db,
      options.name,
      options.rate,
      options.logger,
      new MemoryProbeBudget(options.rate, now),
      now,
    );
    try {
      // The first replica to start fills the bucket; the others find it.
      await db(TABLE)
        .insert({
          name: options.name,
          tokens: options.rate.burst,
          refilled_at: now(),
        })
        .onConflict('name')
        .ignore();
    } catch (error) {
      // E.g. migrations skipped: the plugin still starts, and each draw falls back.
      budget.warn(error);
    }
    return budget;
  }

  get perSecond(): number {
    return this.rate.perSecond;
  }

  async take(wanted: number): Promise<number> {
    if (wanted <= 0 || this.now() < this.emptyUntil) return 0;
    try {
      return await this.draw(wanted);
    } catch (error) {
      this.warn(error);
      return this.fallback.take(wanted);
    }
  }

  private draw(wanted: number): Promise<number> {
    return this.db.transaction(async tx => {
      const read = tx(TABLE)
        .where({ name: this.name })
        .first('tokens', 'refilled_at');
      const row: BudgetRow | undefined = await (tx.client.config.client === 'pg'
        ? read.forUpdate()
        : read);
      if (!row) throw new Error(`probe budget ${this.name} is missing`);
      const next = drawFromBucket(
        { tokens: Number(row.tokens), refilledAt: Number(row.refilled_at) },
        wanted,
        this.rate,
        this.now(),
      );
      if (next.granted > 0) {
        await tx(TABLE)
          .where({ name: this.name })
          .update({ tokens: next.tokens, refilled_at: next.refilledAt });
      }
      if (next.granted < wanted) {
        // Short: no draw from this replica until the refill can make a whole probe again.
        this.emptyUntil =
          next.refilledAt + ((1 - next.tokens) * 1000) / this.rate.perSecond;
      }
      return next.granted;
    });
  }

  /** At most once a minute, so an outage does not flood the log. */
  private warn(error: unknown) {
    if (this.now() - this.lastWarnAt < WARN_EVERY_MS) return;
    this.lastWarnAt = this.now();
    this.logger.warn(
      `Shared probe budget unavailable (${errorName(
        error,
      )}); this replica limits its health probes alone at ${
        this.rate.perSecond
      }/s`,
    );
  }
}
