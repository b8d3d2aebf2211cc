#!/usr/bin/env node
/*
 * `npm run start:demo`: the portal against a fake cluster with DEMO DATA.
 * Starts the seeded fake kube-apiserver (scripts/demo-cluster.js; TLS with its
 * own CA, a bearer token, controllers that roll out what the template installs), writes its
 * kubeconfig under .demo/ (git-ignored), and runs `backstage-cli repo start`
 * with app-config.yaml + app-config.demo.yaml and KUBECONFIG pointing at it.
 * Frontend http://localhost:3000, backend http://localhost:7007.
 */
const { spawn } = require('node:child_process');
const path = require('node:path');
const { startDemoCluster } = require('./demo-cluster');

const ROOT = path.resolve(__dirname, '..');

async function main() {
  const demo = await startDemoCluster({ dir: path.join(ROOT, '.demo') });
  console.log(
    `[demo] DEMO DATA: fake kube-apiserver at ${demo.server.url} (context "${demo.context}")`,
  );
  for (const i of demo.installs) {
    console.log(
      `[demo]   ${demo.context}/${i.namespace}/${i.release}: ${i.state}`,
    );
  }
  console.log(`[demo] kubeconfig: ${demo.kubeconfigPath}`);

  const cli = require.resolve('@backstage/cli/bin/backstage-cli');
  const extraArgs = process.argv.slice(2);
  const portal = spawn(
    process.execPath,
    [
      cli,
      'repo',
      'start',
      // Absolute: the CLI resolves relative paths against each package's dir.
      '--config',
      path.join(ROOT, 'app-config.yaml'),
      '--config',
      path.join(ROOT, 'app-config.demo.yaml'),
      ...extraArgs,
    ],
    {
      cwd: ROOT,
      stdio: 'inherit',
      env: { ...process.env, KUBECONFIG: demo.kubeconfigPath },
    },
  );

  let stopping = false;
  const stop = async signal => {
    if (stopping) return;
    stopping = true;
    portal.kill(signal);
    await demo.server.close();
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  portal.on('exit', async code => {
    await stop('SIGTERM');
    process.exit(code ?? 0);
  });
}

main().catch(error => {
  console.error(`[demo] failed to start: ${error.stack ?? error}`);
  process.exit(1);
});
