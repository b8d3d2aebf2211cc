import { KubeConfig } from '@kubernetes/client-node';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DefaultHelmRunner } from './DefaultHelmRunner';
import { HelmExec, HelmExecRequest } from './exec';
import { defaultChartPath } from './pinnedHelm';

/** releaseHistory and getValues: argument arrays, private files, helm's answers read right. */

const TOKEN = 'seeded-token-day2-4e1b';

function kubeConfig(): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'c', server: 'https://127.0.0.1:1' }],
    users: [{ name: 'u', token: TOKEN }],
    contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
    currentContext: 'x',
  });
  return kc;
}

describe('DefaultHelmRunner day-2 reads', () => {
  let tempDir: string;
  beforeEach(() => {
    tempDir = mkdtempSync(join(tmpdir(), 'mcpk-runner-day2-'));
  });
  afterEach(() => rmSync(tempDir, { recursive: true, force: true }));

  function runnerAnswering(
    answer: (req: HelmExecRequest) => {
      code: number;
      stdout: string;
      stderr?: string;
    },
  ) {
    const calls: Array<{ args: string[]; kubeconfigMode?: number }> = [];
    const exec: HelmExec = async req => {
      if (req.args[0] === 'version') {
        return { code: 0, stdout: 'v4.1.4', stderr: '', timedOut: false };
      }
      const i = req.args.indexOf('--kubeconfig');
      calls.push({
        args: [...req.args],
        kubeconfigMode:
          i >= 0 ? statSync(req.args[i + 1]).mode & 0o777 : undefined,
      });
      const a = answer(req);
      return { stderr: '', timedOut: false, ...a };
    };
    const runner = DefaultHelmRunner.create({
      helmPath: 'helm',
      chartPath: defaultChartPath(),
      exec,
      tempDir,
    });
    return { runner, calls };
  }

  const ref = () => ({
    kubeConfig: kubeConfig(),
    release: 'mcp-a',
    namespace: 'team-a',
  });

  it('getValues of a revision: argument array, 0600 kubeconfig, JSON read, workspace removed', async () => {
    const { runner, calls } = runnerAnswering(() => ({
      code: 0,
      stdout: '{"replicaCount":3,"image":{"tag":"v1"}}',
    }));
    await expect(runner.getValues({ ...ref(), revision: 2 })).resolves.toEqual({
      replicaCount: 3,
      image: { tag: 'v1' },
    });
    expect(calls[0].args).toEqual([
      'get',
      'values',
      'mcp-a',
      '--namespace',
      'team-a',
      '--kubeconfig',
      expect.stringMatching(/mcpk-helm-.*\/kubeconfig$/),
      '--output',
      'json',
      '--revision',
      '2',
    ]);
    expect(calls[0].kubeconfigMode).toBe(0o600);
    expect(readdirSync(tempDir)).toEqual([]);
  });

  it('getValues of the latest revision has no --revision; helm\'s "null" is {}', async () => {
    const { runner, calls } = runnerAnswering(() => ({
      code: 0,
      stdout: 'null\n',
    }));
    await expect(runner.getValues(ref())).resolves.toEqual({});
    expect(calls[0].args).not.toContain('--revision');
  });

  it.each([0, -1, 1.5, NaN])(
    'getValues refuses revision %p without running helm',
    async revision => {
      const { runner, calls } = runnerAnswering(() => ({
        code: 0,
        stdout: '{}',
      }));
      await expect(runner.getValues({ ...ref(), revision })).rejects.toThrow(
        'revision must be a positive whole number',
      );
      expect(calls).toEqual([]);
    },
  );

  it('getValues failures name the release and revision, never the token', async () => {
    const { runner } = runnerAnswering(() => ({
      code: 1,
      stdout: '',
      stderr: `Error: release: not found (token ${TOKEN})`,
    }));
    const err = await runner.getValues({ ...ref(), revision: 9 }).catch(e => e);
    expect(err.name).toBe('HelmCommandError');
    expect(err.message).toContain(
      'Cannot read the values of team-a/mcp-a revision 9',
    );
    expect(err.message).not.toContain(TOKEN);
  });

  it('getValues refuses output that is not an object', async () => {
    const { runner } = runnerAnswering(() => ({ code: 0, stdout: '[1,2]' }));
    await expect(runner.getValues(ref())).rejects.toThrow('printed no object');
  });

  it('releaseHistory lists every revision, oldest first; a missing release is []', async () => {
    const { runner, calls } = runnerAnswering(() => ({
      code: 0,
      stdout: JSON.stringify([
        {
          revision: 1,
          status: 'superseded',
          chart: 'mcp-kubernetes-0.1.0',
          app_version: '0.1.0',
          description: 'Install complete',
        },
        {
          revision: 2,
          status: 'deployed',
          chart: 'mcp-kubernetes-0.1.0',
          app_version: '0.1.0',
          description: 'Upgrade complete',
        },
      ]),
    }));
    const history = await runner.releaseHistory(ref());
    expect(history.map(h => [h.revision, h.status, h.appVersion])).toEqual([
      [1, 'superseded', '0.1.0'],
      [2, 'deployed', '0.1.0'],
    ]);
    expect(calls[0].args).not.toContain('--max');
    const gone = runnerAnswering(() => ({
      code: 1,
      stdout: '',
      stderr: 'Error: release: not found',
    }));
    await expect(gone.runner.releaseHistory(ref())).resolves.toEqual([]);
  });
});
