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
}

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
  const requestsPerSecond = config.getOptionalNumber(
    'health.sweepRequestsPerSecond',
  );
  if (
    requestsPerSecond !== undefined &&
    !(Number.isFinite(requestsPerSecond) && requestsPerSecond > 0)
  ) {
    throw new InputError(
      `Invalid config mcpKubernetes.health.sweepRequestsPerSecond: ${requestsPerSecond}; use a positive number such as 1`,
    );
  }
  // Shared answers outlive two sweeps, so a replica's fleet page never goes blank between them.
  return {
    sweep,
    record,
    sweepBudget: Math.max(
      1,
      Math.floor(((requestsPerSecond ?? 1) * sweepMs) / 1000),
    ),
    freshnessMs,
    sharedTtlMs: Math.max(2 * sweepMs, freshnessMs) + 60_000,
  };
}
