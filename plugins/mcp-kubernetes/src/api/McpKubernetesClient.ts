import { CompoundEntityRef } from '@backstage/catalog-model';
import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { InputError, ResponseError } from '@backstage/errors';
import {
  ClusterInfo,
  FleetResponse,
  InstallRef,
  InstallStatus,
  ReleaseHistoryResponse,
  ValuesDiffResponse,
  InstallAnswersResponse,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-common';
import {
  McpKubernetesApi,
  PolicyPreviewInput,
  PolicyPreviewResult,
} from './McpKubernetesApi';

/** The backend plugin id; discovery maps it to e.g. `http://host/api/mcp-kubernetes`. */
const BACKEND_PLUGIN_ID = 'mcp-kubernetes';

/**
 * Talks to the mcp-kubernetes backend through Backstage's discovery and fetch APIs
 * (fetchApi adds the user's token; discovery resolves the backend URL).
 *
 * @public
 */
export class McpKubernetesClient implements McpKubernetesApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async getStatusByEntity(
    entityRef: CompoundEntityRef,
  ): Promise<InstallStatus> {
    return this.getJson(
      `/status/by-entity/${segments(
        entityRef.namespace,
        entityRef.kind,
        entityRef.name,
      )}`,
    );
  }

  async getStatus(ref: InstallRef): Promise<InstallStatus> {
    return this.getJson(
      `/status/${segments(ref.cluster, ref.namespace, ref.release)}`,
    );
  }

  async getFleet(): Promise<FleetResponse> {
    return this.getJson('/fleet');
  }

  async listClusters(environment?: string): Promise<ClusterInfo[]> {
    const query = environment
      ? `?${new URLSearchParams({ environment }).toString()}`
      : '';
    const body = await this.getJson<{ items: ClusterInfo[] }>(
      `/clusters${query}`,
    );
    return body.items;
  }

  async previewPolicy(input: PolicyPreviewInput): Promise<PolicyPreviewResult> {
    return this.sendJson('/policy/preview', input);
  }

  async forceSync(ref: InstallRef): Promise<void> {
    await this.sendJson(
      `${installPath(ref)}/external-secret/force-sync`,
      undefined,
    );
  }

  async getReleaseHistory(ref: InstallRef): Promise<ReleaseHistoryResponse> {
    return this.getJson(`${installPath(ref)}/history`);
  }

  async getValuesDiff(
    ref: InstallRef,
    from: number,
    to: number,
  ): Promise<ValuesDiffResponse> {
    const query = new URLSearchParams({
      from: String(revisionNumber('from', from)),
      to: String(revisionNumber('to', to)),
    });
    return this.getJson(`${installPath(ref)}/values-diff?${query.toString()}`);
  }

  async getInstallAnswers(ref: InstallRef): Promise<InstallAnswersResponse> {
    return this.getJson(`${installPath(ref)}/answers`);
  }

  private async getJson<T>(path: string): Promise<T> {
    const response = await this.fetchApi.fetch(await this.url(path));
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }

  private async sendJson<T>(path: string, body: unknown): Promise<T> {
    const response = await this.fetchApi.fetch(await this.url(path), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    // 202/204 answers may carry no JSON body (force-sync); only parse when there is one.
    const text = await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  private async url(path: string): Promise<string> {
    const baseUrl = await this.discoveryApi.getBaseUrl(BACKEND_PLUGIN_ID);
    return `${baseUrl}${path}`;
  }
}

/** Joins path segments, escaping each so names with `/`, `?` or `#` cannot change the route. */
function segments(...parts: string[]): string {
  return parts.map(part => encodeURIComponent(part)).join('/');
}

/** `/installs/<cluster>/<namespace>/<release>`, each segment escaped. */
function installPath(ref: InstallRef): string {
  return `/installs/${segments(ref.cluster, ref.namespace, ref.release)}`;
}

/** Helm revisions are positive integers; anything else never reaches a URL. */
function revisionNumber(field: 'from' | 'to', value: number): number {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new InputError(
      `${field} must be a helm revision number (a positive integer), got ${String(
        value,
      ).slice(0, 20)}`,
    );
  }
  return value;
}
