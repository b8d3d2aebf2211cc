import * as k8s from '@kubernetes/client-node';
import { RESTARTED_AT_ANNOTATION } from '@mcp-kubernetes/plugin-mcp-kubernetes-node';
import { describeIfRealCluster } from '@mcp-kubernetes/plugin-mcp-kubernetes-node/testUtils';
import {
  deployFormAnswers,
  engineOnCluster,
} from './__testUtils__/engineOnCluster';
import {
  realClusterSetup,
  uniqueSuffix,
} from './__testUtils__/realClusterConfig';
import {
  loadTemplateEntity,
  ScaffolderClient,
} from './__testUtils__/scaffolderBackend';

/**
 * templates/restart-mcp-kubernetes (and uninstall's refusal) through the REAL
 * scaffolder engine and its HTTP API onto the real API server: what a
 * person's "Create" (or an AI assistant's MCP call of the template) does. The
 * test backend's caller is user:default/mock, whose only ownership ref is
 * itself.
 */
jest.setTimeout(300_000);

describeIfRealCluster(
  'the day-2 templates through the real scaffolder',
  kubeconfigPath => {
    const suffix = uniqueSuffix();
    const namespace = `mcpk-tpl2-${suffix}`;
    const mine = `mcpk-mine-${suffix}`;
    const theirs = `mcpk-theirs-${suffix}`;
    const engine = engineOnCluster(kubeconfigPath, namespace);
    let setup: ReturnType<typeof realClusterSetup>;
    let scaffolder: ScaffolderClient;

    const deployAnswers = (name: string, owner: string) =>
      deployFormAnswers({
        name,
        description: 'MCP server',
        owner,
        cluster: setup.cluster,
        namespace,
      });
    const deployment = (name: string) =>
      setup.kubeConfig.makeApiClient(k8s.AppsV1Api).readNamespacedDeployment({
        name: `${name}-mcp-kubernetes`,
        namespace,
      });

    async function runTask(
      templateRef: string,
      values: Record<string, unknown>,
    ) {
      const created = await scaffolder.createTask(values, templateRef);
      expect(created.status).toBe(201);
      return scaffolder.waitForTask(created.body.id);
    }

    beforeAll(async () => {
      ({ setup, scaffolder } = await engine.start([
        loadTemplateEntity('restart-mcp-kubernetes'),
        loadTemplateEntity('uninstall-mcp-kubernetes'),
        loadTemplateEntity('upgrade-mcp-kubernetes'),
        loadTemplateEntity('rollback-mcp-kubernetes'),
      ]));
      // One install the caller owns, one another team owns.
      for (const [name, owner] of [
        [mine, 'user:default/mock'],
        [theirs, 'group:default/team-b'],
      ]) {
        const { task, messages } = await runTask(
          'template:default/deploy-mcp-kubernetes',
          deployAnswers(name, owner),
        );
        if (task.status !== 'completed') {
          throw new Error(
            `deploy of ${name} ${task.status}: ${messages.join('\n')}`,
          );
        }
      }
    });

    afterAll(() => engine.stop([mine, theirs]));

    it('the restart template restarts the Deployment of an install the caller owns', async () => {
      const before = await deployment(mine);
      expect(
        before.spec?.template.metadata?.annotations?.[RESTARTED_AT_ANNOTATION],
      ).toBeUndefined();
      const { task, messages } = await runTask(
        'template:default/restart-mcp-kubernetes',
        { cluster: setup.cluster, namespace, releaseName: mine },
      );
      expect({ status: task.status, messages }).toMatchObject({
        status: 'completed',
      });
      const after = await deployment(mine);
      const restartedAt =
        after.spec?.template.metadata?.annotations?.[RESTARTED_AT_ANNOTATION];
      expect(restartedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
      expect(task.output?.text?.[0]?.content).toContain(restartedAt);
      expect(messages.join('\n')).toContain(
        `Restarting Deployment ${mine}-mcp-kubernetes`,
      );
    });

    it('the upgrade template makes it large (revision 2); the rollback template returns to revision 1 as revision 3', async () => {
      const {
        description: _d,
        publish: _p,
        ...upgradeAnswers
      } = deployAnswers(mine, 'user:default/mock');
      const upgraded = await runTask(
        'template:default/upgrade-mcp-kubernetes',
        {
          ...upgradeAnswers,
          size: 'large',
        },
      );
      expect({
        status: upgraded.task.status,
        messages: upgraded.messages,
      }).toMatchObject({
        status: 'completed',
      });
      expect(upgraded.task.output?.text?.[0]?.content).toMatch(
        /\(upgrade, revision 2\)/,
      );
      expect((await deployment(mine)).spec?.replicas).toBe(3);

      const rolledBack = await runTask(
        'template:default/rollback-mcp-kubernetes',
        {
          cluster: setup.cluster,
          namespace,
          releaseName: mine,
          environment: 'development',
          revision: 1,
        },
      );
      expect({
        status: rolledBack.task.status,
        messages: rolledBack.messages,
      }).toMatchObject({ status: 'completed' });
      expect(rolledBack.task.output?.text?.[0]?.content).toMatch(
        /values of revision\s+1 again \(now revision\s+3, was\s+2\)/,
      );
      expect((await deployment(mine)).spec?.replicas).toBe(2);
    });

    it("restart and uninstall of another team's install fail the task and change nothing", async () => {
      const before = await deployment(theirs);
      const helmStarts = setup.helm.releaseStarts().length;
      const restart = await runTask('template:default/restart-mcp-kubernetes', {
        cluster: setup.cluster,
        namespace,
        releaseName: theirs,
      });
      const uninstall = await runTask(
        'template:default/uninstall-mcp-kubernetes',
        {
          cluster: setup.cluster,
          namespace,
          releaseName: theirs,
          confirm: theirs,
          deleteNamespace: false,
        },
      );
      for (const { task, messages } of [restart, uninstall]) {
        expect(task.status).toBe('failed');
        expect(messages.join('\n')).toContain(
          'is owned by group:default/team-b (recorded at install)',
        );
      }
      const after = await deployment(theirs);
      expect(after.metadata?.resourceVersion).toBe(
        before.metadata?.resourceVersion,
      );
      // Only reads reached helm (history, get values); no uninstall.
      const started = setup.helm.releaseStarts().slice(helmStarts);
      expect(
        started.filter(l => /^(uninstall|upgrade|rollback) /.test(l)),
      ).toEqual([]);
    });

    it('the scaffolder refuses a hostile release name before any step runs (400)', async () => {
      const helmStarts = setup.helm.releaseStarts().length;
      const res = await scaffolder.createTask(
        {
          cluster: setup.cluster,
          namespace,
          releaseName: 'x\n---\nkind: Secret',
        },
        'template:default/restart-mcp-kubernetes',
      );
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body.errors)).toMatch(/releaseName/);
      expect(setup.helm.releaseStarts().length).toBe(helmStarts);
    });
  },
);
