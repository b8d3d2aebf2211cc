/*
 * Owner notifications, end to end: the backend's notifier (a scheduled task)
 * tells the demo installs' recorded owner, group:default/platform-team (the
 * guest is a member), about the overdue key of mcp-key-overdue and the
 * ExternalSecret of mcp-eso-failing that has failed for 3 hours; the guest
 * finds both on the Notifications page, reached from the sidebar, with a
 * link to the entity page.
 */
import { E2eTest, openSignedIn } from './harness';

/** The notifier runs every minute; its first run may come a minute after start. */
const NOTIFIED_WITHIN_MS = 150_000;

const tests: E2eTest[] = [
  {
    name: 'notifications: the owner group hears of the overdue key and the failing ExternalSecret',
    async run(ctx) {
      const { page } = ctx;
      await openSignedIn(ctx, '/catalog');
      await page.getByRole('link', { name: 'Notifications' }).click();
      await page.waitForURL(/\/notifications/);

      const expected = [
        'demo/team-c/mcp-key-overdue: OAuth encryption key overdue for rotation',
        'demo/team-b/mcp-eso-failing: ExternalSecret failing',
      ];
      const deadline = Date.now() + NOTIFIED_WITHIN_MS;
      for (;;) {
        const body = await page.locator('body').innerText();
        const missing = expected.filter(title => !body.includes(title));
        if (missing.length === 0) break;
        if (Date.now() > deadline) {
          throw new Error(
            `the Notifications page does not show ${missing.join(
              ' and ',
            )} after ${NOTIFIED_WITHIN_MS / 1000} s`,
          );
        }
        await page.waitForTimeout(5000);
        await page.reload();
      }
      // One notification per install and condition, not one per notifier run.
      const body = await page.locator('body').innerText();
      for (const title of expected) {
        const count = body.split(title).length - 1;
        if (count !== 1) {
          throw new Error(`"${title}" is shown ${count} times, expected once`);
        }
      }
      await ctx.screenshot('30-notifications');

      await page.getByText(expected[0]).click();
      await page.waitForURL(/\/catalog\/default\/component\/mcp-key-overdue/);
      await page.getByText('demo / team-c / mcp-key-overdue').waitFor();
      await ctx.screenshot('31-notification-opens-entity');
    },
  },
];

export default tests;
