/*
 * Owner notifications, end to end: the backend's notifier (a scheduled task)
 * tells the demo installs' recorded owner, group:default/platform-team (the
 * guest is a member), about the overdue key of mcp-key-overdue and the
 * ExternalSecret of mcp-eso-failing that has failed for 3 hours; the guest
 * finds both on the Notifications page, reached from the sidebar, with a
 * link to the entity page; the sidebar entry counts them.
 */
import { E2eTest, openSignedIn } from './harness';

/** The notifier runs every minute; its first run may come a minute after start. */
const NOTIFIED_WITHIN_MS = 120_000;

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
      // The page polls the backend (and signals push), so the notifications appear without a
      // reload; then each title is counted: one per install and condition, not one per run.
      const titleLink = (title: string) =>
        page.getByRole('link', { name: title, exact: true });
      for (const title of expected) {
        await titleLink(title).first().waitFor({ timeout: NOTIFIED_WITHIN_MS });
      }
      for (const title of expected) {
        const count = await titleLink(title).count();
        if (count !== 1) {
          throw new Error(`"${title}" is shown ${count} times, expected once`);
        }
      }
      await ctx.screenshot('30-notifications');

      // The sidebar's Notifications entry counts the unread ones (both are unread), wherever the
      // owner is in the portal.
      await page.goto(`${ctx.baseUrl}/catalog`);
      const badge = page
        .locator('nav[aria-label="sidebar nav"]')
        .getByLabel('Unread notifications');
      await badge.waitFor({ timeout: 30_000 });
      const unread = Number(await badge.innerText());
      if (!(unread >= expected.length)) {
        throw new Error(
          `the sidebar counts ${unread} unread, expected at least ${expected.length}`,
        );
      }
      await page
        .getByRole('link', { name: /^mcp-healthy/ })
        .first()
        .waitFor();
      await ctx.screenshot('32-notifications-unread-badge');
      await page.getByRole('link', { name: /Notifications/ }).click();
      await page.waitForURL(/\/notifications/);

      await titleLink(expected[0]).click();
      await page.waitForURL(/\/catalog\/default\/component\/mcp-key-overdue/);
      await page.getByText('demo / team-c / mcp-key-overdue').waitFor();
      await ctx.screenshot('31-notification-opens-entity');
    },
  },
];

export default tests;
