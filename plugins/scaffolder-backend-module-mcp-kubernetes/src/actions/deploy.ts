import {
  AuditorService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  BACKSTAGE_KUBERNETES_ID_LABEL,
  MCP_KUBERNETES_ANNOTATIONS,
  mcpKubernetesDeployPermission,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-common';
import {
  checkRenderedManifests,
  ClusterRegistry,
  HelmCommandError,
  HelmRunner,
  ManifestFinding,
  PolicyEngine,
  ValuesSchemaValidator,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-node';
import { examples } from './deploy.examples';
import { DeployInput, MAX_RELEASE_NAME, parseDeployInput } from './deployInput';
import { describeObjects, summarizeManifests } from './manifestSummary';
import { guardValues } from './valuesGuard';

/** @public */
export interface DeployActionOptions {
  policyEngine: PolicyEngine;
  helmRunner: HelmRunner;
  clusterRegistry: ClusterRegistry;
  permissions: PermissionsService;
  auditor?: AuditorService;
  /** The chart's values.schema.json. */
  valuesSchema: Record<string, unknown>;
  /** Rendered-manifest checks (default: PSS restricted + schema checks of the -node library). */
  checkManifests?: (manifestsYaml: string) => ManifestFinding[];
  /** `--timeout` when the input has none (default 300 s). */
  defaultTimeoutSeconds?: number;
}

/** The catalog annotations that tie the entity to this install (the skeleton writes the same). */
export function installAnnotations(input: DeployInput): Record<string, string> {
  return {
    [MCP_KUBERNETES_ANNOTATIONS.cluster]: input.cluster,
    [MCP_KUBERNETES_ANNOTATIONS.namespace]: input.namespace,
    [MCP_KUBERNETES_ANNOTATIONS.release]: input.releaseName,
    [MCP_KUBERNETES_ANNOTATIONS.environment]: input.environment,
    [BACKSTAGE_KUBERNETES_ID_LABEL]: input.releaseName,
  };
}

function listFindings(findings: ManifestFinding[]): string {
  return findings
    .map(
      f =>
        `${f.kind}/${f.name}${f.path ? ` ${f.path}` : ''} [${f.rule}]: ${
          f.message
        }`,
    )
    .join('; ');
}

/**
 * `mcp-kubernetes:deploy`: validates, applies the company policy, renders and
 * checks the chart, then installs it with helm. Nothing touches a cluster
 * before every check has passed.
 *
 * @public
 */
export function createDeployAction(options: DeployActionOptions) {
  const { policyEngine, helmRunner, clusterRegistry, permissions, auditor } =
    options;
  const validator = ValuesSchemaValidator.create(options.valuesSchema);
  const checkManifests = options.checkManifests ?? checkRenderedManifests;

  return createTemplateAction({
    id: 'mcp-kubernetes:deploy',
    description:
      'Installs or upgrades the mcp-kubernetes Helm chart on a registered cluster, after checking the values against the chart schema, the company policy and the Pod Security Standards.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        cluster: z =>
          z
            .string()
            .describe(
              'Cluster name as configured in the backend (see the cluster picker)',
            ),
        namespace: z =>
          z
            .string()
            .describe(
              'Namespace to install into (DNS-1123 label, created if missing)',
            ),
        releaseName: z =>
          z
            .string()
            .describe(
              `Helm release name (DNS-1123 label, at most ${MAX_RELEASE_NAME} characters)`,
            ),
        environment: z =>
          z
            .string()
            .describe(
              'Policy environment, e.g. development, staging or production',
            ),
        values: z =>
          z
            .record(z.unknown())
            .optional()
            .describe(
              'Chart values (objects, not --set strings); the policy may fix some',
            ),
        timeout: z =>
          z
            .union([z.number(), z.string()])
            .optional()
            .describe(
              'How long helm waits, seconds or a duration like 5m (30s to 1h; default 5m)',
            ),
        wait: z =>
          z
            .boolean()
            .optional()
            .describe(
              'Wait until the install is ready and roll back on failure (default true)',
            ),
        entityName: z =>
          z
            .string()
            .optional()
            .describe('Name of the catalog entity the install belongs to'),
        owner: z =>
          z
            .string()
            .optional()
            .describe('Owner of that entity, e.g. group:default/team-a'),
      },
      output: {
        cluster: z => z.string(),
        namespace: z => z.string(),
        releaseName: z => z.string(),
        revision: z =>
          z
            .number()
            .optional()
            .describe('Helm revision after the install (absent in a dry run)'),
        operation: z => z.enum(['install', 'upgrade', 'dry-run']),
        annotations: z =>
          z.record(z.string()).describe('Catalog annotations for the entity'),
        objects: z =>
          z
            .array(z.string())
            .describe('Kind/name of every object the chart renders'),
      },
    },
    async handler(ctx) {
      const log: LoggerService = ctx.logger;
      const input = parseDeployInput(ctx.input);
      const where = `${input.cluster}/${input.namespace}/${input.releaseName}`;
      log.info(
        `Deploying mcp-kubernetes release ${where} (environment ${
          input.environment
        })${ctx.isDryRun ? ' as a dry run' : ''}`,
      );

      log.info('Step 1/5: checking the cluster and your permission');
      if (!clusterRegistry.has(input.cluster)) {
        const known = clusterRegistry.listClusters().map(c => c.name);
        throw new InputError(
          `cluster: unknown cluster "${input.cluster}"; configured clusters: ${
            known.join(', ') || '(none)'
          }`,
        );
      }
      const [decision] = await permissions.authorize(
        [{ permission: mcpKubernetesDeployPermission }],
        {
          credentials: await ctx.getInitiatorCredentials(),
        },
      );
      if (decision.result !== AuthorizeResult.ALLOW) {
        throw new NotAllowedError(
          `You are not allowed to deploy mcp-kubernetes (permission ${mcpKubernetesDeployPermission.name})`,
        );
      }

      log.info('Step 2/5: validating values against the chart schema');
      guardValues(input.values);
      validator.check(input.values);

      log.info(`Step 3/5: applying the ${input.environment} policy`);
      const evaluation = policyEngine.evaluate({
        environment: input.environment,
        cluster: input.cluster,
        namespace: input.namespace,
        values: input.values,
      });
      if (!evaluation.allowed) {
        for (const v of evaluation.violations) {
          log.error(
            `Policy ${v.ruleId} at ${v.path}: ${v.message} Fix: ${v.hint}`,
          );
        }
        throw new InputError(
          `The ${input.environment} policy refuses these values (${
            evaluation.violations.length
          } violation(s), nothing was deployed): ${evaluation.violations
            .map(v => `[${v.ruleId}] ${v.path}: ${v.message}`)
            .join(' ')}`,
        );
      }
      // Fixed values may change what the schema sees (e.g. policy-forced keys).
      validator.check(evaluation.effectiveValues);

      log.info(
        'Step 4/5: rendering the chart and checking the manifests (Pod Security Standards restricted, schemas)',
      );
      const { manifests } = await helmRunner.template({
        release: input.releaseName,
        namespace: input.namespace,
        values: evaluation.effectiveValues,
        signal: ctx.signal,
      });
      const findings = checkManifests(manifests);
      if (findings.length) {
        throw new InputError(
          `The rendered chart fails ${
            findings.length
          } manifest check(s), nothing was deployed: ${listFindings(findings)}`,
        );
      }
      const objects = summarizeManifests(manifests);
      const objectNames = objects.map(o => `${o.kind}/${o.name}`);
      log.info(
        `Rendered ${objects.length} objects: ${describeObjects(objects)}`,
      );

      const annotations = installAnnotations(input);
      ctx.output('cluster', input.cluster);
      ctx.output('namespace', input.namespace);
      ctx.output('releaseName', input.releaseName);
      ctx.output('annotations', annotations);
      ctx.output('objects', objectNames);

      if (ctx.isDryRun) {
        log.info(
          `Dry run: would create or update these ${objects.length} objects in ${input.cluster}/${input.namespace} with helm upgrade --install; nothing was changed`,
        );
        ctx.output('operation', 'dry-run');
        return;
      }

      log.info(
        `Step 5/5: helm upgrade --install ${input.releaseName} in ${
          input.cluster
        }/${input.namespace}${
          input.wait ? ', waiting for readiness (rolls back on failure)' : ''
        }`,
      );
      const timeoutSeconds =
        input.timeout ?? options.defaultTimeoutSeconds ?? 300;
      const result = await ctx.checkpoint({
        // A retried task skips a finished install instead of upgrading again.
        key: `mcp-kubernetes-deploy.v1.${where}`,
        fn: async () => {
          const kubeConfig = clusterRegistry.getKubeConfig(input.cluster);
          const current = await helmRunner.releaseState({
            kubeConfig,
            release: input.releaseName,
            namespace: input.namespace,
            signal: ctx.signal,
          });
          const operation = current ? 'upgrade' : 'install';
          const meta = {
            cluster: input.cluster,
            namespace: input.namespace,
            release: input.releaseName,
            environment: input.environment,
            operation,
          };
          const event = await auditor?.createEvent({
            eventId: `release-${operation}`,
            severityLevel: 'medium',
            meta,
          });
          try {
            const done = await helmRunner.upgradeInstall({
              kubeConfig,
              release: input.releaseName,
              namespace: input.namespace,
              values: evaluation.effectiveValues,
              timeoutSeconds,
              wait: input.wait,
              signal: ctx.signal,
              onProgress: line => log.info(`helm: ${line}`),
            });
            await event?.success({ meta: { revision: done.revision } });
            return {
              revision: done.revision,
              operation: done.operation,
              status: done.status,
            };
          } catch (e) {
            await event?.fail({ error: e as Error });
            if (e instanceof HelmCommandError && e.rolledBack) {
              const rollback = await auditor?.createEvent({
                eventId: 'release-rollback',
                severityLevel: 'medium',
                meta: { ...meta, reason: `failed ${operation}` },
              });
              await rollback?.success({
                meta: { revision: current?.revision ?? null },
              });
            }
            throw e;
          }
        },
      });
      log.info(
        `Release ${where} is ${result.status} at revision ${result.revision} (${result.operation})`,
      );
      ctx.output('revision', result.revision);
      ctx.output('operation', result.operation as 'install' | 'upgrade');
    },
  });
}
