/*
 * The fleet page: reached through its sidebar item, summary counts of the
 * three seeded demo installs (plus any the deploy test made in this portal),
 * and the "Overdue keys" filter.
 */
import { E2eTest, openSignedIn } from './harness';

const tests: E2eTest[] = [
  {
    name: 'fleet page: summary counts and the overdue-keys filter',
    async run(ctx) {
      const { page } = ctx;
      await openSignedIn(ctx, '/catalog');
      await page.getByRole('link', { name: 'MCP fleet' }).click();
      await page.waitForURL(/\/mcp-kubernetes$/);

      // Summary tiles: the 3 seeded installs (and any fresh deploys, which
      // have no ExternalSecret and no key), of which 1 has an overdue key.
      const summary = page.getByRole('list', { name: 'Fleet summary' });
      const tile = (label: string) =>
        summary.getByRole('listitem').filter({ hasText: label });
      await tile('Keys overdue').waitFor();
      const total = Number.parseInt(
        (await tile('Installs').innerText()).trim(),
        10,
      );
      if (!(total >= 3)) {
        throw new Error(
          `summary tile "Installs" shows ${total}, expected >= 3`,
        );
      }
      for (const [label, count] of [
        ['Keys overdue', '1'],
        ['Secrets out of sync', '1'],
      ]) {
        const text = (await tile(label).innerText()).trim();
        if (!text.startsWith(count)) {
          throw new Error(
            `summary tile "${label}" shows "${text}", expected ${count}`,
          );
        }
      }
      const table = page.getByText(`Installs (${total} of ${total})`);
      await table.waitFor();
      for (const release of [
        'mcp-healthy',
        'mcp-eso-failing',
        'mcp-key-overdue',
      ]) {
        await page
          .getByRole('row')
          .filter({ hasText: `team-` })
          .filter({ hasText: release })
          .first()
          .waitFor();
      }
      await ctx.screenshot('05-fleet-all');

      await page.getByLabel('Overdue keys').check();
      await page.getByText(`Installs (1 of ${total})`).waitFor();
      const rows = page.getByRole('row').filter({ hasText: 'team-' });
      await rows.filter({ hasText: 'mcp-key-overdue' }).first().waitFor();
      const shown = await rows.allInnerTexts();
      if (shown.some(text => /mcp-healthy|mcp-eso-failing/.test(text))) {
        throw new Error(
          `the overdue-keys filter still shows other installs: ${shown.join(
            ' | ',
          )}`,
        );
      }
      await ctx.screenshot('06-fleet-overdue-keys');
    },
  },
];

export default tests;
