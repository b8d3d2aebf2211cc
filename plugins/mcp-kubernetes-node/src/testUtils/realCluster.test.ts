import {
  describeIfRealCluster,
  REAL_CLUSTER_KUBECONFIG_ENV,
} from './realCluster';

// Both suites are registered at load time, with the variable set and then unset.
const saved = process.env[REAL_CLUSTER_KUBECONFIG_ENV];
const log = jest.spyOn(console, 'log').mockImplementation(() => {});

process.env[REAL_CLUSTER_KUBECONFIG_ENV] = '/tmp/some-kubeconfig';
describeIfRealCluster('with MCPK_TEST_KUBECONFIG set', kubeconfigPath => {
  it('runs and gets the kubeconfig path', () => {
    expect(kubeconfigPath).toBe('/tmp/some-kubeconfig');
  });
});

delete process.env[REAL_CLUSTER_KUBECONFIG_ENV];
describeIfRealCluster('without MCPK_TEST_KUBECONFIG', kubeconfigPath => {
  it('is skipped (it would fail if it ran)', () => {
    expect(kubeconfigPath).toBe('never: the suite is skipped');
  });
});

const skipMessages = log.mock.calls.map(args => String(args[0]));
log.mockRestore();
if (saved === undefined) {
  delete process.env[REAL_CLUSTER_KUBECONFIG_ENV];
} else {
  process.env[REAL_CLUSTER_KUBECONFIG_ENV] = saved;
}

it('says which suite it skips and how to run it', () => {
  expect(skipMessages).toEqual([
    'Skipping "without MCPK_TEST_KUBECONFIG": set MCPK_TEST_KUBECONFIG to the kubeconfig file of a disposable cluster to run it.',
  ]);
});
