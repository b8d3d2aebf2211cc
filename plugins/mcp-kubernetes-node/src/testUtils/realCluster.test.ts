import {
  describeIfRealCluster,
  REAL_CLUSTER_KUBECONFIG_ENV,
  REAL_CLUSTER_REQUIRED_ENV,
} from './realCluster';

// The suites are registered at load time under each setting; their results are checked by name
// in the last test through Jest's own state (a skipped suite never runs its tests).
const saved = {
  kubeconfig: process.env[REAL_CLUSTER_KUBECONFIG_ENV],
  required: process.env[REAL_CLUSTER_REQUIRED_ENV],
};
const log = jest.spyOn(console, 'log').mockImplementation(() => {});

process.env[REAL_CLUSTER_KUBECONFIG_ENV] = __filename; // any existing file
delete process.env[REAL_CLUSTER_REQUIRED_ENV];
describeIfRealCluster('with MCPK_TEST_KUBECONFIG set', kubeconfigPath => {
  it('runs and gets the kubeconfig path', () => {
    expect(kubeconfigPath).toBe(__filename);
  });
});

delete process.env[REAL_CLUSTER_KUBECONFIG_ENV];
describeIfRealCluster('without MCPK_TEST_KUBECONFIG', kubeconfigPath => {
  it('is skipped (it would fail if it ran)', () => {
    expect(kubeconfigPath).toBe('never: the suite is skipped');
  });
});

// In CI (required) a missing cluster must fail, never skip: the registered test throws.
const registered: Array<{ name: string; fn: () => unknown }> = [];
const realIt = global.it;
(global as any).it = (testName: string, fn: () => unknown) =>
  registered.push({ name: testName, fn });
process.env[REAL_CLUSTER_REQUIRED_ENV] = '1';
describeIfRealCluster('required, no kubeconfig', () => {
  realIt('never registered', () => {});
});
delete process.env[REAL_CLUSTER_REQUIRED_ENV];
process.env[REAL_CLUSTER_KUBECONFIG_ENV] = '/nonexistent/mcpk-kubeconfig';
describeIfRealCluster('kubeconfig file missing', () => {
  realIt('never registered', () => {});
});
(global as any).it = realIt;

const skipMessages = log.mock.calls.map(args => String(args[0]));
log.mockRestore();
for (const [env, value] of [
  [REAL_CLUSTER_KUBECONFIG_ENV, saved.kubeconfig],
  [REAL_CLUSTER_REQUIRED_ENV, saved.required],
] as const) {
  if (value === undefined) delete process.env[env];
  else process.env[env] = value;
}

it('says which suite it skips and how to run it', () => {
  expect(skipMessages).toEqual([
    'Skipping "without MCPK_TEST_KUBECONFIG": set MCPK_TEST_KUBECONFIG to the kubeconfig file of a disposable cluster to run it.',
  ]);
});

it('fails (does not skip) when a cluster is required but none is configured', () => {
  expect(registered.map(r => r.name)).toEqual([
    'has a real cluster',
    'has a kubeconfig',
  ]);
  expect(() => registered[0].fn()).toThrow(
    /MCPK_REQUIRE_REAL_CLUSTER=1 but MCPK_TEST_KUBECONFIG is not set/,
  );
  expect(() => registered[1].fn()).toThrow(
    /MCPK_TEST_KUBECONFIG=\/nonexistent\/mcpk-kubeconfig: no such file/,
  );
});
