/** Names the kubeconfig of a disposable real cluster for the opt-in integration suites. */
export const REAL_CLUSTER_KUBECONFIG_ENV = 'MCPK_TEST_KUBECONFIG';

/**
 * `describe` for a suite that needs a real cluster: it runs when MCPK_TEST_KUBECONFIG names a
 * kubeconfig file and gets that path; otherwise it prints why and registers the suite as skipped
 * (its hooks and tests never run then, so the empty path they would see is never used).
 */
export function describeIfRealCluster(
  name: string,
  fn: (kubeconfigPath: string) => void,
): void {
  const kubeconfigPath = process.env[REAL_CLUSTER_KUBECONFIG_ENV];
  if (!kubeconfigPath) {
    // eslint-disable-next-line no-console
    console.log(
      `Skipping "${name}": set ${REAL_CLUSTER_KUBECONFIG_ENV} to the kubeconfig file of a disposable cluster to run it.`,
    );
  }
  const suite = kubeconfigPath ? describe : describe.skip;
  suite(name, () => {
    fn(kubeconfigPath ?? '');
  });
}
