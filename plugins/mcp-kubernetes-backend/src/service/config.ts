import { Config, ConfigReader } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { KeyRotationLimits } from '../status/keyRotation';

/**
 * Settings of the status backend, all with defaults (see config.d.ts).
 * Schedules and freshness are read by health/scaleConfig.ts.
 */
export interface StatusBackendConfig {
  keyRotation: KeyRotationLimits;
  health: {
    concurrency: number;
    timeoutMs: number;
    maxBodyBytes: number;
    excerptChars: number;
  };
}

function positive(config: Config, key: string, fallback: number): number {
  const value = config.getOptionalNumber(key) ?? fallback;
  if (!Number.isFinite(value) || value <= 0) {
    throw new InputError(
      `Invalid config mcpKubernetes.${key}: ${value}; use a number greater than 0 (default ${fallback})`,
    );
  }
  return value;
}

export function readStatusBackendConfig(root: Config): StatusBackendConfig {
  const config =
    root.getOptionalConfig('mcpKubernetes') ?? new ConfigReader({});
  const warnAfterDays = positive(config, 'keyRotation.warnAfterDays', 75);
  const maxAgeDays = positive(config, 'keyRotation.maxAgeDays', 90);
  if (warnAfterDays > maxAgeDays) {
    throw new InputError(
      `Invalid config: mcpKubernetes.keyRotation.warnAfterDays (${warnAfterDays}) is above maxAgeDays (${maxAgeDays}); warn before the limit`,
    );
  }
  return {
    keyRotation: { warnAfterDays, maxAgeDays },
    health: {
      concurrency: Math.floor(positive(config, 'health.concurrency', 10)),
      timeoutMs: positive(config, 'health.timeoutMs', 2000),
      maxBodyBytes: Math.floor(positive(config, 'health.maxBodyBytes', 4096)),
      excerptChars: 256,
    },
  };
}
