import { mockServices } from '@backstage/backend-test-utils';
import { sqliteAndPostgres } from '../__testUtils__/storeDatabases';
import type {
  NotificationSendOptions,
  NotificationService,
} from '@backstage/plugin-notifications-node';
import { InstallStatus } from '@mcp-kubernetes/plugin-mcp-kubernetes-common';
import { InstallNotifier } from './InstallNotifier';
import { NotificationStateStore } from './NotificationStateStore';
import {
  DAY_MS,
  installStatus,
  MINUTE_MS,
  withCrashLoop,
  withFailingExternalSecret,
  withKeyRotatedAt,
} from './__fixtures__/installStatus';

jest.setTimeout(60_000);

/** A NotificationService that keeps what it was asked to send, and can be told to fail. */
function recordingNotifications() {
  const sent: NotificationSendOptions[] = [];
  let failing = false;
  const service: NotificationService = {
    async send(options) {
      if (failing) throw new Error('Failed to send notifications: 503');
      sent.push(JSON.parse(JSON.stringify(options)));
    },
  };
  return {
    service,
    sent,
    fail(on: boolean) {
      failing = on;
    },
    conditions: () =>
      sent.map(
        s => `${s.payload.metadata?.condition}:${s.payload.metadata?.state}`,
      ),
  };
}

const thresholds = {
  externalSecretFailingMinutes: 60,
  installFailingMinutes: 15,
};
const T0 = Date.parse('2026-11-30T12:00:00.000Z');
const TOKEN = `ghp_${'Zx9'.repeat(12)}`;
const databases = sqliteAndPostgres();

describe.each(databases.eachSupportedId())(
  'InstallNotifier on %s',
  databaseId => {
    let knex: Awaited<ReturnType<typeof databases.init>>;
    let now: number;
    let statuses: InstallStatus[];
    let notifications: ReturnType<typeof recordingNotifications>;
    const logger = mockServices.logger.mock();

    /** A notifier as the plugin makes it; a second call is a restart (same database). */
    async function start() {
      const store = await NotificationStateStore.create({
        database: mockServices.database({ knex }),
      });
      return InstallNotifier.create({
        source: { listByCluster: () => new Map([['c1', statuses]]) },
        store,
        notifications: notifications.service,
        thresholds,
        logger,
        now: () => now,
      });
    }

    beforeEach(async () => {
      knex = await databases.init(databaseId);
      now = T0;
      notifications = recordingNotifications();
    });

    it('an overdue key on first sight sends exactly one "key-overdue", nothing while it lasts, one resolved after rotation', async () => {
      const overdue = withKeyRotatedAt(
        installStatus(),
        new Date(T0 - 120 * DAY_MS).toISOString(),
      );
      statuses = [overdue];
      const notifier = await start();
      for (let i = 0; i < 3; i++) {
        await notifier.runOnce();
        now += MINUTE_MS;
      }
      expect(notifications.conditions()).toEqual(['key-overdue:active']);
      const [first] = notifications.sent;
      expect(first.recipients).toEqual({
        type: 'entity',
        entityRef: 'group:default/team-a',
      });
      expect(first.payload).toMatchObject({
        title: 'c1/mcp-team-a/mcp-a: OAuth encryption key overdue for rotation',
        severity: 'high',
        link: '/catalog/default/component/mcp-a',
        topic: 'mcp-kubernetes:c1/mcp-team-a/mcp-a',
        scope: 'mcp-kubernetes:c1/mcp-team-a/mcp-a:key-rotation',
      });
      expect(first.payload.description).toMatch(/120 days old/);
      expect(first.payload.description).toMatch(/90-day maximum/);

      statuses = [
        withKeyRotatedAt(installStatus(), new Date(now).toISOString()),
      ];
      await notifier.runOnce();
      now += MINUTE_MS;
      await notifier.runOnce();
      expect(notifications.conditions()).toEqual([
        'key-overdue:active',
        'key-overdue:resolved',
      ]);
      expect(notifications.sent[1].payload).toMatchObject({
        severity: 'low',
        scope: 'mcp-kubernetes:c1/mcp-team-a/mcp-a:key-rotation',
        title: 'Resolved: c1/mcp-team-a/mcp-a: OAuth encryption key rotated',
      });
    });

    it('overlapping runs (a manual trigger during a scheduled one) send once', async () => {
      statuses = [
        withKeyRotatedAt(
          installStatus(),
          new Date(T0 - 120 * DAY_MS).toISOString(),
        ),
      ];
      const notifier = await start();
      await Promise.all([notifier.runOnce(), notifier.runOnce()]);
      await notifier.runOnce();
      expect(notifications.conditions()).toEqual(['key-overdue:active']);
    });

    it('a key ageing through warning then overdue sends one of each (same scope), then one resolved', async () => {
      const rotatedAt = T0 - 74 * DAY_MS;
      statuses = [
        withKeyRotatedAt(installStatus(), new Date(rotatedAt).toISOString()),
      ];
      const notifier = await start();
      await notifier.runOnce();
      expect(notifications.sent).toHaveLength(0);
      now = rotatedAt + 75 * DAY_MS;
      await notifier.runOnce();
      now += DAY_MS;
      await notifier.runOnce();
      expect(notifications.conditions()).toEqual(['key-warning:active']);
      expect(notifications.sent[0].payload.severity).toBe('normal');
      now = rotatedAt + 90 * DAY_MS;
      await notifier.runOnce();
      await notifier.runOnce();
      statuses = [
        withKeyRotatedAt(installStatus(), new Date(now).toISOString()),
      ];
      await notifier.runOnce();
      await notifier.runOnce();
      expect(notifications.conditions()).toEqual([
        'key-warning:active',
        'key-overdue:active',
        'key-overdue:resolved',
      ]);
      expect(new Set(notifications.sent.map(s => s.payload.scope)).size).toBe(
        1,
      );
    });

    it('a failing ExternalSecret sends once after its threshold, with the cluster message redacted, and once when Ready again', async () => {
      const since = new Date(T0 - 30 * MINUTE_MS).toISOString();
      const message = `could not get secret: provider said token=${TOKEN} and Bearer ${TOKEN}`;
      statuses = [withFailingExternalSecret(installStatus(), since, message)];
      const notifier = await start();
      await notifier.runOnce(); // 30 minutes: below the threshold
      now = T0 + 31 * MINUTE_MS;
      await notifier.runOnce();
      now += MINUTE_MS;
      await notifier.runOnce();
      expect(notifications.conditions()).toEqual([
        'external-secret-failing:active',
      ]);
      const payload = notifications.sent[0].payload;
      expect(payload.description).toContain('[redacted]');
      expect(payload.description).toContain(since);
      expect(JSON.stringify(notifications.sent)).not.toContain(TOKEN);
      expect(JSON.stringify(notifications.sent)).not.toContain('Zx9Zx9');

      statuses = [installStatus()];
      await notifier.runOnce();
      await notifier.runOnce();
      expect(notifications.conditions()).toEqual([
        'external-secret-failing:active',
        'external-secret-failing:resolved',
      ]);
    });

    it('an install failing is timed from when the notifier first saw it, across a restart', async () => {
      statuses = [withCrashLoop(installStatus())];
      await (await start()).runOnce();
      now = T0 + 10 * MINUTE_MS;
      await (await start()).runOnce();
      expect(notifications.sent).toHaveLength(0);
      // A restart after the threshold: the first-seen time came back from the database.
      now = T0 + 16 * MINUTE_MS;
      const restarted = await start();
      await restarted.runOnce();
      await (await start()).runOnce();
      expect(notifications.conditions()).toEqual(['install-failing:active']);
      expect(notifications.sent[0].payload.description).toMatch(
        /CrashLoopBackOff/,
      );
      statuses = [installStatus()];
      await (await start()).runOnce();
      await (await start()).runOnce();
      expect(notifications.conditions()).toEqual([
        'install-failing:active',
        'install-failing:resolved',
      ]);
    });

    it('a condition that ends before its threshold sends nothing, and a new episode starts its clock again', async () => {
      statuses = [withCrashLoop(installStatus())];
      const notifier = await start();
      await notifier.runOnce();
      now = T0 + 10 * MINUTE_MS;
      statuses = [installStatus()];
      await notifier.runOnce();
      now = T0 + 20 * MINUTE_MS;
      statuses = [withCrashLoop(installStatus())];
      await notifier.runOnce();
      now = T0 + 30 * MINUTE_MS;
      await notifier.runOnce();
      expect(notifications.sent).toHaveLength(0);
      now = T0 + 36 * MINUTE_MS;
      await notifier.runOnce();
      expect(notifications.conditions()).toEqual(['install-failing:active']);
    });

    it('a failed send is retried on the next run, and only then recorded', async () => {
      statuses = [
        withKeyRotatedAt(
          installStatus(),
          new Date(T0 - 100 * DAY_MS).toISOString(),
        ),
      ];
      const notifier = await start();
      notifications.fail(true);
      expect(await notifier.runOnce()).toEqual({
        sent: 0,
        resolved: 0,
        failed: 1,
      });
      notifications.fail(false);
      expect(await notifier.runOnce()).toEqual({
        sent: 1,
        resolved: 0,
        failed: 0,
      });
      expect(await notifier.runOnce()).toEqual({
        sent: 0,
        resolved: 0,
        failed: 0,
      });
      expect(notifications.conditions()).toEqual(['key-overdue:active']);
    });

    it('an install without a recorded owner is skipped; one that disappears is closed without a message', async () => {
      const orphan = withKeyRotatedAt(
        installStatus({
          install: { cluster: 'c1', namespace: 'mcp-team-b', release: 'mcp-b' },
          recorded: { entityRef: 'component:default/mcp-b' },
        }),
        new Date(T0 - 100 * DAY_MS).toISOString(),
      );
      const owned = withKeyRotatedAt(
        installStatus(),
        new Date(T0 - 100 * DAY_MS).toISOString(),
      );
      statuses = [orphan, owned];
      const notifier = await start();
      await notifier.runOnce();
      expect(notifications.sent.map(s => s.payload.topic)).toEqual([
        'mcp-kubernetes:c1/mcp-team-a/mcp-a',
      ]);
      statuses = [];
      await notifier.runOnce();
      expect(notifications.sent).toHaveLength(1);
      const open = await knex('mcpk_notification_state').whereNull(
        'resolved_at',
      );
      expect(open).toEqual([]);
    });
  },
);
