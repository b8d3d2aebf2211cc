/*
 * The portal itself: guest sign-in, the catalog with the demo entities, and the
 * "demo data" label.
 */
import { E2eTest, openSignedIn } from './harness';

const tests: E2eTest[] = [
  {
    name: 'guest sign-in shows the catalog with the demo entities',
    async run(ctx) {
      const { page } = ctx;
      await openSignedIn(ctx, '/catalog');
      for (const name of [
        'mcp-healthy',
        'mcp-eso-failing',
        'mcp-key-overdue',
      ]) {
        await page
          .getByRole('link', { name: new RegExp(`^${name}`) })
          .first()
          .waitFor();
      }
      await page.getByRole('status', { name: 'demo data' }).waitFor();
      await ctx.screenshot('01-catalog');
    },
  },
];

export default tests;
