import fs from 'node:fs';

// This module defines suites for test files; it is not one. Jest's globals are reached through
// one object so the linter does not take it for a test file.
const jestGlobals = globalThis as unknown as {
  describe: jest.Describe;
  it: jest.It;
};

/** Registers a suite whose only test fails with `message`. */
function failingSuite(name: string, testName: string, message: string) {
  jestGlobals.describe(name, () => {
    jestGlobals.it(testName, () => {
      throw new Error(message);
    });
  });
}

/** Names the kubeconfig of a disposable real cluster for the real-cluster suites. @public */
export const REAL_CLUSTER_KUBECONFIG_ENV = 'MCPK_TEST_KUBECONFIG';

/**
 * Set (to `1`) by `npm run test:all`, which starts a real API server: a real-cluster suite then
 * fails instead of skipping when no cluster is configured, so CI cannot pass without them.
 *
 * @public
 */
export const REAL_CLUSTER_REQUIRED_ENV = 'MCPK_REQUIRE_REAL_CLUSTER';

/**
 * `describe` for a suite that needs a real cluster: it runs when MCPK_TEST_KUBECONFIG names a
 * kubeconfig file and gets that path. Without one it prints why and registers the suite as
 * skipped (developer laptops), except when MCPK_REQUIRE_REAL_CLUSTER=1 (CI): then the suite
 * holds one failing test saying what is missing. A named file that does not exist always fails.
 *
 * @public
 */
export function describeIfRealCluster(
  name: string,
  fn: (kubeconfigPath: string) => void,
): void {
  const kubeconfigPath = process.env[REAL_CLUSTER_KUBECONFIG_ENV];
  const required = process.env[REAL_CLUSTER_REQUIRED_ENV] === '1';
  if (kubeconfigPath && !fs.existsSync(kubeconfigPath)) {
    failingSuite(
      name,
      'has a kubeconfig',
      `${REAL_CLUSTER_KUBECONFIG_ENV}=${kubeconfigPath}: no such file; point it at the kubeconfig of a disposable cluster`,
    );
    return;
  }
  if (!kubeconfigPath && required) {
    failingSuite(
      name,
      'has a real cluster',
      `${REAL_CLUSTER_REQUIRED_ENV}=1 but ${REAL_CLUSTER_KUBECONFIG_ENV} is not set: the real API server did not start (see the "real API server start" check of scripts/test-all.sh) or the caller gave no kubeconfig`,
    );
    return;
  }
  if (!kubeconfigPath) {
    // eslint-disable-next-line no-console
    console.log(
      `Skipping "${name}": set ${REAL_CLUSTER_KUBECONFIG_ENV} to the kubeconfig file of a disposable cluster to run it.`,
    );
  }
  const suite = kubeconfigPath
    ? jestGlobals.describe
    : jestGlobals.describe.skip;
  suite(name, () => {
    fn(kubeconfigPath ?? '');
  });
}
