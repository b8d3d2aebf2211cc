import * as k8s from '@kubernetes/client-node';
import { MCP_KUBERNETES_RECORDED_ANNOTATIONS } from '@mcp-kubernetes/plugin-mcp-kubernetes-common';
import { describeIfRealCluster } from '@mcp-kubernetes/plugin-mcp-kubernetes-node/testUtils';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import {
  deployFormAnswers,
  engineOnCluster,
} from './__testUtils__/engineOnCluster';
import {
  realClusterSetup,
  uniqueSuffix,
} from './__testUtils__/realClusterConfig';
import { ScaffolderClient } from './__testUtils__/scaffolderBackend';

/**
 * templates/deploy-mcp-kubernetes through the REAL scaffolder engine
 * (@backstage/plugin-scaffolder-backend with our module), driven only through
 * its HTTP API, onto the real API server of MCPK_TEST_KUBECONFIG with real
 * helm 4. This is what a person's "Create" does; the action's unit tests call
 * the handler directly and cannot see what the engine hands it.
 */
jest.setTimeout(300_000);

describeIfRealCluster(
  'the deploy template through the real scaffolder',
  kubeconfigPath => {
    const suffix = uniqueSuffix();
    const namespace = `mcpk-tpl-${suffix}`;
    const name = `mcpk-tpl-${suffix}`;
    const engine = engineOnCluster(kubeconfigPath, namespace);
    let setup: ReturnType<typeof realClusterSetup>;
    let scaffolder: ScaffolderClient;

    /** What the form sends on Create when a person fills it in (publish left off). */
    const answers = () => ({
      ...deployFormAnswers({
        name,
        description: 'MCP server for team A',
        owner: 'group:default/team-a',
        cluster: setup.cluster,
        namespace,
      }),
      policyPreview: { replicaCount: 2 },
    });

    beforeAll(async () => {
      ({ setup, scaffolder } = await engine.start());
    });

    afterAll(() => engine.stop([name]));

    it('a dry run (POST /v2/dry-run) goes through every step and installs nothing', async () => {
      const before = setup.helm.releaseStarts().length;
      const res = await scaffolder.dryRun(answers());
      expect(res.status).toBe(200);
      const messages: string[] = res.body.log.map((l: any) => l.body.message);
      expect(messages.join('\n')).toMatch(/Dry run: would create or update/);
      // Only the render ran; no release command reached the cluster.
      const started = setup.helm.releaseStarts().slice(before);
      expect(started.length).toBeGreaterThan(0);
      expect(started.every(line => line.startsWith('template '))).toBe(true);
      // The skeleton rendered with the install annotations, and the local catalog step ran (dry).
      const file = res.body.directoryContents.find(
        (f: any) => f.path === 'catalog-info.yaml',
      );
      const entity = parse(
        Buffer.from(file.base64Content, 'base64').toString('utf8'),
      );
      expect(entity.metadata.annotations).toMatchObject({
        'mcp-kubernetes.io/cluster': setup.cluster,
        'mcp-kubernetes.io/namespace': namespace,
        'mcp-kubernetes.io/release': name,
      });
      expect(readdirSync(setup.catalogDir)).toEqual([]);
      await expect(
        setup.kubeConfig
          .makeApiClient(k8s.CoreV1Api)
          .readNamespace({ name: namespace }),
      ).rejects.toMatchObject({ code: 404 });
    });

    it('creates a task from the answers (POST /v2/tasks): release deployed, entity file written, outputs set', async () => {
      const created = await scaffolder.createTask(answers());
      expect(created).toMatchObject({ status: 201 });
      const { task, messages } = await scaffolder.waitForTask(created.body.id);
      expect({ status: task.status, log: messages }).toMatchObject({
        status: 'completed',
      });

      // Outputs: the local catalog link and the install text.
      expect(task.output?.links).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            title: 'Open in the catalog',
            entityRef: `component:default/${name}`,
          }),
        ]),
      );
      const text = task.output?.text?.[0]?.content ?? '';
      expect(text).toContain(`Release **${name}**`);
      expect(text).toContain(`${setup.cluster}/${namespace}`);
      expect(text).toMatch(/\(install, revision 1\)/);

      // The release, read back from the API server.
      const apps = setup.kubeConfig.makeApiClient(k8s.AppsV1Api);
      const deployments = await apps.listNamespacedDeployment({
        namespace,
        labelSelector: `app.kubernetes.io/instance=${name}`,
      });
      expect(deployments.items).toHaveLength(1);
      const deployment = deployments.items[0];
      expect(deployment.spec?.replicas).toBe(2); // size small
      expect(deployment.spec?.template.spec?.containers[0].image).toMatch(
        /:v0\.1\.0$/,
      );
      const recorded = deployment.metadata?.annotations ?? {};
      expect(recorded[MCP_KUBERNETES_RECORDED_ANNOTATIONS.entityRef]).toBe(
        `component:default/${name}`,
      );
      expect(recorded[MCP_KUBERNETES_RECORDED_ANNOTATIONS.owner]).toBe(
        'group:default/team-a',
      );
      const secrets = await setup.kubeConfig
        .makeApiClient(k8s.CoreV1Api)
        .listNamespacedSecret({
          namespace,
          labelSelector: `owner=helm,name=${name}`,
        });
      expect(
        secrets.items.map(s => [
          s.metadata?.labels?.status,
          s.metadata?.labels?.version,
        ]),
      ).toEqual([['deployed', '1']]);
      // access read-only: the ClusterRole grants no write verb.
      const roles = await setup.kubeConfig
        .makeApiClient(k8s.RbacAuthorizationV1Api)
        .listClusterRole({
          labelSelector: `app.kubernetes.io/instance=${name}`,
        });
      const verbs = new Set(
        roles.items.flatMap(r => (r.rules ?? []).flatMap(rule => rule.verbs)),
      );
      expect(verbs.size).toBeGreaterThan(0);
      expect(
        [...verbs].filter(v => !['get', 'list', 'watch'].includes(v)),
      ).toEqual([]);

      // The entity file, in the local catalog directory the portal reads.
      expect(readdirSync(setup.catalogDir)).toEqual([`default-${name}.yaml`]);
      const entity = parse(
        readFileSync(join(setup.catalogDir, `default-${name}.yaml`), 'utf8'),
      );
      expect(entity).toMatchObject({
        kind: 'Component',
        metadata: {
          name,
          annotations: {
            'mcp-kubernetes.io/cluster': setup.cluster,
            'mcp-kubernetes.io/namespace': namespace,
            'mcp-kubernetes.io/release': name,
            'mcp-kubernetes.io/environment': 'development',
          },
        },
        spec: { owner: 'group:default/team-a', lifecycle: 'experimental' },
      });

      // The log says what happened in words.
      expect(messages.join('\n')).toMatch(new RegExp(`Release .*${name}`));
    });

    it('refuses a hostile answer before any step runs, naming the field (400 from the scaffolder)', async () => {
      const before = setup.helm.releaseStarts().length;
      const res = await scaffolder.createTask({
        ...answers(),
        baseURL:
          'https://x/\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding',
      });
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body.errors)).toMatch(/baseURL/);
      expect(setup.helm.releaseStarts().length).toBe(before);
    });
  },
);
