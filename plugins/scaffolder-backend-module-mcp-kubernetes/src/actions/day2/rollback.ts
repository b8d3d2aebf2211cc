import {
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  ENVIRONMENT_NAME,
  mcpKubernetesDeployPermission,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-common';
import {
  HelmRunner,
  PolicyEngine,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-node';
import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod';
import { isDeployTargetAllowed } from '../../permissions/deployTarget';
import { DeployTargetAuthorizer } from '../steps/access';
import { judgeValues } from '../steps/policy';
import { parseStrict } from '../deployInput';
import { releaseTargetShape, timeoutField } from './input';
import { Day2ActionOptions, day2Deps, lockHolder } from './options';
import {
  inspectOwnedRelease,
  OwnedRelease,
  runOnOwnedRelease,
} from './ownedRelease';
import { examples } from './rollback.examples';
import {
  noJournal,
  recordOperation,
} from '../../journal/OperationsJournalClient';

export const ROLLBACK_ACTION_ID = 'mcp-kubernetes:rollback';

const rollbackInputSchema = z
  .object({
    ...releaseTargetShape,
    revision: z
      .number({
        required_error: 'revision is required',
        invalid_type_error: 'revision must be a number',
      })
      .int('revision must be a whole number')
      .min(1, 'revision must be at least 1')
      .max(1_000_000, 'revision must be at most 1000000')
      .describe('The earlier helm revision to return to (see helm history)'),
    environment: z
      .string({ required_error: 'environment is required' })
      .max(63, 'environment must be at most 63 characters')
      .regex(
        ENVIRONMENT_NAME,
        'environment must be a policy environment name, e.g. production',
      )
      .describe("Whose policy the revision's values must pass today"),
    timeout: timeoutField,
  })
  .strict();

type RollbackInput = z.output<typeof rollbackInputSchema>;

/**
 * `mcp-kubernetes:rollback`: returns an install to an earlier helm revision,
 * after today's policy of the environment has passed that revision's values
 * (`helm get values --revision N`), unchanged: a revision the policy would
 * refuse or fix is not rolled back to (deploy new answers instead).
 *
 * @public
 */
export function createRollbackAction(
  options: Day2ActionOptions & {
    policyEngine: PolicyEngine;
    permissions: PermissionsService;
    isDeployTargetAllowed?: DeployTargetAuthorizer;
  },
) {
  const deps = day2Deps(options);
  const { policyEngine, helmRunner } = options;
  return createTemplateAction({
    id: ROLLBACK_ACTION_ID,
    description:
      "Rolls an mcp-kubernetes install back to an earlier helm revision, after checking that revision's values against today's policy of the environment. Only for members of the team recorded as the install's owner.",
    examples,
    supportsDryRun: true,
    schema: {
      input: () => rollbackInputSchema as any,
      output: {
        revision: s =>
          s
            .number()
            .optional()
            .describe('The new revision (absent in a dry run)'),
        rolledBackTo: s =>
          s.number().describe('The revision whose values now run'),
        previousRevision: s =>
          s.number().describe('The revision before the rollback'),
      },
    },
    async handler(ctx) {
      const input = parseStrict(
        rollbackInputSchema,
        ctx.input,
        ROLLBACK_ACTION_ID,
      );
      const log = ctx.logger;
      const where = `${input.cluster}/${input.namespace}/${input.releaseName}`;
      const credentials = await ctx.getInitiatorCredentials();
      log.info(
        `Rolling ${where} back to revision ${input.revision}${
          ctx.isDryRun ? ' as a dry run' : ''
        }`,
      );
      // A rollback installs old values: the same permission as a deploy to this target.
      const [decision] = await options.permissions.authorizeConditional(
        [{ permission: mcpKubernetesDeployPermission }],
        { credentials },
      );
      if (
        !(options.isDeployTargetAllowed ?? isDeployTargetAllowed)(decision, {
          cluster: input.cluster,
          namespace: input.namespace,
          environment: input.environment,
        })
      ) {
        throw new NotAllowedError(
          `You are not allowed to deploy mcp-kubernetes to cluster ${input.cluster}, namespace ${input.namespace} (environment ${input.environment}) (permission ${mcpKubernetesDeployPermission.name}), so you may not roll it back either`,
        );
      }

      const check = async (owned: OwnedRelease) => {
        await checkRevision({ helmRunner, policyEngine, input, owned, log });
        return owned.state.revision;
      };
      const inspect = {
        target: input,
        credentials,
        operation: 'roll back',
        signal: ctx.signal,
        log,
      };
      if (ctx.isDryRun) {
        const previous = await check(await inspectOwnedRelease(deps, inspect));
        ctx.output('rolledBackTo', input.revision);
        ctx.output('previousRevision', previous);
        log.info(
          `Dry run: would roll ${where} back from revision ${previous} to ${input.revision}; nothing was changed`,
        );
        return;
      }
      const timeoutSeconds =
        input.timeout ?? options.defaultTimeoutSeconds ?? 300;
      const done = await ctx.checkpoint({
        key: `mcp-kubernetes-rollback.v1.${where}.${input.revision}`,
        fn: () =>
          runOnOwnedRelease(
            deps,
            {
              ...inspect,
              eventId: 'release-rollback',
              meta: { environment: input.environment, to: input.revision },
              timeoutSeconds,
              holder: lockHolder(ctx.task?.id, randomUUID()),
            },
            async owned => {
              const previous = await check(owned);
              log.info(
                `helm rollback to revision ${input.revision}, waiting for readiness`,
              );
              await helmRunner.rollback({
                kubeConfig: owned.kubeConfig,
                release: input.releaseName,
                namespace: input.namespace,
                revision: input.revision,
                timeoutSeconds,
                signal: ctx.signal,
              });
              const after = await helmRunner.releaseState({
                kubeConfig: owned.kubeConfig,
                release: input.releaseName,
                namespace: input.namespace,
                signal: ctx.signal,
              });
              const revision = after?.revision ?? previous + 1;
              return {
                result: { revision, previous },
                auditMeta: { from: previous, revision },
              };
            },
          ),
      });
      await recordOperation(ctx, options.journal ?? noJournal, {
        cluster: input.cluster,
        namespace: input.namespace,
        release: input.releaseName,
        action: 'rollback',
        revision: done.revision,
        rolledBackTo: input.revision,
      });
      ctx.output('revision', done.revision);
      ctx.output('rolledBackTo', input.revision);
      ctx.output('previousRevision', done.previous);
      log.info(
        `Rolled back: revision ${done.revision} runs the values of revision ${input.revision}`,
      );
    },
  });
}

/** The revision exists, is not the current one, and today's policy passes its values unchanged. */
async function checkRevision(opts: {
  helmRunner: HelmRunner;
  policyEngine: PolicyEngine;
  input: RollbackInput;
  owned: OwnedRelease;
  log: LoggerService;
}): Promise<void> {
  const { input, owned, log } = opts;
  const ref = {
    kubeConfig: owned.kubeConfig,
    release: input.releaseName,
    namespace: input.namespace,
  };
  const history = await opts.helmRunner.releaseHistory(ref);
  if (!history.some(h => h.revision === input.revision)) {
    throw new InputError(
      `revision: release ${input.namespace}/${
        input.releaseName
      } has no revision ${input.revision}; helm keeps revisions ${history
        .map(h => h.revision)
        .join(', ')}`,
    );
  }
  if (input.revision === owned.state.revision) {
    throw new InputError(
      `revision: ${input.revision} is the current revision of ${input.namespace}/${input.releaseName}; pick an earlier one`,
    );
  }
  log.info(
    `Checking the values of revision ${input.revision} against today's ${input.environment} policy`,
  );
  const values = await opts.helmRunner.getValues({
    ...ref,
    revision: input.revision,
  });
  const effective = judgeValues({
    policyEngine: opts.policyEngine,
    target: input,
    values,
    log,
    refused: `nothing was rolled back to revision ${input.revision}`,
  });
  if (!isDeepStrictEqual(effective, values)) {
    throw new InputError(
      `Today's ${input.environment} policy would change the values of revision ${input.revision} (it forces values that revision lacks), so it cannot be rolled back to as it is; nothing was changed. Deploy an upgrade with the answers you want instead.`,
    );
  }
}
