import {
  LoggerService,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import {
  Config,
  ConfigReader,
  JsonObject,
  readDurationFromConfig,
} from '@backstage/config';
import { InputError } from '@backstage/errors';
import type { ProbeRate } from './probeBudget';

type HumanDuration = ReturnType<typeof readDurationFromConfig>;

const UNIT_MS: Record<string, number> = {
  years: 365.25 * 86_400_000,
  months: 30.4375 * 86_400_000,
  weeks: 7 * 86_400_000,
  days: 86_400_000,
  hours: 3_600_000,
  minutes: 60_000,
  seconds: 1000,
  milliseconds: 1,
};

/** Approximate length of a duration (months and years as averages); enough for TTLs and checks. */
export function durationMs(duration: HumanDuration): number {
  return Object.entries(duration).reduce(
    (sum, [unit, n]) => sum + (UNIT_MS[unit] ?? NaN) * Number(n ?? 0),
    0,
  );
}

/** The schedules and durations of the background work (see config.d.ts). */
export interface ScaleSettings {
  /** The slow sweep that keeps the fleet's health (`mcpKubernetes.health.sweep`). */
  sweep: SchedulerServiceTaskScheduleDefinition;
  /** A view re-probes an install whose answers are older than this. */
  freshnessMs: number;
  /** How long shared answers stay in the cache. */
  sharedTtlMs: number;
  /** The rotation recorder (`mcpKubernetes.keyRotation.record`). */
  record: SchedulerServiceTaskScheduleDefinition;
  /** Most pods one sweep probes: `health.sweepRequestsPerSecond` times the sweep's period. */
  sweepBudget: number;
  /**
   * The rate views probe at, across every replica: `health.maxRequestsPerSecond` less the
   * sweep's share, with a burst of ten seconds' worth.
   */
  viewRate: ProbeRate;
}

/** Defaults: 2 probes/s against all API servers together, a quarter of one for the sweep. */
const DEFAULT_MAX_REQUESTS_PER_SECOND = 2;
const DEFAULT_SWEEP_REQUESTS_PER_SECOND = 0.25;
const VIEW_BURST_SECONDS = 10;

function readSchedule(
  config: Config,
  key: string,
  fallback: SchedulerServiceTaskScheduleDefinition,
  legacySecondsKey: string,
  logger: LoggerService,
): SchedulerServiceTaskScheduleDefinition {
  const section = config.getOptionalConfig(key);
  const legacy = config.getOptionalNumber(legacySecondsKey);
  if (section) {
    if (legacy !== undefined) {
      logger.warn(
        `Config mcpKubernetes.${legacySecondsKey} is ignored: mcpKubernetes.${key} is set; remove the old key`,
      );
    }
    // The timeout may be left out: ours is the default.
    const withDefaults = new ConfigReader({
      timeout: fallback.timeout as JsonObject,
      ...section.get<JsonObject>(),
    });
    try {
      return readSchedulerServiceTaskScheduleDefinitionFromConfig(withDefaults);
    } catch (error) {
      throw new InputError(
        `Invalid config mcpKubernetes.${key}: ${
          (error as Error).message
        }; e.g. { frequency: '5m', timeout: '4m' }`,
      );
    }
  }
  if (legacy !== undefined) {
    if (!Number.isFinite(legacy) || legacy <= 0) {
      throw new InputError(
        `Invalid config mcpKubernetes.${legacySecondsKey}: ${legacy}; use mcpKubernetes.${key}.frequency with a duration such as '5m'`,
      );
    }
    logger.warn(
      `Config mcpKubernetes.${legacySecondsKey} is deprecated; use mcpKubernetes.${key}.frequency with a duration such as '${legacy}s'`,
    );
    return { ...fallback, frequency: { seconds: legacy } };
  }
  return fallback;
}

function readMs(config: Config, key: string, fallback: HumanDuration): number {
  const duration = config.has(key)
    ? readDurationFromConfig(config, { key })
    : fallback;
  const ms = durationMs(duration);
  if (!(ms > 0)) {
    throw new InputError(
      `Invalid config mcpKubernetes.${key}; use a positive duration such as '20s'`,
    );
  }
  return ms;
}

function readRate(config: Config, key: string, fallback: number): number {
  const value = config.getOptionalNumber(key);
  if (value === undefined) return fallback;
  if (!(Number.isFinite(value) && value > 0)) {
    throw new InputError(
      `Invalid config mcpKubernetes.${key}: ${value}; use a positive number of requests per second such as ${fallback}`,
    );
  }
  return value;
}

export function readScaleSettings(
  root: Config,
  logger: LoggerService,
): ScaleSettings {
  const config =
    root.getOptionalConfig('mcpKubernetes') ?? new ConfigReader({});
  const sweep = readSchedule(
    config,
    'health.sweep',
    { frequency: { minutes: 5 }, timeout: { minutes: 4 } },
    'health.intervalSeconds',
    logger,
  );
  const record = readSchedule(
    config,
    'keyRotation.record',
    { frequency: { minutes: 1 }, timeout: { minutes: 5 } },
    'keyRotation.recordIntervalSeconds',
    logger,
  );
  const freshnessMs = readMs(config, 'health.freshness', { seconds: 20 });
  const sweepMs =
    'cron' in sweep.frequency || 'trigger' in sweep.frequency
      ? 5 * 60_000
      : durationMs(sweep.frequency as HumanDuration);
  const maxPerSecond = readRate(
    config,
    'health.maxRequestsPerSecond',
    DEFAULT_MAX_REQUESTS_PER_SECOND,
  );
  const sweepPerSecond = readRate(
    config,
    'health.sweepRequestsPerSecond',
    Math.min(DEFAULT_SWEEP_REQUESTS_PER_SECOND, maxPerSecond / 2),
  );
  if (sweepPerSecond >= maxPerSecond) {
    throw new InputError(
      `Invalid config mcpKubernetes.health.sweepRequestsPerSecond: ${sweepPerSecond} leaves no room for card views under mcpKubernetes.health.maxRequestsPerSecond (${maxPerSecond}); set it below, e.g. ${
        maxPerSecond / 8
      }`,
    );
  }
  const viewPerSecond = maxPerSecond - sweepPerSecond;
  // Shared answers outlive two sweeps, so a replica's fleet page never goes blank between them.
  return {
    sweep,
    record,
    sweepBudget: Math.max(1, Math.floor((sweepPerSecond * sweepMs) / 1000)),
    viewRate: {
      perSecond: viewPerSecond,
      burst: Math.max(1, viewPerSecond * VIEW_BURST_SECONDS),
    },
    freshnessMs,
    sharedTtlMs: Math.max(2 * sweepMs, freshnessMs) + 60_000,
  };
}
