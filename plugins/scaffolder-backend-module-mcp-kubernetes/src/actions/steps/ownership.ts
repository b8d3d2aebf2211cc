import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  MCP_KUBERNETES_RECORDED_ANNOTATIONS,
  mcpKubernetesOperatePermission,
  normalizeEntityRef,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-common';
import { RecordedReleaseOwner } from '@mcp-kubernetes/plugin-mcp-kubernetes-node';

/**
 * Upgrading an existing release needs ownership: the owner the chart
 * recorded on the live Deployment at install must be among the caller's
 * ownership refs, and the upgrade may not re-point the install at another
 * catalog entity. A release without a record is refused until someone adopts
 * it by annotating the Deployment.
 */
export function checkUpgradeOwnership(opts: {
  recorded: RecordedReleaseOwner;
  ownershipRefs: string[];
  namespace: string;
  release: string;
  deploymentName: string;
  entityRef: string;
}): void {
  checkRecordedOwner({ ...opts, operation: 'upgrade', askTo: 'deploy' });
  const where = `${opts.namespace}/${opts.release}`;
  const { recorded } = opts;
  if (
    recorded.entityRef &&
    normalizeEntityRef(recorded.entityRef, 'component') !== opts.entityRef
  ) {
    throw new NotAllowedError(
      `Release ${where} was installed for ${normalizeEntityRef(
        recorded.entityRef,
        'component',
      )}, not ${
        opts.entityRef
      }; deploy with entityName set to that entity's name.`,
    );
  }
}

/**
 * Every write after install (upgrade, rollback, restart, uninstall) needs
 * the owner recorded on the live Deployment among the caller's ownership
 * refs; a release without a record is refused with the adopt hint.
 */
export function checkRecordedOwner(opts: {
  recorded: RecordedReleaseOwner;
  ownershipRefs: string[];
  namespace: string;
  release: string;
  deploymentName: string;
  /** For the adopt hint. */
  entityRef: string;
  /** What the caller wants to do, e.g. `roll back`. */
  operation: string;
  /** What a member of the owning team is asked to do (default: the operation). */
  askTo?: string;
}): void {
  const { recorded, namespace, release, deploymentName, operation } = opts;
  const where = `${namespace}/${release}`;
  const adopt = `To adopt it, a cluster admin annotates the Deployment: kubectl annotate deployment ${deploymentName} -n ${namespace} ${MCP_KUBERNETES_RECORDED_ANNOTATIONS.owner}=group:default/<your-team> ${MCP_KUBERNETES_RECORDED_ANNOTATIONS.entityRef}=${opts.entityRef}`;
  if (!recorded.found || !recorded.owner) {
    throw new NotAllowedError(
      `Release ${where} exists but ${
        recorded.found
          ? `its Deployment ${deploymentName} records no owner (annotation ${MCP_KUBERNETES_RECORDED_ANNOTATIONS.owner})`
          : `has no Deployment ${deploymentName} recording its owner`
      }, so nobody may ${operation} it through the portal. ${adopt}`,
    );
  }
  const owner = normalizeEntityRef(recorded.owner, 'group');
  const mine = new Set(
    opts.ownershipRefs.map(r => r.toLocaleLowerCase('en-US')),
  );
  if (!mine.has(owner)) {
    throw new NotAllowedError(
      `Release ${where} is owned by ${owner} (recorded at install); you may ${operation} only releases your teams own. Ask a member of ${owner} to ${
        opts.askTo ?? operation
      }, or to hand it over.`,
    );
  }
}

/**
 * The portal's permission policy on top of the recorded owner: `mcp-kubernetes.install.operate`
 * on the install's recorded entity, so a platform team can narrow who operates installs (e.g. to
 * on-call groups) without touching the actions.
 */
export async function authorizeOperation(opts: {
  permissions: PermissionsService;
  credentials: BackstageCredentials;
  /** The install's recorded entity. */
  entityRef: string;
  /** What the caller wants to do, e.g. `roll back`. */
  operation: string;
  /** namespace/release, for the message. */
  where: string;
}): Promise<void> {
  const [decision] = await opts.permissions.authorize(
    [
      {
        permission: mcpKubernetesOperatePermission,
        resourceRef: opts.entityRef,
      },
    ],
    { credentials: opts.credentials },
  );
  if (decision.result !== AuthorizeResult.ALLOW) {
    throw new NotAllowedError(
      `You may not ${opts.operation} release ${opts.where}: the portal's permission policy denies ${mcpKubernetesOperatePermission.name} on ${opts.entityRef} (the entity recorded at install). Ask your portal admins for it.`,
    );
  }
}
