import * as k8s from '@kubernetes/client-node';
import { pinnedHelmPath } from '@mcp-kubernetes/plugin-mcp-kubernetes-node';
import {
  deleteTestNamespace,
  describeIfRealCluster,
  playControllers,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-node/testUtils';
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import {
  chartAllowList,
  objectKey,
  snapshotCluster,
  SnapshotObject,
} from './__testUtils__/clusterSnapshot';
import {
  composeChartValues,
  deployAnswersSchema,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-common';
import {
  answerCases,
  crossFieldCases,
  MUST_REFUSE,
  Payload,
  smuggledDocuments,
  valuesCases,
} from './__testUtils__/hostileInputs';
import {
  realClusterSetup,
  uniqueSuffix,
} from './__testUtils__/realClusterConfig';
import {
  Entity,
  loadTemplateEntity,
  ScaffolderClient,
  startScaffolder,
} from './__testUtils__/scaffolderBackend';

/**
 * The hostile-input suite, end to end: generated inputs over every answer of
 * templates/deploy-mcp-kubernetes and every chart values path, through the
 * real scaffolder's HTTP API (dry runs, and real tasks for a sample) onto the
 * real API server of MCPK_TEST_KUBECONFIG. Every refused input must name its
 * field and must not have started helm (counted by a logging helm wrapper);
 * afterwards nothing on the cluster may come from these inputs except the
 * chart's own objects for our releases.
 */
jest.setTimeout(20 * 60_000);

interface Outcome {
  refused: boolean;
  status: number;
  message: string;
  helmStarts: number;
}

const VALUES_TEMPLATE_REF = 'template:default/deploy-mcp-kubernetes-values';

/** A platform-team variant of the template that also passes free-form values (needs mcp-kubernetes.deploy.values). */
function templateWithValues(): Entity {
  const entity = loadTemplateEntity() as any;
  entity.metadata.name = 'deploy-mcp-kubernetes-values';
  const pages = entity.spec.parameters;
  pages[pages.length - 1].properties.values = {
    title: 'Chart values',
    type: 'object',
  };
  entity.spec.steps[0].input.values = '${{ parameters.values }}';
  return entity;
}

/** The action's names for answers the template renames (name → releaseName, entityName). */
const ACTION_NAMES: Record<string, string[]> = {
  name: ['releaseName', 'entityName'],
};

const PROTO_KEYS = ['__proto__', 'constructor', 'prototype'];

/**
 * Whether a refusal names the field as a whole token (so "name" is not
 * matched by "namespace"): the answer, the action's name for it, a values
 * path in full or by its last two segments, or a prototype key itself.
 */
function names(message: string, field: string): boolean {
  const segments = field.split('.');
  const candidates = [field, ...(ACTION_NAMES[field] ?? [])];
  if (segments.length > 2) candidates.push(segments.slice(-2).join('.'));
  if (PROTO_KEYS.includes(segments[segments.length - 1])) {
    candidates.push(segments[segments.length - 1]);
  }
  return candidates.some(c =>
    new RegExp(
      `(^|[^A-Za-z0-9_-])${c.replace(
        /[.*+?^${}()|[\]\\]/g,
        '\\$&',
      )}($|[^A-Za-z0-9_-])`,
    ).test(message),
  );
}

describeIfRealCluster(
  'hostile inputs through the real scaffolder onto the real API server',
  kubeconfigPath => {
    const suffix = uniqueSuffix();
    const marker = `mcpk-pwned-${suffix}`;
    const dryNamespace = `mcpk-hz-${suffix}`;
    let setup: ReturnType<typeof realClusterSetup>;
    let scaffolder: ScaffolderClient;
    let before: SnapshotObject[];
    /** Releases this suite really installed, by namespace (release = namespace). */
    const installed: string[] = [];
    const controllers: Array<{ stop(): Promise<void> }> = [];
    const started = Date.now();

    const base = (name = dryNamespace): Record<string, unknown> => ({
      name,
      description: 'hostile-input suite',
      owner: 'group:default/team-a',
      environment: 'development',
      cluster: setup.cluster,
      namespace: name,
      size: 'small',
      imageTag: 'v0.1.0',
      access: 'read-only',
      publish: false,
    });

    function describeError(res: { status: number; body: any }): string {
      if (Array.isArray(res.body?.errors)) {
        // The scaffolder's own JSON-schema check of the answers.
        // Named by their property path, or by the argument of a `required` error.
        return res.body.errors
          .map(
            (e: any) =>
              `${String(e.property).replace(/^instance\.?/, '')}${
                e.name === 'required' ? `.${e.argument}` : ''
              }: ${e.message}`,
          )
          .join('; ');
      }
      return String(res.body?.error?.message ?? JSON.stringify(res.body));
    }

    async function dryRun(
      values: Record<string, unknown>,
      template?: Entity,
    ): Promise<Outcome> {
      const helmBefore = setup.helm.releaseStarts().length;
      const res = await scaffolder.dryRun(values, template);
      const helmStarts = setup.helm.releaseStarts().length - helmBefore;
      if (res.status === 200) {
        return { refused: false, status: 200, message: '', helmStarts };
      }
      return {
        refused: true,
        status: res.status,
        message: describeError(res),
        helmStarts,
      };
    }

    /**
     * The scaffolder's own templating refuses prototype keys in parameters
     * before any action runs (upstream; a 500 naming the key). Nothing of
     * ours ran and helm did not start.
     */
    const UPSTREAM_RESERVED_KEY =
      /Template record key (__proto__|constructor|prototype) is reserved/;

    /**
     * Checks one outcome. `critical`: a refusal that is a 5xx, does not name
     * the field, or came after helm started; a must-refuse payload that got
     * through. `rendersFirst`: refused only after `helm template` ran (a
     * post-render check caught what a schema should have).
     */
    function judge(
      what: string,
      field: string,
      payload: Payload,
      outcome: Outcome,
      options: { dropped?: boolean; freeText?: boolean } = {},
    ): { critical?: string; rendersFirst?: string } {
      if (outcome.refused) {
        if (
          UPSTREAM_RESERVED_KEY.test(outcome.message) &&
          !outcome.helmStarts
        ) {
          return {};
        }
        if (outcome.status >= 500) {
          return {
            critical: `${what}: ${outcome.status} instead of a 4xx refusal: ${outcome.message}`,
          };
        }
        if (outcome.helmStarts > 0) {
          return {
            rendersFirst: `${what}: refused only after helm template ran${
              names(outcome.message, field) ? '' : ` (and not by ${field})`
            }: ${outcome.message}`,
          };
        }
        if (!names(outcome.message, field)) {
          return {
            critical: `${what}: refused without naming ${field}: ${outcome.message}`,
          };
        }
        return {};
      }
      // Accepted. Fine when the typed answers replace the value anyway, or
      // for map entries (annotations, labels) that the chart writes with
      // toYaml: the render was checked against the allow-list.
      if (
        MUST_REFUSE.has(payload.cls) &&
        !options.dropped &&
        !(options.freeText && payload.cls === 'yaml-document')
      ) {
        return { critical: `${what}: accepted a ${payload.cls} payload` };
      }
      return {};
    }

    /** Paths the typed answers (and the server) set: a free-form value there never reaches helm. */
    function typedPaths(): string[] {
      const b = base();
      const typed = composeChartValues(
        deployAnswersSchema.parse({
          cluster: b.cluster,
          namespace: b.namespace,
          releaseName: b.name,
          environment: b.environment,
          entityName: b.name,
          owner: b.owner,
          size: b.size,
          imageTag: b.imageTag,
          access: b.access,
        }),
      );
      const out: string[] = [];
      const walk = (o: Record<string, unknown>, p: string[]) => {
        for (const [k, v] of Object.entries(o)) {
          if (v && typeof v === 'object' && !Array.isArray(v)) {
            walk(v as Record<string, unknown>, [...p, k]);
          } else out.push([...p, k].join('.'));
        }
      };
      walk(typed, []);
      return out;
    }

    beforeAll(async () => {
      setup = realClusterSetup(kubeconfigPath);
      before = await snapshotCluster(setup.kubeConfig);
      scaffolder = await startScaffolder({
        config: setup.config,
        entities: [templateWithValues()],
      });
    });

    afterAll(async () => {
      await scaffolder?.backend.stop();
      await Promise.all(controllers.map(c => c.stop()));
      for (const release of installed) {
        try {
          execFileSync(
            pinnedHelmPath('v4'),
            [
              'uninstall',
              release,
              '-n',
              release,
              '--kubeconfig',
              kubeconfigPath,
            ],
            { stdio: 'ignore' },
          );
        } catch {
          // already gone
        }
        if (setup) {
          await deleteTestNamespace(setup.kubeConfig, release).catch(
            () => undefined,
          );
        }
      }
      if (setup) rmSync(setup.dir, { recursive: true, force: true });
      // eslint-disable-next-line no-console
      console.log(
        `hostile suite: ${((Date.now() - started) / 1000).toFixed(1)} s, ${
          setup?.helm.releaseStarts().length
        } helm starts in all`,
      );
    });

    it('every answer × every payload (dry runs): refused inputs name the field and never start helm', async () => {
      const cases = [
        ...answerCases(base(), marker),
        ...crossFieldCases(base()),
      ];
      const problems: string[] = [];
      let refused = 0;
      const t0 = Date.now();
      for (const c of cases) {
        const outcome = await dryRun(c.values);
        if (outcome.refused) refused++;
        const verdict = judge(
          `answer ${c.field} = ${c.payload.label}`,
          c.field,
          c.payload,
          outcome,
        );
        const problem = verdict.critical ?? verdict.rendersFirst;
        if (problem) problems.push(problem);
      }
      // eslint-disable-next-line no-console
      console.log(
        `answers: ${cases.length} inputs, ${refused} refused, ${
          cases.length - refused
        } accepted (dry run), ${((Date.now() - t0) / 1000).toFixed(1)} s`,
      );
      expect(problems).toEqual([]);
      // The cross-field cases are all refusals.
      expect(cases.length).toBeGreaterThanOrEqual(500);
    });

    const valuesRendersFirst: string[] = [];

    it('every chart values path × payload, with the values permission granted (dry runs): refused inputs name the path, nothing hostile gets through', async () => {
      const template = templateWithValues();
      const cases = valuesCases(marker);
      const typed = typedPaths();
      const problems: string[] = [];
      let refused = 0;
      const t0 = Date.now();
      for (const c of cases) {
        const outcome = await dryRun({ ...base(), values: c.values }, template);
        if (outcome.refused) refused++;
        const verdict = judge(
          `values.${c.path} = ${c.payload.label}`,
          c.path,
          c.payload,
          outcome,
          {
            dropped: typed.some(
              t => c.path === t || c.path.startsWith(`${t}.`),
            ),
            freeText: c.path.endsWith('.injected-key'),
          },
        );
        if (verdict.critical) problems.push(verdict.critical);
        if (verdict.rendersFirst) valuesRendersFirst.push(verdict.rendersFirst);
      }
      // eslint-disable-next-line no-console
      console.log(
        `values: ${cases.length} inputs, ${refused} refused (${
          valuesRendersFirst.length
        } of them only after rendering), ${
          cases.length - refused
        } accepted (dry run), ${((Date.now() - t0) / 1000).toFixed(1)} s`,
      );
      expect(problems).toEqual([]);
      expect(cases.length).toBeGreaterThanOrEqual(300);
    });

    it('every refused values input is refused before helm even renders (schema first, render checks only as a backstop)', () => {
      expect(valuesRendersFirst).toEqual([]);
    });

    it('real tasks (POST /v2/tasks): refused answers never start a task; accepted hostile-looking ones install only the chart', async () => {
      // A sample of refused inputs through the task path too: 400 before any task exists.
      const sample = answerCases(base(), marker).filter(
        (c, i) => MUST_REFUSE.has(c.payload.cls) && i % 7 === 0,
      );
      const helmBefore = setup.helm.releaseStarts().length;
      for (const c of sample) {
        const res = await scaffolder.createTask(c.values);
        expect({ field: c.field, status: res.status }).toEqual({
          field: c.field,
          status: 400,
        });
        expect(names(describeError(res), c.field)).toBe(true);
      }
      expect(setup.helm.releaseStarts().length).toBe(helmBefore);

      // Refused by the action (cross-field rule the form schema cannot express): task fails, no helm.
      const crossField = await scaffolder.createTask({
        ...base(),
        oauthEnabled: true,
      });
      expect(crossField.status).toBe(201);
      const failed = await scaffolder.waitForTask(crossField.body.id);
      expect(failed.task.status).toBe('failed');
      expect(failed.messages.join('\n')).toMatch(/baseURL/);
      expect(setup.helm.releaseStarts().length).toBe(helmBefore);

      // Accepted inputs that look hostile but are valid: installed for real.
      const accepted: Array<Record<string, unknown>> = [
        {
          description: `look-alike m\u0441p ${'${{ secrets.backstageToken }}'} {{ .Release.Name }} %2e%2e __proto__`,
        },
        {
          oauthEnabled: true,
          baseURL:
            'https://mcp.example.com/%2e%2e/%2e%2e/api/v1/namespaces/kube-system/secrets',
          existingSecret: 'constructor.prototype',
        },
        {
          ingressEnabled: true,
          ingressHost: 'xn--mcp-8cd.example.com',
          tlsSecretName: 'a.b.c',
        },
      ];
      // And free-form values (platform template): YAML documents inside an annotation value stay a value.
      const acceptedValues: Array<Record<string, unknown>> = [
        {
          podAnnotations: { note: `x\n${smuggledDocuments(marker)}` },
          serviceAccount: { annotations: { note: '%2e%2e/%2e%2e' } },
        },
      ];
      const runs = [
        ...accepted.map(extra => ({ extra, templateRef: undefined })),
        ...acceptedValues.map(values => ({
          extra: { values },
          templateRef: VALUES_TEMPLATE_REF,
        })),
      ];
      for (const [i, { extra, templateRef }] of runs.entries()) {
        const release = `mcpk-hz${i}-${suffix}`;
        controllers.push(
          playControllers({ kubeConfig: setup.kubeConfig, namespace: release }),
        );
        installed.push(release);
        const res = await scaffolder.createTask(
          { ...base(release), ...extra },
          templateRef,
        );
        expect(res.status).toBe(201);
        const done = await scaffolder.waitForTask(res.body.id);
        // On failure the last log lines say why.
        expect({
          release,
          status: done.task.status,
          log:
            done.task.status === 'completed'
              ? []
              : done.messages.filter(m => !/^Skipping step/.test(m)).slice(-4),
        }).toEqual({ release, status: 'completed', log: [] });
      }
      // The YAML documents stayed inside the annotation value, byte for byte.
      const valuesRelease = installed[installed.length - 1];
      const [deployment] = (
        await setup.kubeConfig
          .makeApiClient(k8s.AppsV1Api)
          .listNamespacedDeployment({ namespace: valuesRelease })
      ).items;
      expect(deployment.spec?.template.metadata?.annotations?.note).toBe(
        `x\n${smuggledDocuments(marker)}`,
      );
      // Every install really ran helm upgrade --install (and nothing else touched a release).
      expect(
        setup.helm
          .releaseStarts()
          .slice(helmBefore)
          .filter(line => /^upgrade /.test(line)).length,
      ).toBe(runs.length);
    });

    it('afterwards the cluster holds nothing from these inputs outside the chart allow-list', async () => {
      const after = await snapshotCluster(setup.kubeConfig);
      const beforeKeys = new Set(before.map(objectKey));
      const added = after.filter(o => !beforeKeys.has(objectKey(o)));
      // Nothing anywhere carries the marker the smuggled documents were named with.
      expect(after.filter(o => o.name.includes(marker)).map(objectKey)).toEqual(
        [],
      );
      // Everything in our namespaces, or applied by helm for our releases, is the chart's own.
      const ours = (o: SnapshotObject) =>
        installed.includes(o.namespace) ||
        (o.kind === 'Namespace' && installed.includes(o.name)) ||
        installed.includes(o.releaseNamespace ?? '') ||
        installed.includes(o.releaseName ?? '') ||
        o.namespace === dryNamespace ||
        o.name.includes(suffix);
      const outside = added
        .filter(ours)
        .filter(
          o => !installed.some(release => chartAllowList(release, release)(o)),
        )
        .map(objectKey);
      expect(outside).toEqual([]);
      // The check sees the installs: one ClusterRole (and binding) per release, attributed to it.
      expect(
        added.filter(ours).filter(o => o.kind === 'ClusterRole').length,
      ).toBe(installed.length);
      // The dry runs created nothing at all (not even their namespace).
      expect(
        after.filter(
          o => o.namespace === dryNamespace || o.name === dryNamespace,
        ),
      ).toEqual([]);
      // And the real installs made exactly the chart's objects: a Deployment each.
      for (const release of installed) {
        expect(
          after.filter(o => o.kind === 'Deployment' && o.namespace === release)
            .length,
        ).toBe(1);
      }
    });
  },
);
