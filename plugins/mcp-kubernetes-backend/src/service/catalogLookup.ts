import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import {
  CompoundEntityRef,
  Entity,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  getInstallRefFromAnnotations,
  InstallRef,
  installKey,
  MCP_KUBERNETES_ANNOTATIONS,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-common';
import { InstallCatalogInfo } from './StatusService';

const annotationPath = (key: string) => `metadata.annotations.${key}`;
/** All that `toInstallEntity` reads: the ref parts and the annotations. */
const INSTALL_ENTITY_FIELDS = [
  'kind',
  'metadata.namespace',
  'metadata.name',
  'metadata.annotations',
];

/** The entity an install belongs to, with its ref and environment. */
export interface InstallEntity {
  entityRef: string;
  install: InstallRef;
  environment?: string;
}

function toInstallEntity(entity: Entity): InstallEntity | undefined {
  const install = getInstallRefFromAnnotations(entity.metadata.annotations);
  if (!install) {
    return undefined;
  }
  const environment =
    entity.metadata.annotations?.[MCP_KUBERNETES_ANNOTATIONS.environment];
  return {
    entityRef: stringifyEntityRef(entity),
    install,
    ...(environment ? { environment } : {}),
  };
}

/** Reads an entity with the caller's credentials; 404s name the entity or the missing annotations. */
export async function installOfEntity(
  catalog: CatalogService,
  ref: CompoundEntityRef,
  credentials: BackstageCredentials,
): Promise<InstallEntity> {
  const entity = await catalog.getEntityByRef(ref, { credentials });
  const entityRef = stringifyEntityRef(ref);
  if (!entity) {
    throw new NotFoundError(
      `Entity ${entityRef} not found in the catalog (or not visible to you)`,
    );
  }
  const found = toInstallEntity(entity);
  if (!found) {
    const keys = [
      MCP_KUBERNETES_ANNOTATIONS.cluster,
      MCP_KUBERNETES_ANNOTATIONS.namespace,
      MCP_KUBERNETES_ANNOTATIONS.release,
    ];
    throw new NotFoundError(
      `Entity ${entityRef} has no mcp-kubernetes install: add the annotations ${keys.join(
        ', ',
      )} to its catalog-info.yaml`,
    );
  }
  return found;
}

/**
 * The environment of an install's recorded entity, read with the caller's credentials; only
 * while that entity still names this install (an entity renamed or pointed elsewhere says nothing).
 */
export async function environmentOfRecordedEntity(
  catalog: CatalogService,
  entityRef: string,
  install: InstallRef,
  credentials: BackstageCredentials,
): Promise<string | undefined> {
  const entity = await catalog.getEntityByRef(entityRef, { credentials });
  const found = entity ? toInstallEntity(entity) : undefined;
  return found && installKey(found.install) === installKey(install)
    ? found.environment
    : undefined;
}

/**
 * Every install entity the caller can see, keyed by lowercased entity ref, for the fleet list.
 * Keyed by entity, not by install: several entities may name one install, and only the
 * recorded one counts.
 */
export async function installEntities(
  catalog: CatalogService,
  credentials: BackstageCredentials,
): Promise<InstallCatalogInfo> {
  const { items } = await catalog.getEntities(
    {
      filter: {
        [annotationPath(MCP_KUBERNETES_ANNOTATIONS.release)]:
          CATALOG_FILTER_EXISTS,
      },
      fields: INSTALL_ENTITY_FIELDS,
    },
    { credentials },
  );
  const map: InstallCatalogInfo = new Map();
  for (const entity of items) {
    const found = toInstallEntity(entity);
    if (found) {
      map.set(found.entityRef.toLocaleLowerCase('en-US'), {
        install: found.install,
        environment: found.environment,
      });
    }
  }
  return map;
}
