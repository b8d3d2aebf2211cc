import {
  DatabaseService,
  LoggerService,
  RootConfigService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import { InstallStatus } from '@mcp-kubernetes/plugin-mcp-kubernetes-common';
import { SnapshotSource } from '../status/snapshotTypes';
import { readNotificationSettings } from './config';
import { InstallNotifier } from './InstallNotifier';
import { installStatusSource } from './installSource';
import { NotificationStateStore } from './NotificationStateStore';

/** The scheduled task's id (tests trigger it by this). @internal */
export const NOTIFIER_TASK_ID = 'mcp-kubernetes-owner-notifications';

/**
 * Reads `mcpKubernetes.notifications` and, unless disabled, schedules the owner notifier as a
 * global task: the scheduler's database lock lets one replica at a time send.
 *
 * @internal
 */
export async function scheduleOwnerNotifications(options: {
  config: RootConfigService;
  logger: LoggerService;
  scheduler: SchedulerService;
  database: DatabaseService;
  notifications: NotificationService;
  source: SnapshotSource;
  status: { getStatus(ref: InstallStatus['install']): InstallStatus };
}): Promise<InstallNotifier | undefined> {
  const settings = readNotificationSettings(options.config);
  const logger = options.logger.child({ task: 'owner-notifications' });
  if (!settings.enabled) {
    logger.info(
      'Owner notifications are off (mcpKubernetes.notifications.enabled: false)',
    );
    return undefined;
  }
  const notifier = InstallNotifier.create({
    source: installStatusSource(options),
    store: await NotificationStateStore.create({ database: options.database }),
    notifications: options.notifications,
    thresholds: settings,
    logger,
  });
  await options.scheduler.scheduleTask({
    id: NOTIFIER_TASK_ID,
    ...settings.schedule,
    scope: 'global',
    fn: async () => {
      const result = await notifier.runOnce();
      if (result.sent || result.resolved || result.failed) {
        logger.debug(
          `Owner notifications: ${result.sent} sent, ${result.resolved} resolved, ${result.failed} failed`,
        );
      }
    },
  });
  return notifier;
}
