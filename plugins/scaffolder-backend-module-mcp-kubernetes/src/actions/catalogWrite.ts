import {
  PermissionsService,
  resolveSafeChildPath,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { mcpKubernetesDeployPermission } from '@mcp-kubernetes/plugin-mcp-kubernetes-common';
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { isDeployTargetAllowed } from '../permissions/deployTarget';
import { assertReplaceable, parseInstallEntity } from './catalogEntity';
import { DeployTargetAuthorizer } from './steps/access';
import { examples } from './catalogWrite.examples';

/** The config key of the directory the portal's catalog reads with a `file` location glob. */
export const LOCAL_CATALOG_DIR_KEY = 'mcpKubernetes.scaffolder.localCatalogDir';

/** @public */
export interface CatalogWriteActionOptions {
  /**
   * Directory the entity files go to (`mcpKubernetes.scaffolder.localCatalogDir`),
   * resolved against the backend's working directory; unset disables the action.
   */
  localCatalogDir?: string;
  permissions: PermissionsService;
  /** Applies a conditional deploy decision to a target (default: this module's rules). */
  isDeployTargetAllowed?: DeployTargetAuthorizer;
}

const FILE_MODE = 0o644;

/** ENOENT as undefined: "no such file" is an answer here, not an error. */
async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await fs.readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
      return undefined;
    }
    throw e;
  }
}

/**
 * Writes through a temp file and a rename, so the catalog's glob never reads a
 * half-written entity. The temp name does not end in `.yaml`, so the glob
 * skips it too.
 */
async function writeAtomically(target: string, text: string): Promise<void> {
  const temp = join(
    resolve(target, '..'),
    `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`,
  );
  try {
    await fs.writeFile(temp, text, { mode: FILE_MODE, flag: 'wx' });
    // The process umask may have narrowed the mode; the catalog only needs to read it.
    await fs.chmod(temp, FILE_MODE);
    await fs.rename(temp, target);
  } catch (e) {
    await fs.rm(temp, { force: true });
    throw e;
  }
}

/**
 * `mcp-kubernetes:catalog:write`: registers an install in a portal without an
 * SCM integration by writing the templated catalog-info.yaml into a directory
 * the catalog reads (a `file` location with a glob), as
 * `<namespace>-<name>.yaml`.
 *
 * @public
 */
export function createCatalogWriteAction(options: CatalogWriteActionOptions) {
  const { permissions } = options;
  const catalogDir = options.localCatalogDir
    ? resolve(options.localCatalogDir)
    : undefined;

  return createTemplateAction({
    id: 'mcp-kubernetes:catalog:write',
    description: `Registers an mcp-kubernetes install in the portal's own catalog: validates the workspace's catalog-info.yaml (one Component with the mcp-kubernetes.io/* annotations) and writes it into ${LOCAL_CATALOG_DIR_KEY}, which the catalog reads through a file location.`,
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        filePath: z =>
          z
            .string()
            .optional()
            .describe(
              'Entity file in the workspace, relative to it (default catalog-info.yaml, as fetch:template writes it)',
            ),
      },
      output: {
        entityRef: z =>
          z
            .string()
            .describe('Ref of the registered entity, component:ns/name'),
        filePath: z =>
          z
            .string()
            .describe(
              'Where the entity file was (or, in a dry run, would be) written',
            ),
      },
    },
    async handler(ctx) {
      if (!catalogDir) {
        throw new InputError(
          `${LOCAL_CATALOG_DIR_KEY} is not configured, so this portal has no local catalog directory to register the entity in. Set ${LOCAL_CATALOG_DIR_KEY} (and a catalog file location over it), or give a repository URL so the template publishes catalog-info.yaml and registers it with catalog:register.`,
        );
      }
      const sourceName = ctx.input.filePath ?? 'catalog-info.yaml';
      // Throws NotAllowedError for paths (and symlinks) leading out of the workspace.
      const source = resolveSafeChildPath(ctx.workspacePath, sourceName);
      const text = await readIfExists(source);
      if (text === undefined) {
        throw new InputError(
          `filePath: ${sourceName} does not exist in the workspace; write it first (e.g. fetch:template with the skeleton)`,
        );
      }
      const entity = parseInstallEntity(text, sourceName);

      // The catalog reads this directory with its own rules, bypassing
      // catalog:register's permission check; gate it like the deploy it
      // records, for the install the entity points at.
      const [decision] = await permissions.authorizeConditional(
        [{ permission: mcpKubernetesDeployPermission }],
        { credentials: await ctx.getInitiatorCredentials() },
      );
      if (
        !(options.isDeployTargetAllowed ?? isDeployTargetAllowed)(
          decision,
          entity.target,
        )
      ) {
        throw new NotAllowedError(
          `You are not allowed to register mcp-kubernetes installs on ${entity.target.cluster}/${entity.target.namespace} (permission ${mcpKubernetesDeployPermission.name})`,
        );
      }

      try {
        if (!(await fs.stat(catalogDir)).isDirectory()) {
          throw new Error('not a directory');
        }
      } catch {
        throw new InputError(
          `${LOCAL_CATALOG_DIR_KEY} (${catalogDir}) is not an existing directory; create it or fix the setting (relative paths resolve against the backend's working directory)`,
        );
      }
      const target = resolveSafeChildPath(
        catalogDir,
        `${entity.namespace}-${entity.name}.yaml`,
      );
      const existing = await readIfExists(target);
      if (existing !== undefined) {
        assertReplaceable(existing, entity, target);
      }

      ctx.output('entityRef', entity.entityRef);
      ctx.output('filePath', target);
      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would ${existing ? 'replace' : 'write'} ${target} with ${
            entity.entityRef
          }; nothing was written`,
        );
        return;
      }
      await ctx.checkpoint({
        key: `mcp-kubernetes-catalog-write.v1.${entity.entityRef}`,
        fn: () => writeAtomically(target, text),
      });
      ctx.logger.info(
        `${existing ? 'Replaced' : 'Wrote'} ${target}; the catalog picks up ${
          entity.entityRef
        } at its next processing of the location`,
      );
    },
  });
}
