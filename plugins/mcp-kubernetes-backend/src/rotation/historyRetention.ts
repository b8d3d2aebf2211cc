import { Config, readDurationFromConfig } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { durationToMilliseconds } from '@backstage/types';

/** Where the retention is configured. */
const HISTORY_RETENTION_KEY = 'mcpKubernetes.keyRotation.historyRetention';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Longer than any sensible key-rotation policy, so a year of rotations stays explainable. */
export const DEFAULT_HISTORY_RETENTION_MS = 400 * DAY_MS;

/**
 * How long rotation history rows are kept: a number of days, a duration string (`400d`,
 * `P400D`) or a duration object (`{ days: 400 }`). At least one day.
 */
export function readHistoryRetentionMs(config?: Config): number {
  if (!config?.has(HISTORY_RETENTION_KEY)) return DEFAULT_HISTORY_RETENTION_MS;
  const raw = config.getOptional(HISTORY_RETENTION_KEY);
  const ms =
    typeof raw === 'number'
      ? raw * DAY_MS
      : durationToMilliseconds(
          readDurationFromConfig(config, { key: HISTORY_RETENTION_KEY }),
        );
  if (!Number.isFinite(ms) || ms < DAY_MS) {
    throw new InputError(
      `Invalid config: ${HISTORY_RETENTION_KEY} must be at least one day (a number of days, or a duration like '400d' or { days: 400 }), got ${JSON.stringify(
        raw,
      )}`,
    );
  }
  return ms;
}
