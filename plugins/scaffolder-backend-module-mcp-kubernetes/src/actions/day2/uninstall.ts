import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  deleteNamespace,
  otherHelmReleasesIn,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-node';
import { promises as fs } from 'node:fs';
import { resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { findOurEntityFile } from './entityFile';
import { parseStrict } from '../deployInput';
import { releaseTargetShape, timeoutField } from './input';
import { Day2ActionOptions, day2Deps, lockHolder } from './options';
import {
  inspectOwnedRelease,
  OwnedRelease,
  runOnOwnedRelease,
} from './ownedRelease';
import { examples } from './uninstall.examples';
import {
  noJournal,
  recordOperation,
} from '../../journal/OperationsJournalClient';

export const UNINSTALL_ACTION_ID = 'mcp-kubernetes:uninstall';

const uninstallInputSchema = z
  .object({
    ...releaseTargetShape,
    confirm: z
      .string({ required_error: 'confirm is required' })
      .max(53, 'confirm must be at most 53 characters')
      .describe('The release name once more, to confirm the removal'),
    deleteNamespace: z
      .boolean({ invalid_type_error: 'deleteNamespace must be true or false' })
      .default(false)
      .describe(
        'Also delete the namespace (only when no other helm release is in it)',
      ),
    timeout: timeoutField,
  })
  .strict()
  .refine(i => i.confirm === i.releaseName, {
    path: ['confirm'],
    message:
      'confirm must repeat the release name exactly; nothing was removed',
  });

/**
 * `mcp-kubernetes:uninstall`: `helm uninstall` of an install, then removes
 * the entity file our deploy wrote into the local catalog directory (only
 * when it is that install's), and keeps the namespace unless asked
 * (`deleteNamespace`), which is refused while another release lives there.
 *
 * @public
 */
export function createUninstallAction(
  options: Day2ActionOptions & {
    /** `mcpKubernetes.scaffolder.localCatalogDir` (unset: no entity file to remove). */
    localCatalogDir?: string;
  },
) {
  const deps = day2Deps(options);
  const catalogDir = options.localCatalogDir
    ? resolve(options.localCatalogDir)
    : undefined;

  /** What will be removed, decided before anything is. */
  const plan = async (
    owned: OwnedRelease,
    input: z.output<typeof uninstallInputSchema>,
  ) => {
    const entityFile = await findOurEntityFile({
      catalogDir,
      entityRef: owned.entityRef,
      install: {
        cluster: input.cluster,
        namespace: input.namespace,
        release: input.releaseName,
      },
    });
    if (input.deleteNamespace) {
      const others = await otherHelmReleasesIn({
        kubeConfig: owned.kubeConfig,
        namespace: input.namespace,
        except: input.releaseName,
      });
      if (others.length) {
        throw new InputError(
          `deleteNamespace: namespace ${
            input.namespace
          } also holds the release(s) ${others.join(
            ', ',
          )}; uninstall them first or keep the namespace. Nothing was removed.`,
        );
      }
    }
    return { entityFile };
  };

  return createTemplateAction({
    id: UNINSTALL_ACTION_ID,
    description:
      "Uninstalls an mcp-kubernetes install (helm uninstall) and removes the entity file its deploy wrote into the portal's local catalog; keeps the namespace unless deleteNamespace is true. Only for members of the team recorded as the install's owner.",
    examples,
    supportsDryRun: true,
    schema: {
      input: () => uninstallInputSchema as any,
      output: {
        entityFileRemoved: s =>
          s.boolean().describe('Whether the local entity file was removed'),
        namespaceDeleted: s =>
          s.boolean().describe('Whether the namespace was deleted'),
      },
    },
    async handler(ctx) {
      const input = parseStrict(
        uninstallInputSchema,
        ctx.input,
        UNINSTALL_ACTION_ID,
      );
      const log = ctx.logger;
      const where = `${input.cluster}/${input.namespace}/${input.releaseName}`;
      const credentials = await ctx.getInitiatorCredentials();
      log.info(`Uninstalling ${where}${ctx.isDryRun ? ' as a dry run' : ''}`);
      const inspect = {
        target: input,
        credentials,
        operation: 'uninstall',
        signal: ctx.signal,
        log,
      };
      if (ctx.isDryRun) {
        const owned = await inspectOwnedRelease(deps, inspect);
        const { entityFile } = await plan(owned, input);
        log.info(
          `Dry run: would run helm uninstall ${input.releaseName} (revision ${
            owned.state.revision
          }), ${
            entityFile.ours
              ? `remove ${entityFile.path}`
              : `keep the catalog as it is (${entityFile.reason})`
          } and ${input.deleteNamespace ? 'delete' : 'keep'} namespace ${
            input.namespace
          }; nothing was changed`,
        );
        ctx.output('entityFileRemoved', false);
        ctx.output('namespaceDeleted', false);
        return;
      }
      const timeoutSeconds =
        input.timeout ?? options.defaultTimeoutSeconds ?? 300;
      const done = await ctx.checkpoint({
        key: `mcp-kubernetes-uninstall.v1.${where}`,
        fn: () =>
          runOnOwnedRelease(
            deps,
            {
              ...inspect,
              eventId: 'release-uninstall',
              meta: { deleteNamespace: input.deleteNamespace },
              timeoutSeconds,
              holder: lockHolder(ctx.task?.id, randomUUID()),
            },
            async owned => {
              const { entityFile } = await plan(owned, input);
              log.info(
                `helm uninstall ${input.releaseName} (revision ${owned.state.revision}) from ${where}`,
              );
              await deps.helmRunner.uninstall({
                kubeConfig: owned.kubeConfig,
                release: input.releaseName,
                namespace: input.namespace,
                timeoutSeconds,
                signal: ctx.signal,
              });
              log.info('The release and its objects are removed');
              let entityFileRemoved = false;
              if (entityFile.ours) {
                await fs.rm(entityFile.path, { force: true });
                entityFileRemoved = true;
                log.info(
                  `Removed ${entityFile.path}; the catalog drops ${owned.entityRef} at its next processing of the location`,
                );
              } else {
                log.info(
                  `Left the catalog as it is: ${entityFile.reason} (remove or unregister the entity yourself if it is no longer wanted)`,
                );
              }
              let namespaceDeleted = false;
              if (input.deleteNamespace) {
                namespaceDeleted = await deleteNamespace({
                  kubeConfig: owned.kubeConfig,
                  namespace: input.namespace,
                });
                log.info(
                  `Namespace ${input.namespace} ${
                    namespaceDeleted ? 'is being deleted' : 'was already gone'
                  }`,
                );
              } else {
                log.info(`Kept namespace ${input.namespace}`);
              }
              return {
                result: { entityFileRemoved, namespaceDeleted },
                auditMeta: {
                  revision: owned.state.revision,
                  entityFileRemoved,
                  namespaceDeleted,
                },
              };
            },
          ),
      });
      await recordOperation(ctx, options.journal ?? noJournal, {
        cluster: input.cluster,
        namespace: input.namespace,
        release: input.releaseName,
        action: 'uninstall',
      });
      ctx.output('entityFileRemoved', done.entityFileRemoved);
      ctx.output('namespaceDeleted', done.namespaceDeleted);
    },
  });
}
