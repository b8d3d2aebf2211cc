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

/** The entity whose annotations point at this install, if the caller can see one. */
export async function entityOfInstall(
  catalog: CatalogService,
  install: InstallRef,
  credentials: BackstageCredentials,
): Promise<InstallEntity | undefined> {
  const { items } = await catalog.getEntities(
    {
      filter: {
        [annotationPath(MCP_KUBERNETES_ANNOTATIONS.cluster)]: install.cluster,
        [annotationPath(MCP_KUBERNETES_ANNOTATIONS.namespace)]:
          install.namespace,
        [annotationPath(MCP_KUBERNETES_ANNOTATIONS.release)]: install.release,
      },
      fields: INSTALL_ENTITY_FIELDS,
    },
    { credentials },
  );
  return items
    .map(toInstallEntity)
    .find(e => e && installKey(e.install) === installKey(install));
}

/** Every install entity the caller can see, keyed by install, for the fleet list. */
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
      map.set(installKey(found.install), {
        entityRef: found.entityRef,
        environment: found.environment,
      });
    }
  }
  return map;
}
