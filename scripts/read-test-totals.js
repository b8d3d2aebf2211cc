#!/usr/bin/env node
/*
 * Prints "passed failed skipped" from a test results file: Jest's --json output
 * or the browser runner's { passed, failed, skipped }. Suites that crashed before
 * running (syntax errors, failing imports) count as failures, because Jest
 * reports them with zero failed tests.
 */
const fs = require('node:fs');

const file = process.argv[2];
if (!file || !fs.existsSync(file)) {
  process.stderr.write(`no results file at ${file}\n`);
  process.exit(1);
}
const results = JSON.parse(fs.readFileSync(file, 'utf8'));

if (typeof results.numPassedTests === 'number') {
  const crashedSuites = (results.testResults ?? []).filter(
    suite => suite.status === 'failed' && suite.assertionResults.length === 0,
  ).length;
  const failed = results.numFailedTests + crashedSuites;
  const skipped = results.numPendingTests + (results.numTodoTests ?? 0);
  process.stdout.write(`${results.numPassedTests} ${failed} ${skipped}\n`);
} else {
  const { passed = 0, failed = 0, skipped = 0 } = results;
  process.stdout.write(`${passed} ${failed} ${skipped}\n`);
}
