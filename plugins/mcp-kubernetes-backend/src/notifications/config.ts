import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Config, ConfigReader } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { ConditionThresholds } from './conditions';

/** `mcpKubernetes.notifications`, with defaults (see config.d.ts). @internal */
export interface NotificationSettings extends ConditionThresholds {
  enabled: boolean;
  /** The global task that evaluates every install. Default every minute. */
  schedule: SchedulerServiceTaskScheduleDefinition;
}

const KEY = 'mcpKubernetes.notifications';

function minutes(config: Config, key: string, fallback: number): number {
  let value: number | undefined;
  try {
    value = config.getOptionalNumber(key);
  } catch {
    throw new InputError(
      `Invalid config ${KEY}.${key}: not a number; use a whole number of minutes greater than 0 (default ${fallback})`,
    );
  }
  const n = value ?? fallback;
  if (!Number.isInteger(n) || n <= 0) {
    throw new InputError(
      `Invalid config ${KEY}.${key}: ${n}; use a whole number of minutes greater than 0 (default ${fallback})`,
    );
  }
  return n;
}

/** Reads and checks `mcpKubernetes.notifications`; every error names the key and the fix. @internal */
export function readNotificationSettings(root: Config): NotificationSettings {
  const config = root.getOptionalConfig(KEY) ?? new ConfigReader({});
  let enabled: boolean;
  try {
    enabled = config.getOptionalBoolean('enabled') ?? true;
  } catch {
    throw new InputError(
      `Invalid config ${KEY}.enabled: use true or false (default true)`,
    );
  }
  const frequency = config.has('frequency')
    ? config.get('frequency')
    : { minutes: 1 };
  let schedule: SchedulerServiceTaskScheduleDefinition;
  try {
    schedule = readSchedulerServiceTaskScheduleDefinitionFromConfig(
      new ConfigReader({ frequency, timeout: { minutes: 5 } }),
    );
  } catch (error) {
    throw new InputError(
      `Invalid config ${KEY}.frequency: ${
        (error as Error).message
      }; use a duration such as '1m' or { minutes: 1 }, or { cron: '*/5 * * * *' }`,
    );
  }
  return {
    enabled,
    schedule,
    externalSecretFailingMinutes: minutes(
      config,
      'externalSecretFailingMinutes',
      60,
    ),
    installFailingMinutes: minutes(config, 'installFailingMinutes', 15),
  };
}
