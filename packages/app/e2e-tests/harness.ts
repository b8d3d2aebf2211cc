/*
 * A small runner for the browser tests: Debian's chromium driven by
 * playwright-core (no browser download), one browser context shared by all
 * tests so the guest sign-in happens once. Each `*.e2e.ts` file default-exports
 * a list of tests; scripts/run-e2e.js starts the demo portal and calls
 * `runE2eSuites`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, Locator, Page } from 'playwright-core';

export interface E2eContext {
  page: Page;
  baseUrl: string;
  /**
   * Saves `<screenshotDir>/<name>.png` (the whole page, or only `element`)
   * and returns its path.
   */
  screenshot(name: string, element?: Locator): Promise<string>;
}

export interface E2eTest {
  name: string;
  run(ctx: E2eContext): Promise<void>;
  /** Longer than the default for a test that waits on real work (an install). */
  timeoutMs?: number;
}

export interface E2eResults {
  passed: number;
  failed: number;
  skipped: number;
  tests: Array<{
    file: string;
    name: string;
    status: 'passed' | 'failed' | 'skipped';
    durationMs: number;
    /** More than 1 when the test passed or failed only after a retry. */
    attempts?: number;
    error?: string;
  }>;
  screenshots: string[];
}

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// Flags for a headless CI box: no sandbox (root), no GPU, and nothing that
// reaches the network on its own (updates, sync, QUIC).
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

const TEST_TIMEOUT_MS = 150_000;
const RETRIES = Number(process.env.E2E_RETRIES ?? 1);

const report = (line: string) => process.stdout.write(`${line}\n`);

function withTimeout<T>(
  promise: Promise<T>,
  ms: number,
  what: string,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what} timed out after ${ms / 1000} s`)),
      ms,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export async function runE2eSuites(options: {
  dir: string;
  baseUrl: string;
  screenshotDir: string;
  filter?: string;
}): Promise<E2eResults> {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `chromium not found at ${CHROMIUM_PATH}: install it with "apt-get install -y chromium" or set CHROMIUM_PATH`,
    );
  }
  const files = fs
    .readdirSync(options.dir)
    .filter(f => f.endsWith('.e2e.ts'))
    .sort();
  const results: E2eResults = {
    passed: 0,
    failed: 0,
    skipped: 0,
    tests: [],
    screenshots: [],
  };
  fs.mkdirSync(options.screenshotDir, { recursive: true });

  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
    headless: true,
  });
  try {
    const context = await browser.newContext({
      viewport: { width: 1440, height: 1000 },
    });
    context.setDefaultTimeout(45_000);
    for (const file of files) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const tests: E2eTest[] = require(path.join(options.dir, file)).default;
      for (const test of tests) {
        const record = {
          file,
          name: test.name,
          durationMs: 0,
        } as E2eResults['tests'][number];
        if (options.filter && !test.name.includes(options.filter)) {
          results.skipped += 1;
          results.tests.push({ ...record, status: 'skipped' });
          continue;
        }
        const started = Date.now();
        let attempt = 0;
        let lastError: unknown;
        // `repo start` restarts the backend when a watched file changes (e.g. a
        // teammate's edit), which can fail one attempt; a retry is reported.
        while (attempt <= RETRIES) {
          attempt += 1;
          const page = await context.newPage();
          const screenshot = async (name: string, element?: Locator) => {
            const target = path.join(options.screenshotDir, `${name}.png`);
            if (element) {
              await element.screenshot({ path: target });
            } else {
              await page.screenshot({ path: target, fullPage: true });
            }
            results.screenshots.push(target);
            return target;
          };
          try {
            await withTimeout(
              test.run({ page, baseUrl: options.baseUrl, screenshot }),
              test.timeoutMs ?? TEST_TIMEOUT_MS,
              test.name,
            );
            lastError = undefined;
            break;
          } catch (error) {
            lastError = error;
            await screenshot(
              `FAILED-${test.name.replace(/[^a-z0-9]+/gi, '-')}`,
            ).catch(() => undefined);
          } finally {
            await page.close();
          }
        }
        const durationMs = Date.now() - started;
        if (lastError === undefined) {
          results.passed += 1;
          results.tests.push({
            ...record,
            status: 'passed',
            durationMs,
            attempts: attempt,
          });
          report(
            `  ✓ ${test.name} (${durationMs} ms${
              attempt > 1 ? `, passed on attempt ${attempt}` : ''
            })`,
          );
        } else {
          results.failed += 1;
          const message =
            lastError instanceof Error ? lastError.message : String(lastError);
          results.tests.push({
            ...record,
            status: 'failed',
            durationMs,
            attempts: attempt,
            error: message,
          });
          report(`  ✗ ${test.name}\n    ${message.split('\n').join('\n    ')}`);
        }
      }
    }
  } finally {
    await browser.close();
  }
  return results;
}

/** Opens `path`, signing in as guest when the sign-in page shows. */
export async function openSignedIn(
  ctx: E2eContext,
  pagePath: string,
): Promise<void> {
  const { page } = ctx;
  await page.goto(`${ctx.baseUrl}${pagePath}`);
  const enter = page.getByRole('button', { name: 'Enter' });
  // The sidebar nav has zero height (its items are fixed-positioned), so wait
  // for it to be attached, not visible.
  const sidebar = page.locator('nav[aria-label="sidebar nav"]');
  // Either the guest sign-in page or the app shell appears first.
  await enter.or(sidebar).first().waitFor({ state: 'attached' });
  if (await enter.isVisible()) {
    await enter.click();
    await sidebar.waitFor({ state: 'attached' });
  }
}

/** The mcp-kubernetes card of the install `cluster / namespace / release`. */
export function mcpCard(page: Page, installPath: string): Locator {
  return page
    .locator('[class*="MuiCard-root"]')
    .filter({ has: page.getByText(installPath, { exact: true }) });
}

/** Fails when the page shows any of the seeded secret values, plain or base64. */
export async function expectNoSecretValues(page: Page, secrets: string[]) {
  const text = await page.locator('body').innerText();
  for (const secret of secrets) {
    for (const form of [secret, Buffer.from(secret).toString('base64')]) {
      if (text.includes(form)) {
        throw new Error(
          `the page shows a secret value (${form.slice(0, 6)}...)`,
        );
      }
    }
  }
}
