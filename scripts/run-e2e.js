#!/usr/bin/env node
/*
 * Browser tests: starts the demo portal (scripts/start-demo.js), waits until the
 * backend is ready and the frontend answers, then runs every
 * packages/app/e2e-tests/*.e2e.ts in Debian's chromium through playwright-core
 * (no browser download). Writes { passed, failed, skipped, tests } to --results
 * (default test-output/e2e-results.json) and exits non-zero on any failure.
 *
 *   node scripts/run-e2e.js [--results file] [--reuse-portal] [--filter text] [--update-docs]
 *
 * --reuse-portal skips starting the portal (one is already running on :3000/:7007).
 * --update-docs copies the README's screenshots into docs/ after a green run.
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const OUT = path.join(ROOT, 'test-output');
const FRONTEND = 'http://localhost:3000';
const READINESS = 'http://localhost:7007/.backstage/health/v1/readiness';
const PORTAL_START_TIMEOUT_MS = 10 * 60_000;
/** Screenshot (test-output/screenshots) → the docs/ file the README shows. */
const DOC_SCREENSHOTS = {
  '02-entity-card-healthy.png': 'entity-card.png',
  '06-fleet-overdue-keys.png': 'fleet-overdue-keys.png',
};

function argValue(name) {
  const i = process.argv.indexOf(name);
  return i === -1 ? undefined : process.argv[i + 1];
}

async function answers(url) {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
    return res.status === 200;
  } catch {
    return false;
  }
}

async function waitForPortal(portal, logFile) {
  const deadline = Date.now() + PORTAL_START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (portal && portal.exitCode !== null) {
      throw new Error(
        `the demo portal exited with code ${portal.exitCode}; see ${logFile}`,
      );
    }
    if ((await answers(READINESS)) && (await answers(FRONTEND))) {
      return;
    }
    await new Promise(r => setTimeout(r, 1000));
  }
  throw new Error(
    `the demo portal did not become ready within ${
      PORTAL_START_TIMEOUT_MS / 1000
    } s; see ${logFile}`,
  );
}

function startPortal(logFile) {
  const log = fs.openSync(logFile, 'w');
  // Own process group, so stopping it stops the backend and the dev server too.
  return spawn(process.execPath, [path.join(__dirname, 'start-demo.js')], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', log, log],
    env: { ...process.env, BROWSER: 'none' },
  });
}

function stopPortal(portal) {
  if (!portal || portal.exitCode !== null) return Promise.resolve();
  return new Promise(resolve => {
    const timer = setTimeout(() => {
      try {
        process.kill(-portal.pid, 'SIGKILL');
      } catch {
        // already gone
      }
      resolve();
    }, 10_000);
    portal.on('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    try {
      process.kill(-portal.pid, 'SIGTERM');
    } catch {
      clearTimeout(timer);
      resolve();
    }
  });
}

async function main() {
  const resultsFile = path.resolve(
    argValue('--results') ?? path.join(OUT, 'e2e-results.json'),
  );
  const filter = argValue('--filter');
  // Fresh screenshots only: a stale FAILED-*.png would mislead.
  fs.rmSync(path.join(OUT, 'screenshots'), { recursive: true, force: true });
  fs.mkdirSync(path.join(OUT, 'screenshots'), { recursive: true });
  const writeResults = results =>
    fs.writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);

  // The tests are TypeScript; the CLI's node transform compiles them on load.
  require('@backstage/cli/config/nodeTransform.cjs');
  const { runE2eSuites } = require('../packages/app/e2e-tests/harness');

  const logFile = path.join(OUT, 'e2e-portal.log');
  let portal;
  const started = Date.now();
  try {
    if (!process.argv.includes('--reuse-portal')) {
      // Another portal on these ports would be tested instead of ours.
      if ((await answers(READINESS)) || (await answers(FRONTEND))) {
        throw new Error(
          'a portal is already running on :3000/:7007; stop it, or pass --reuse-portal to test it',
        );
      }
      console.log(
        `[e2e] starting the demo portal (log: ${path.relative(ROOT, logFile)})`,
      );
      portal = startPortal(logFile);
    }
    await waitForPortal(portal, logFile);
    console.log(
      `[e2e] portal ready after ${((Date.now() - started) / 1000).toFixed(
        1,
      )} s`,
    );
    const results = await runE2eSuites({
      dir: path.join(ROOT, 'packages/app/e2e-tests'),
      baseUrl: FRONTEND,
      screenshotDir: path.join(OUT, 'screenshots'),
      filter,
    });
    writeResults(results);
    console.log(
      `[e2e] ${results.passed} passed, ${results.failed} failed, ${results.skipped} skipped`,
    );
    process.exitCode = results.failed === 0 ? 0 : 1;
    if (results.failed === 0 && process.argv.includes('--update-docs')) {
      fs.mkdirSync(path.join(ROOT, 'docs'), { recursive: true });
      for (const [from, to] of Object.entries(DOC_SCREENSHOTS)) {
        fs.copyFileSync(
          path.join(OUT, 'screenshots', from),
          path.join(ROOT, 'docs', to),
        );
        console.log(`[e2e] docs/${to} updated`);
      }
    }
  } catch (error) {
    console.error(`[e2e] ${error.stack ?? error}`);
    writeResults({
      passed: 0,
      failed: 1,
      skipped: 0,
      error: String(error.message ?? error),
    });
    process.exitCode = 1;
  } finally {
    await stopPortal(portal);
  }
}

main();
