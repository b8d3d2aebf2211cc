import {
  AuditorService,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  BACKSTAGE_KUBERNETES_ID_LABEL,
  deployAnswersSchema,
  MCP_KUBERNETES_ANNOTATIONS,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-common';
import {
  checkRenderedManifests,
  ClusterRegistry,
  HelmRunner,
  ManifestFinding,
  PolicyEngine,
  readDeploymentReadiness,
  RenderedManifests,
  readRecordedReleaseOwner,
  ValuesSchemaValidator,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-node';
import { randomUUID } from 'node:crypto';
import { InMemoryReleaseLocks, ReleaseLocks } from '../lock/releaseLock';
import {
  noJournal,
  OperationsJournalWriter,
  recordOperation,
} from '../journal/OperationsJournalClient';
import { isDeployTargetAllowed } from '../permissions/deployTarget';
import { examples } from './deploy.examples';
import { examples as upgradeExamples } from './day2/upgrade.examples';
import { withInstalledAnswers } from './installedAnswers';
import { DeployInput, parseDeployInput } from './deployInput';
import { checkAccess, DeployTargetAuthorizer } from './steps/access';
import { installRelease, InstallDeps } from './steps/install';
import { applyPolicy } from './steps/policy';
import { renderAndCheck } from './steps/render';
import { buildValidatedValues } from './steps/validate';

/** @public */
export interface DeployActionOptions {
  policyEngine: PolicyEngine;
  helmRunner: HelmRunner;
  clusterRegistry: ClusterRegistry;
  permissions: PermissionsService;
  /** Resolves the initiator's ownership refs (upgrades need ownership). */
  userInfo: UserInfoService;
  auditor?: AuditorService;
  /** The chart's values.schema.json. */
  valuesSchema: Record<string, unknown>;
  /**
   * The chart's values.yaml (`loadChartDefaults`). With it the values are validated merged
   * with the defaults, as helm does, and the render skips helm's duplicate validation.
   */
  chartDefaults?: Record<string, unknown>;
  /**
   * Rendered-manifest checks (default: PSS restricted + schema checks of the
   * -node library). `rendered` is the same text already tokenized, to share.
   */
  checkManifests?: (
    manifestsYaml: string,
    rendered: RenderedManifests,
  ) => ManifestFinding[];
  /** `--timeout` when the input has none (default 300 s). */
  defaultTimeoutSeconds?: number;
  /** Per-release locks across replicas (default: in-process only). */
  locks?: ReleaseLocks;
  /** Applies a conditional deploy decision to a target (default: this module's rules). */
  isDeployTargetAllowed?: DeployTargetAuthorizer;
  /** Reads the recorded owner of a live release (default: its Deployment's annotations). */
  readOwner?: InstallDeps['readOwner'];
  /** Replica counts for progress while helm waits (default: reads the Deployment); null turns it off. */
  readReadiness?: InstallDeps['readReadiness'] | null;
  /** Where finished installs and upgrades are journaled for the release history (default: nowhere). */
  journal?: OperationsJournalWriter;
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

/**
 * `mcp-kubernetes:deploy`: installs the chart from the typed answers of
 * `deployAnswersSchema`, in five named steps (access, validate, policy,
 * render and check, install). Nothing touches a cluster before every check
 * has passed.
 *
 * @public
 */
export function createDeployAction(options: DeployActionOptions) {
  return createChartAction(options, 'deploy');
}

/**
 * `mcp-kubernetes:upgrade`: the deploy's steps and checks on the same typed
 * answers (a new image tag or size), for a release that must exist already
 * and that the caller's teams own.
 *
 * @public
 */
export function createUpgradeAction(options: DeployActionOptions) {
  return createChartAction(options, 'upgrade');
}

function createChartAction(
  options: DeployActionOptions,
  mode: 'deploy' | 'upgrade',
) {
  const upgradeOnly = mode === 'upgrade';
  const { policyEngine, helmRunner, clusterRegistry, permissions } = options;
  const validator = ValuesSchemaValidator.create(options.valuesSchema);
  const checkManifests = options.checkManifests ?? checkRenderedManifests;
  const installDeps: InstallDeps = {
    helmRunner,
    clusterRegistry,
    permissions,
    locks: options.locks ?? new InMemoryReleaseLocks(),
    auditor: options.auditor,
    readOwner: options.readOwner ?? readRecordedReleaseOwner,
    readReadiness:
      options.readReadiness === null
        ? undefined
        : options.readReadiness ?? readDeploymentReadiness,
  };

  /**
   * An upgrade reads the release as installed: that it exists (the run checks again under the
   * lock) and the answers it was installed with, for the questions the caller left out.
   */
  const installedValues = async (input: DeployInput) => {
    const ref = {
      kubeConfig: clusterRegistry.getKubeConfig(input.cluster),
      release: input.releaseName,
      namespace: input.namespace,
    };
    const current = await helmRunner.releaseState(ref);
    if (!current) {
      throw new NotFoundError(
        `Release ${input.namespace}/${input.releaseName} does not exist on cluster ${input.cluster}; nothing to upgrade. Install it with the deploy template first.`,
      );
    }
    return helmRunner.getValues(ref);
  };

  return createTemplateAction({
    id: `mcp-kubernetes:${mode}`,
    description: upgradeOnly
      ? 'Upgrades an existing mcp-kubernetes install (e.g. a new image tag or size) from the same typed answers and checks as a deploy: your permission for the target, ownership recorded on the release, the chart schema, the company policy, the Pod Security Standards and the allow-list of objects.'
      : 'Installs or upgrades the mcp-kubernetes Helm chart on a registered cluster from typed answers, after checking your permission for the target, the chart schema, the company policy, the Pod Security Standards and that the render holds only objects of this release.',
    examples: upgradeOnly ? upgradeExamples : examples,
    supportsDryRun: true,
    schema: {
      // The one schema of the answers; the handler parses with it again.
      input: () => deployAnswersSchema as any,
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
      const log = ctx.logger;
      let raw = ctx.input as unknown as Record<string, unknown>;
      let input = parseDeployInput(raw);
      const where = `${input.cluster}/${input.namespace}/${input.releaseName}`;
      log.info(
        `${
          upgradeOnly ? 'Upgrading' : 'Deploying'
        } mcp-kubernetes release ${where} (environment ${input.environment})${
          ctx.isDryRun ? ' as a dry run' : ''
        }`,
      );
      const credentials = await ctx.getInitiatorCredentials();

      log.info('Step 1/5: checking the cluster and your permission');
      await checkAccess({
        input,
        credentials,
        permissions,
        clusterRegistry,
        isAllowed: options.isDeployTargetAllowed ?? isDeployTargetAllowed,
        // Own keys of what was sent (zod's copy may have dropped some).
        hasFreeValues:
          typeof raw.values === 'object' &&
          raw.values !== null &&
          Reflect.ownKeys(raw.values).length > 0,
        log,
      });

      if (upgradeOnly) {
        const installed = withInstalledAnswers(
          raw,
          await installedValues(input),
        );
        if (installed.kept.length > 0) {
          log.info(
            `Keeping what the release is installed with for the answers left out: ${installed.kept.join(
              ', ',
            )}`,
          );
          raw = installed.answers;
          input = parseDeployInput(raw);
        }
      }

      log.info('Step 2/5: building the chart values from your answers');
      // The raw object, not zod's copy: the guard sees every key as sent.
      const values = buildValidatedValues({
        input,
        rawValues: raw.values,
        validator,
        log,
      });

      log.info(`Step 3/5: applying the ${input.environment} policy`);
      const finalValues = applyPolicy({
        input,
        values,
        policyEngine,
        validator,
        chartDefaults: options.chartDefaults,
        log,
      });

      log.info(
        'Step 4/5: rendering the chart and checking the manifests (allow-list, Pod Security Standards restricted, schemas)',
      );
      const objects = await renderAndCheck({
        input,
        values: finalValues,
        helmRunner,
        checkManifests,
        schemaValidated: options.chartDefaults !== undefined,
        signal: ctx.signal,
        log,
      });

      ctx.output('cluster', input.cluster);
      ctx.output('namespace', input.namespace);
      ctx.output('releaseName', input.releaseName);
      ctx.output('annotations', installAnnotations(input));
      ctx.output(
        'objects',
        objects.map(o => `${o.kind}/${o.name}`),
      );

      if (ctx.isDryRun) {
        log.info(
          `Dry run: would create or update these ${objects.length} objects in ${input.cluster}/${input.namespace} with helm upgrade --install; nothing was changed`,
        );
        ctx.output('operation', 'dry-run');
        return;
      }

      log.info(
        `Step 5/5: helm upgrade --install ${input.releaseName} in ${where}${
          input.wait ? ', waiting for readiness (rolls back on failure)' : ''
        }`,
      );
      const timeoutSeconds =
        input.timeout ?? options.defaultTimeoutSeconds ?? 300;
      const result = await ctx.checkpoint({
        // A retried task skips a finished install instead of upgrading again.
        key: `mcp-kubernetes-${mode}.v1.${where}`,
        fn: () =>
          installRelease(installDeps, {
            input,
            values: finalValues,
            timeoutSeconds,
            holder: `${ctx.task?.id ?? 'task'}/${randomUUID()}`,
            credentials,
            ownershipRefs: async () =>
              (
                await options.userInfo.getUserInfo(credentials)
              ).ownershipEntityRefs,
            requireExisting: upgradeOnly,
            signal: ctx.signal,
            log,
          }),
      });
      log.info(
        `Release ${where} is ${result.status} at revision ${result.revision} (${result.operation})`,
      );
      await recordOperation(ctx, options.journal ?? noJournal, {
        cluster: input.cluster,
        namespace: input.namespace,
        release: input.releaseName,
        action: result.operation === 'install' ? 'deploy' : 'upgrade',
        revision: result.revision,
      });
      ctx.output('revision', result.revision);
      ctx.output('operation', result.operation);
    },
  });
}
