import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { restartDeployment } from '@mcp-kubernetes/plugin-mcp-kubernetes-node';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { examples } from './restart.examples';
import { parseStrict } from '../deployInput';
import { releaseTargetShape } from './input';
import { Day2ActionOptions, day2Deps, lockHolder } from './options';
import { inspectOwnedRelease, runOnOwnedRelease } from './ownedRelease';
import {
  noJournal,
  recordOperation,
} from '../../journal/OperationsJournalClient';

export const RESTART_ACTION_ID = 'mcp-kubernetes:restart';

const restartInputSchema = z.object(releaseTargetShape).strict();

/**
 * `mcp-kubernetes:restart`: a rollout restart of the install's Deployment
 * (the pod template annotation `kubectl.kubernetes.io/restartedAt`), so pods
 * read a rotated key. Only for the install's recorded owner.
 *
 * @public
 */
export function createRestartAction(
  options: Day2ActionOptions & {
    /** The patch (default: client-node strategic merge patch). */
    restart?: typeof restartDeployment;
  },
) {
  const deps = day2Deps(options);
  const restart = options.restart ?? restartDeployment;
  return createTemplateAction({
    id: RESTART_ACTION_ID,
    description:
      "Restarts the pods of an mcp-kubernetes install (rollout restart of its Deployment), e.g. so a rotated OAuth key is used. Only for members of the team recorded as the install's owner.",
    examples,
    supportsDryRun: true,
    schema: {
      input: () => restartInputSchema as any,
      output: {
        deploymentName: d => d.string().describe('The restarted Deployment'),
        restartedAt: d =>
          d
            .string()
            .optional()
            .describe(
              'Value written into the pod template annotation (absent in a dry run)',
            ),
      },
    },
    async handler(ctx) {
      const input = parseStrict(
        restartInputSchema,
        ctx.input,
        RESTART_ACTION_ID,
      );
      const target = input;
      const log = ctx.logger;
      const where = `${input.cluster}/${input.namespace}/${input.releaseName}`;
      const credentials = await ctx.getInitiatorCredentials();
      log.info(
        `Restarting the pods of ${where}${ctx.isDryRun ? ' as a dry run' : ''}`,
      );
      if (ctx.isDryRun) {
        const owned = await inspectOwnedRelease(deps, {
          target,
          credentials,
          operation: 'restart',
          signal: ctx.signal,
          log,
        });
        ctx.output('deploymentName', owned.deploymentName);
        log.info(
          `Dry run: would restart Deployment ${owned.deploymentName} (rollout restart); nothing was changed`,
        );
        return;
      }
      const done = await ctx.checkpoint({
        key: `mcp-kubernetes-restart.v1.${where}`,
        fn: () =>
          runOnOwnedRelease(
            deps,
            {
              target,
              credentials,
              operation: 'restart',
              eventId: 'release-restart',
              timeoutSeconds: 60,
              holder: lockHolder(ctx.task?.id, randomUUID()),
              signal: ctx.signal,
              log,
            },
            async owned => {
              log.info(
                `Restarting Deployment ${owned.deploymentName}: a new pod template annotation makes it replace its pods one by one`,
              );
              const r = await restart({
                kubeConfig: owned.kubeConfig,
                namespace: input.namespace,
                name: owned.deploymentName,
              });
              return {
                result: {
                  deploymentName: owned.deploymentName,
                  restartedAt: r.restartedAt,
                },
                auditMeta: {
                  deployment: owned.deploymentName,
                  restartedAt: r.restartedAt,
                },
              };
            },
          ),
      });
      await recordOperation(ctx, options.journal ?? noJournal, {
        cluster: input.cluster,
        namespace: input.namespace,
        release: input.releaseName,
        action: 'restart',
      });
      ctx.output('deploymentName', done.deploymentName);
      ctx.output('restartedAt', done.restartedAt);
      log.info(
        `Restart requested at ${done.restartedAt}; the card shows when every pod runs again`,
      );
    },
  });
}
