import {
  BackstageCredentials,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  McpKubernetesDeployTarget,
  mcpKubernetesDeployPermission,
  mcpKubernetesDeployValuesPermission,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-common';
import { ClusterRegistry } from '@mcp-kubernetes/plugin-mcp-kubernetes-node';
import { DeployInput } from '../deployInput';

/** Applies a (possibly conditional) decision to a deploy target. @public */
export type DeployTargetAuthorizer = (
  decision: PolicyDecision,
  target: McpKubernetesDeployTarget,
) => boolean;

/**
 * Step 1, access: `mcp-kubernetes.deploy` for this target (cluster,
 * namespace, environment), asked as a conditional decision and applied here;
 * `mcp-kubernetes.deploy.values` when free-form values are given (an empty
 * object needs nothing); the cluster
 * must be configured. Nothing is read from a cluster before this passes.
 */
export async function checkAccess(opts: {
  input: DeployInput;
  credentials: BackstageCredentials;
  permissions: PermissionsService;
  clusterRegistry: ClusterRegistry;
  isAllowed: DeployTargetAuthorizer;
  /** True when the caller sent free-form values with at least one key. */
  hasFreeValues: boolean;
  log: LoggerService;
}): Promise<void> {
  const { input, credentials, permissions, clusterRegistry } = opts;
  const target: McpKubernetesDeployTarget = {
    cluster: input.cluster,
    namespace: input.namespace,
    environment: input.environment,
  };
  const [decision] = await permissions.authorizeConditional(
    [{ permission: mcpKubernetesDeployPermission }],
    { credentials },
  );
  if (!opts.isAllowed(decision, target)) {
    throw new NotAllowedError(
      `You are not allowed to deploy mcp-kubernetes to cluster ${input.cluster}, namespace ${input.namespace} (environment ${input.environment}) (permission ${mcpKubernetesDeployPermission.name})`,
    );
  }
  if (opts.hasFreeValues) {
    const [valuesDecision] = await permissions.authorize(
      [{ permission: mcpKubernetesDeployValuesPermission }],
      { credentials },
    );
    if (valuesDecision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `values: free-form chart values need the permission ${mcpKubernetesDeployValuesPermission.name} (granted to platform templates); use the typed answers instead`,
      );
    }
    opts.log.info(
      'Free-form values allowed; they are merged under the typed answers',
    );
  }
  if (!clusterRegistry.has(input.cluster)) {
    const known = clusterRegistry.listClusters().map(c => c.name);
    throw new InputError(
      `cluster: unknown cluster "${input.cluster}"; configured clusters: ${
        known.join(', ') || '(none)'
      }`,
    );
  }
}
