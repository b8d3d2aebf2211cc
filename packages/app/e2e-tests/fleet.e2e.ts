/*
 * The fleet page: reached through its sidebar item, summary counts of the
 * three demo installs, and the "Overdue keys" filter.
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

      // Summary tiles: 3 installs, of which 1 has an overdue key.
      const summary = page.getByRole('list', { name: 'Fleet summary' });
      const tile = (label: string) =>
        summary.getByRole('listitem').filter({ hasText: label });
      await tile('Keys overdue').waitFor();
      for (const [label, count] of [
        ['Installs', '3'],
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
      const table = page.getByText('Installs (3 of 3)');
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
      await page.getByText('Installs (1 of 3)').waitFor();
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
