import { createApiRef } from '@backstage/core-plugin-api';
import { CompoundEntityRef } from '@backstage/catalog-model';
import {
  ChartAnswers,
  ClusterInfo,
  FleetResponse,
  InstallRef,
  InstallStatus,
  PolicyEvaluation,
  ReleaseHistoryResponse,
  ValuesDiffResponse,
  InstallAnswersResponse,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-common';

/**
 * Input of a policy preview: the template form's typed answers. The backend
 * builds the chart values from them with the deploy action's own function.
 *
 * @public
 */
export interface PolicyPreviewInput {
  environment: string;
  cluster?: string;
  namespace?: string;
  answers: ChartAnswers;
}

/** The policy's evaluation plus the chart values built from the answers (credentials masked). @public */
export interface PolicyPreviewResult extends PolicyEvaluation {
  values: Record<string, unknown>;
}

/**
 * What the frontend may ask the mcp-kubernetes backend.
 * Every method rejects with a `ResponseError` (from `@backstage/errors`) on a non-OK answer,
 * so callers can tell 403 / 404 / 5xx apart through `error.response.status`.
 *
 * @public
 */
export interface McpKubernetesApi {
  /** Status of the install an entity's `mcp-kubernetes.io/*` annotations point at. */
  getStatusByEntity(entityRef: CompoundEntityRef): Promise<InstallStatus>;
  /** Status of one install addressed directly. */
  getStatus(ref: InstallRef): Promise<InstallStatus>;
  /** Every install across clusters, with summary counts. */
  getFleet(): Promise<FleetResponse>;
  /** Cluster names (never credentials), optionally only those an environment's policy allows. */
  listClusters(environment?: string): Promise<ClusterInfo[]>;
  /** Evaluates values against the company policy without deploying anything. */
  previewPolicy(input: PolicyPreviewInput): Promise<PolicyPreviewResult>;
  /** Asks ESO to re-sync the install's ExternalSecret now. */
  forceSync(ref: InstallRef): Promise<void>;
  /** The release's helm revisions (newest first) and the operations that made no revision. */
  getReleaseHistory(ref: InstallRef): Promise<ReleaseHistoryResponse>;
  /**
   * The values diff between two helm revisions of the release, credential values masked
   * by the backend. Rejects with an `InputError` before any request when a revision is not
   * a positive integer.
   */
  getValuesDiff(
    ref: InstallRef,
    from: number,
    to: number,
  ): Promise<ValuesDiffResponse>;
  /**
   * The typed answers the release is installed with (its latest revision's values read back),
   * for an upgrade form that starts from them. Names only: no credential is in them.
   */
  getInstallAnswers(ref: InstallRef): Promise<InstallAnswersResponse>;
}

/** @public */
export const mcpKubernetesApiRef = createApiRef<McpKubernetesApi>({
  id: 'plugin.mcp-kubernetes.service',
});
