import {
  HelmExec,
  spawnHelm,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-node';
import { parse } from 'yaml';
import { createHarness, installedReleaseExec } from '../__testUtils__/harness';
import { createDay2Harness } from './__testUtils__/day2Harness';
import { examples as restartExamples } from './restart.examples';
import { examples as rollbackExamples } from './rollback.examples';
import { examples as uninstallExamples } from './uninstall.examples';
import { examples as upgradeExamples } from './upgrade.examples';

jest.setTimeout(60_000);

const stepOf = (e: { example: string }) => parse(e.example).steps[0];

describe('day-2 action examples', () => {
  it.each([
    ...restartExamples.map(e => ['restart', e] as const),
    ...rollbackExamples.map(e => ['rollback', e] as const),
    ...uninstallExamples.map(e => ['uninstall', e] as const),
  ])(
    '%s example runs through the handler (dry run)',
    async (action, example) => {
      const step = stepOf(example);
      expect(step.action).toBe(`mcp-kubernetes:${action}`);
      // A release at revision 3 whose earlier revisions a deploy made.
      const values = { replicaCount: 2, rbac: { readOnly: true } };
      const h = await createDay2Harness({
        release: {
          history: [1, 2, 3].map(revision => ({
            revision,
            status: revision === 3 ? 'deployed' : 'superseded',
          })),
          values: { 1: values, 2: values, 3: values },
        },
      });
      const { error } = await h.run(action, step.input, { isDryRun: true });
      // Checking for other releases in the namespace needs a cluster (the real-cluster suite runs it).
      let outcome = 'ok';
      if (error) {
        outcome = /ECONNREFUSED|127\.0\.0\.1:1|connect/.test(error.message)
          ? 'needs a cluster'
          : error.message;
      }
      expect(outcome).toBe(
        step.input.deleteNamespace ? 'needs a cluster' : 'ok',
      );
      expect(h.writes()).toEqual([]);
    },
  );

  /** history answered at the process boundary (the release exists); template is real helm. */
  it.each(upgradeExamples.map(e => [e.description, e] as const))(
    'upgrade: %s runs through the handler (dry run)',
    async (_d, example) => {
      const step = stepOf(example);
      expect(step.action).toBe('mcp-kubernetes:upgrade');
      const h = await createHarness({
        upgrade: true,
        answer: installedReleaseExec(),
      });
      const { error, outputs } = await h.run(step.input, { isDryRun: true });
      expect(error).toBeUndefined();
      expect(outputs.operation).toBe('dry-run');
    },
  );
});

describe('mcp-kubernetes:upgrade', () => {
  const answers = {
    cluster: 'dev-cluster',
    namespace: 'mcp-team-a',
    releaseName: 'mcp-team-a',
    environment: 'development',
    owner: 'group:default/team-a',
    imageTag: 'v0.2.0',
  };
  const missing: HelmExec = async req =>
    req.args[0] === 'history'
      ? {
          code: 1,
          stdout: '',
          stderr: 'Error: release: not found',
          timedOut: false,
        }
      : spawnHelm(req);

  it.each([true, false])(
    'refuses a release that does not exist (dry run %p); nothing installed',
    async isDryRun => {
      const h = await createHarness({ upgrade: true, answer: missing });
      const { error } = await h.run(answers, { isDryRun });
      expect(error?.name).toBe('NotFoundError');
      expect(error?.message).toContain('nothing to upgrade');
      expect(h.calls.some(c => c.args[0] === 'upgrade')).toBe(false);
      expect(h.auditEvents).toEqual([]);
    },
  );

  it('keeps what is installed for the answers an upgrade leaves out (ingress stays on)', async () => {
    const h = await createHarness({
      upgrade: true,
      answer: installedReleaseExec({
        ingress: {
          enabled: true,
          hosts: [{ host: 'mcp.example.com', paths: [{ path: '/' }] }],
        },
      }),
    });
    const { error, outputs, log } = await h.run(answers, { isDryRun: true });
    expect(error).toBeUndefined();
    expect(log.join('\n')).toMatch(
      /Keeping what the release is installed with for the answers left out: .*ingressEnabled, .*ingressHost/,
    );
    expect(outputs.objects).toContain('Ingress/mcp-team-a-mcp-kubernetes');
  });

  it('goes through the same checks as a deploy (policy refusal names the rule)', async () => {
    const h = await createHarness({
      upgrade: true,
      answer: installedReleaseExec(),
    });
    const { error } = await h.run({ ...answers, imageTag: 'latest' });
    expect(error?.name).toBe('InputError');
    expect(error?.message).toContain('[image.pinned-tag]');
    expect(h.calls.some(c => c.args[0] === 'upgrade')).toBe(false);
  });

  it("refuses another team's upgrade before helm upgrade runs", async () => {
    const h = await createHarness({
      upgrade: true,
      answer: installedReleaseExec(),
      ownershipRefs: ['group:default/team-b'],
    });
    const { error } = await h.run(answers);
    expect(error?.name).toBe('NotAllowedError');
    expect(error?.message).toContain('is owned by group:default/team-a');
    expect(h.calls.some(c => c.args[0] === 'upgrade')).toBe(false);
  });
});
