import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { startFakeKubeApiServer } from '../testUtils/FakeKubeApiServer';
import { pinnedHelmPath } from './pinnedHelm';

jest.setTimeout(60000);
it('explore', async () => {
  const fake = await startFakeKubeApiServer();
  writeFileSync('/tmp/mcpk-explore-kc', fake.kubeconfigYaml());
  for (const args of [['list', '-n', 'x', '--kubeconfig', '/tmp/mcpk-explore-kc'], ['list', '-n', 'x', '--kube-apiserver', fake.url, '--kube-token', fake.token]]) {
    try {
      console.log(execFileSync(pinnedHelmPath('v3'), args, { env: { PATH: process.env.PATH!, HOME: '/tmp' }, encoding: 'utf8', stdio: 'pipe' }));
    } catch (e: any) {
      console.log('ERR', e.stderr);
    }
  }
  console.log(JSON.stringify(fake.requests));
  await fake.close();
});
