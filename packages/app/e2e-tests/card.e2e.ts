/*
 * The mcp-kubernetes entity card on the three demo entities, against the
 * states scripts/demo-cluster.js seeds: pods, ExternalSecret and key rotation.
 */
import {
  E2eTest,
  expectNoSecretValues,
  mcpCard,
  openSignedIn,
} from './harness';

/** The seeded target Secrets hold `FAKE-<release>-key`; none may reach the page. */
const SEEDED_SECRETS = [
  'mcp-healthy',
  'mcp-eso-failing',
  'mcp-key-overdue',
].map(release => `FAKE-${release}-key`);

const tests: E2eTest[] = [
  {
    name: 'entity card: healthy install shows pods, synced ExternalSecret and key within policy',
    async run(ctx) {
      const { page } = ctx;
      await openSignedIn(ctx, '/catalog/default/component/mcp-healthy');
      const card = mcpCard(page, 'demo / team-a / mcp-healthy');
      await card.getByText('Healthy', { exact: true }).waitFor();

      // Pods: both seeded pods Ready and Running, each /health answering 200.
      await card.getByText('2/2 ready', { exact: false }).waitFor();
      const podRows = card.getByRole('row').filter({ hasText: 'mcp-healthy-' });
      await podRows.nth(1).waitFor();
      if ((await podRows.count()) !== 2) {
        throw new Error(`expected 2 pod rows, saw ${await podRows.count()}`);
      }
      for (const row of await podRows.all()) {
        await row.getByText('Running').waitFor();
        await row.getByText('200', { exact: false }).waitFor();
      }

      const externalSecret = card.getByRole('region', {
        name: 'ExternalSecret',
      });
      await externalSecret.getByText('Synced', { exact: true }).waitFor();
      await externalSecret
        .getByText('SecretStore/gcp-secret-manager', { exact: false })
        .waitFor();

      const keyRotation = card.getByRole('region', { name: 'Key rotation' });
      await keyRotation.getByText('Within policy', { exact: true }).waitFor();
      await keyRotation
        .getByText('Key 12 days old', { exact: false })
        .waitFor();

      await expectNoSecretValues(page, SEEDED_SECRETS);
      await ctx.screenshot('02-entity-page-healthy');
      await ctx.screenshot('02-entity-card-healthy', card);
    },
  },
  {
    name: 'entity card: failing ExternalSecret shows the error and its reason',
    async run(ctx) {
      const { page } = ctx;
      await openSignedIn(ctx, '/catalog/default/component/mcp-eso-failing');
      const card = mcpCard(page, 'demo / team-b / mcp-eso-failing');
      await card.getByText('Failing', { exact: true }).first().waitFor();
      await card
        .getByRole('list', { name: 'Reasons' })
        .getByText('ExternalSecret failing', { exact: false })
        .waitFor();

      const externalSecret = card.getByRole('region', {
        name: 'ExternalSecret',
      });
      await externalSecret.getByText('Failing', { exact: true }).waitFor();
      await externalSecret
        .getByText('SecretSyncedError', { exact: false })
        .first()
        .waitFor();

      // Only the ExternalSecret is broken: pods and key stay fine.
      await card.getByText('2/2 ready', { exact: false }).waitFor();
      await card
        .getByRole('region', { name: 'Key rotation' })
        .getByText('Within policy', { exact: true })
        .waitFor();

      await expectNoSecretValues(page, SEEDED_SECRETS);
      await ctx.screenshot('03-entity-card-eso-failing', card);
    },
  },
  {
    name: 'entity card: overdue OAuth key shows its age against the policy',
    async run(ctx) {
      const { page } = ctx;
      await openSignedIn(ctx, '/catalog/default/component/mcp-key-overdue');
      const card = mcpCard(page, 'demo / team-c / mcp-key-overdue');
      const keyRotation = card.getByRole('region', { name: 'Key rotation' });
      await keyRotation
        .getByText('Rotation overdue', { exact: true })
        .waitFor();
      await keyRotation
        .getByText('Key 120 days old', { exact: false })
        .waitFor();
      await card
        .getByRole('region', { name: 'ExternalSecret' })
        .getByText('Synced', { exact: true })
        .waitFor();

      await expectNoSecretValues(page, SEEDED_SECRETS);
      await ctx.screenshot('04-entity-card-key-overdue', card);
    },
  },
];

export default tests;
