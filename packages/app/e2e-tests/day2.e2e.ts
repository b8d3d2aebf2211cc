/*
 * Day 2 on the card: the demo release mcp-key-rotated (a real helm release in
 * the demo cluster, owned by platform-team, the guest's team) had its OAuth
 * key rotated after its pods started, so the card warns that the pods still
 * use the previous key. The owner restarts it from the card and the warning
 * clears once the new pods run (issue 12).
 *
 * scripts/demo-cluster.js makes that state at start; the fake API server plays
 * the deployment controller, so the rollout restart gets new Ready pods.
 */
import { Locator } from 'playwright-core';
import { E2eTest, mcpCard, openSignedIn } from './harness';

const CLUSTER = 'demo';
const NAMESPACE = 'team-d';
const RELEASE = 'mcp-key-rotated';
/** The restart task: one strategic merge patch, then the card polls the task. */
const RESTART_TIMEOUT_MS = 60_000;
/** New pods Ready (1.5 s in the demo) and the watch-fed status showing them. */
const WARNING_CLEARED_TIMEOUT_MS = 60_000;
const REFRESH_EVERY_MS = 3_000;

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/**
 * A pod name of the release, `<deployment>-<template hash>-<suffix>` (the fake's
 * controllers use 10-character hashes). No word boundary at the end: a row's
 * text runs the name into the node name below it.
 */
const POD_NAME = new RegExp(`${RELEASE}-[a-z0-9-]+-[a-z0-9]{10}-[a-z0-9]{5}`);

/** Names and readiness of the pods the card lists. */
async function podRows(card: Locator) {
  const rows = card.getByRole('row').filter({ hasText: POD_NAME });
  return Promise.all(
    (await rows.all()).map(async row => {
      const text = await row.innerText();
      return {
        name: text.match(POD_NAME)?.[0] ?? text,
        ready: /\bReady\b/.test(text) && !/Not ready/.test(text),
        text,
      };
    }),
  );
}

/** The rollout line says every desired replica is ready (`N/N ready`). */
async function rolloutComplete(card: Locator): Promise<boolean> {
  const line = card.getByText(/\d+\/\d+ ready/).first();
  if (!(await line.count())) return false;
  const m = (await line.innerText()).match(/(\d+)\/(\d+) ready/);
  return !!m && Number(m[2]) > 0 && m[1] === m[2];
}

const tests: E2eTest[] = [
  {
    name: 'day 2: restart from the card clears the rotated-key warning once the new pods run',
    timeoutMs: 180_000,
    async run(ctx) {
      const { page } = ctx;
      await openSignedIn(ctx, `/catalog/default/component/${RELEASE}`);
      const card = mcpCard(page, `${CLUSTER} / ${NAMESPACE} / ${RELEASE}`);
      const warning = card.getByTestId('mcpk-pods-not-restarted');

      // Before: the pods started before the key changed. The demo makes this
      // state once per start; a restart (an earlier run) uses it up.
      await warning.waitFor().catch(error => {
        throw new Error(
          `the card of ${RELEASE} shows no "pods not restarted" warning; the demo makes that state once per start, so after an earlier restart start a fresh portal (${error.message})`,
        );
      });
      await warning
        .getByText('Pods not yet restarted since rotation', { exact: false })
        .waitFor();
      await card
        .getByRole('row')
        .filter({ hasText: POD_NAME })
        .first()
        .waitFor();
      const before = await podRows(card);
      if (!before.length || !before.every(p => p.ready)) {
        throw new Error(
          `expected Ready pods before the restart, saw: ${before
            .map(p => p.text.replace(/\s+/g, ' '))
            .join(' | ')}`,
        );
      }
      await ctx.screenshot('20-day2-rotated-key-warning', card);

      // Confirm: the dialog names the install it will restart.
      await card.getByRole('button', { name: 'Restart', exact: true }).click();
      const dialog = page
        .getByRole('dialog')
        .filter({ hasText: `Restart the pods of ${RELEASE}?` });
      await dialog.waitFor();
      const dialogText = await dialog.innerText();
      // "On cluster demo, namespace team-d, release mcp-key-rotated."
      for (const what of [
        `cluster ${CLUSTER}`,
        `namespace ${NAMESPACE}`,
        `release ${RELEASE}`,
      ]) {
        if (!dialogText.replace(/\s+/g, ' ').includes(what)) {
          throw new Error(
            `the restart dialog does not name the ${what}: ${dialogText}`,
          );
        }
      }
      await dialog.getByRole('button', { name: 'Cancel' }).waitFor();
      // The dialog fades in: a picture taken mid-transition shows the page
      // through it. Wait for the finite animations (spinners never end).
      await page.evaluate(() =>
        Promise.race([
          Promise.all(
            document
              .getAnimations()
              .filter(a =>
                Number.isFinite(
                  Number(a.effect?.getComputedTiming().endTime ?? Infinity),
                ),
              )
              .map(a => a.finished.catch(() => undefined)),
          ),
          new Promise(resolve => setTimeout(resolve, 2000)),
        ]),
      );
      await ctx.screenshot('21-day2-restart-confirm', dialog);
      await dialog
        .getByRole('button', { name: 'Restart', exact: true })
        .click();
      await dialog.waitFor({ state: 'hidden' });

      // The scaffolder task runs mcp-kubernetes:restart as the guest.
      const status = card.getByTestId('mcpk-day2-status');
      await status
        .filter({ hasText: /Restart (finished|failed)/ })
        .waitFor({ timeout: RESTART_TIMEOUT_MS });
      const statusText = (await status.innerText()).trim();
      if (!statusText.includes('Restart finished')) {
        throw new Error(`the restart did not finish: ${statusText}`);
      }
      await ctx.screenshot('22-day2-restart-finished', card);

      // After: new pods, all Ready, started after the rotation; the warning is gone.
      const oldNames = new Set(before.map(p => p.name));
      const deadline = Date.now() + WARNING_CLEARED_TIMEOUT_MS;
      let last = '';
      for (;;) {
        const after = await podRows(card);
        const cleared =
          (await warning.count()) === 0 &&
          after.length > 0 &&
          after.every(p => p.ready && !oldNames.has(p.name)) &&
          (await rolloutComplete(card));
        if (cleared) break;
        last = `warning ${
          (await warning.count()) ? 'shown' : 'gone'
        }; pods: ${after
          .map(p => `${p.name} ${p.ready ? 'Ready' : 'not ready'}`)
          .join(', ')}`;
        if (Date.now() > deadline) {
          throw new Error(
            `${
              WARNING_CLEARED_TIMEOUT_MS / 1000
            } s after the restart the card still shows: ${last} (pods before: ${[
              ...oldNames,
            ].join(', ')})`,
          );
        }
        await sleep(REFRESH_EVERY_MS);
        const refresh = card.getByRole('button', { name: 'Refresh status' });
        if (await refresh.isEnabled()) await refresh.click();
      }
      await card
        .getByRole('region', { name: 'Key rotation' })
        .getByText('Within policy', { exact: true })
        .waitFor();
      // Away from the Refresh button, so its tooltip is not in the picture.
      await page.mouse.move(0, 0);
      await ctx.screenshot('23-day2-warning-cleared', card);

      // The release history: helm's revision 1 (the demo installed it with helm, outside the
      // portal) and the restart, recorded by the action in the journal as the guest.
      const history = card.getByRole('region', { name: 'Release history' });
      await history.getByText('Release history', { exact: true }).click();
      await history
        .getByRole('row')
        .filter({ hasText: 'restart' })
        .filter({ hasText: 'user:default/guest' })
        .first()
        .waitFor();
      await history
        .getByRole('row')
        .filter({ hasText: 'deployed' })
        .filter({ hasText: 'outside the portal' })
        .first()
        .waitFor();
      await ctx.screenshot('24-day2-release-history', card);
    },
  },
];

export default tests;
