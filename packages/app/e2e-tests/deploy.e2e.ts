/*
 * The deploy journey as a person does it on the demo portal: open the
 * "Deploy mcp-kubernetes" template, answer the whole form (name, owner,
 * environment, cluster, namespace, size; publishing left off), create the
 * task, wait for it to finish, follow its link to the new entity and find the
 * entity card showing the install. A screenshot of each step.
 *
 * The demo's fake API server takes the real helm install and plays controller
 * and kubelet for it (scripts/demo-cluster.js).
 */
import fs from 'node:fs';
import path from 'node:path';
import { E2eTest, mcpCard, openSignedIn } from './harness';

const ROOT = path.resolve(__dirname, '../../..');
/** The demo's local catalog directory (mcpKubernetes.scaffolder.localCatalogDir). */
const GENERATED = path.join(ROOT, 'catalog/generated');
/** The kubeconfig context scripts/demo-cluster.js writes. */
const DEMO_CLUSTER = 'demo';

const tests: E2eTest[] = [
  {
    name: 'deploy: a person fills in the whole template, the task installs, the new entity shows its card',
    // A real helm install with --wait, then a catalog refresh of the generated file.
    timeoutMs: 300_000,
    async run(ctx) {
      const { page } = ctx;
      const name = `mcp-e2e-${Date.now().toString(36)}`;
      const namespace = name;
      const started = Date.now();

      await openSignedIn(ctx, '/create');
      await page
        .getByText('Deploy mcp-kubernetes', { exact: true })
        .first()
        .waitFor();
      await ctx.screenshot('10-deploy-template-list');
      await openSignedIn(
        ctx,
        '/create/templates/default/deploy-mcp-kubernetes',
      );

      // Page 1: Service.
      await page.locator('#root_name').fill(name);
      await page
        .locator('#root_description')
        .fill('Deployed by the browser test');
      const owner = page.locator('#root_owner');
      await owner.click();
      await owner.fill('platform-team');
      await page
        .getByRole('option', { name: /platform-team/ })
        .first()
        .click();
      await ctx.screenshot('11-deploy-form-service');
      await page.getByRole('button', { name: 'Next' }).click();

      // Page 2: Where. Environment first: the cluster list depends on it.
      await page.locator('#root_environment').click();
      await page.getByRole('option', { name: 'development' }).click();
      await page.getByRole('button', { name: /^Cluster/ }).click();
      await page
        .getByRole('option', { name: new RegExp(`^${DEMO_CLUSTER}`) })
        .click();
      await page.locator('#root_namespace').fill(namespace);
      await ctx.screenshot('12-deploy-form-where');
      await page.getByRole('button', { name: 'Next' }).click();

      // Page 3: OAuth and ingress, left off (the demo has no OAuth provider).
      await page.getByText('Enable OAuth 2.1').first().waitFor();
      await ctx.screenshot('13-deploy-form-oauth');
      await page.getByRole('button', { name: 'Next' }).click();

      // Page 4: size, version, access; publishing stays off, so no repository is asked for.
      await page.locator('#root_size').click();
      await page.getByRole('option', { name: /^Small/ }).click();
      await page
        .getByText('Publish catalog-info.yaml to a repository')
        .waitFor();
      if (await page.getByText('Repository for catalog-info.yaml').count()) {
        throw new Error(
          'the repository picker shows although publishing is off',
        );
      }
      // The live policy preview: values built from the answers, judged by the development policy.
      await page
        .getByText('These settings comply with the development policy.')
        .waitFor();
      await page.getByTestId('mcp-kubernetes-preview-values').waitFor();
      await ctx.screenshot('14-deploy-form-size-and-preview');
      await page.getByRole('button', { name: 'Review' }).click();

      // Review, then Create.
      await page.getByText(name, { exact: true }).first().waitFor();
      await ctx.screenshot('15-deploy-review');
      await page.getByRole('button', { name: 'Create' }).click();

      // The task page: every step finishes, the catalog link appears.
      await page.waitForURL(/\/create\/tasks\//);
      // The template's output link to the entity registered in the local catalog.
      const entityLink = page
        .getByRole('link', { name: 'Open in the catalog' })
        .and(page.locator(`[href*="/catalog/default/component/${name}"]`));
      await entityLink.waitFor({ timeout: 240_000 });
      await page
        .getByText(`Release **${name}**`, { exact: false })
        .or(page.getByText(`Release ${name}`, { exact: false }))
        .first()
        .waitFor();
      await ctx.screenshot('16-deploy-task-finished');
      const taskSeconds = Math.round((Date.now() - started) / 1000);

      // The entity (written to the local catalog) with its card and the install on it.
      await entityLink.click();
      await page.waitForURL(new RegExp(`/catalog/default/component/${name}`));
      const card = mcpCard(page, `${DEMO_CLUSTER} / ${namespace} / ${name}`);
      // The catalog reads the generated file at its next refresh (10 s in the
      // demo): until then the page says the entity is not found; reload.
      for (let attempt = 0; ; attempt++) {
        const shown = await card
          .waitFor({ timeout: 5_000 })
          .then(() => true)
          .catch(() => false);
        if (shown) break;
        if (attempt >= 12) {
          throw new Error(
            `the entity page of ${name} shows no mcp-kubernetes card after ${attempt} reloads`,
          );
        }
        await page.reload();
      }
      await card.getByText('ready', { exact: false }).first().waitFor();
      await ctx.screenshot('17-deploy-entity-card', card);
      process.stdout.write(
        `    deploy: task finished ${taskSeconds} s after opening the form; card shown ${Math.round(
          (Date.now() - started) / 1000,
        )} s after\n`,
      );
      // The local catalog file stays (the entity is real); it is git- and prettier-ignored.
      if (!fs.existsSync(path.join(GENERATED, `default-${name}.yaml`))) {
        throw new Error(
          `catalog/generated/default-${name}.yaml was not written`,
        );
      }
    },
  },
];

export default tests;
