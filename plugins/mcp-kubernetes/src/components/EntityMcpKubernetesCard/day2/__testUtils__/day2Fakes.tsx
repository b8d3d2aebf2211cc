import { Entity } from '@backstage/catalog-model';
import { configApiRef, identityApiRef } from '@backstage/core-plugin-api';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import {
  LogEvent,
  ScaffolderApi,
  scaffolderApiRef,
} from '@backstage/plugin-scaffolder-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { InstallStatus } from '@mcp-kubernetes/plugin-mcp-kubernetes-common';
import { McpKubernetesApi, mcpKubernetesApiRef } from '../../../../api';
import { healthyStatus } from '../../../../__fixtures__/installStatus';
import {
  sampleDiff,
  sampleHistory,
} from '../../../../__fixtures__/releaseHistory';

export { sampleDiff, sampleHistory };
import { EntityMcpKubernetesCard } from '../../EntityMcpKubernetesCard';

/** An entity pointing at an install; `release` may be hostile. */
export function annotatedEntity(release = 'payments-mcp'): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'payments-mcp',
      namespace: 'default',
      annotations: {
        'mcp-kubernetes.io/cluster': 'prod-eu-1',
        'mcp-kubernetes.io/namespace': 'payments',
        'mcp-kubernetes.io/release': release,
      },
    },
    spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
  };
}

/** A status of an install deployed from the portal (it records its entity and owner). */
export function recordedStatus(release = 'payments-mcp'): InstallStatus {
  const status = healthyStatus();
  return {
    ...status,
    install: { ...status.install, release },
    recorded: {
      entityRef: 'component:default/payments-mcp',
      owner: 'group:default/team-a',
    },
  };
}

/** The answers the fake release was installed with (`getInstallAnswers`). */
export const INSTALLED_ANSWERS = {
  size: 'medium' as const,
  imageTag: 'v1.4.0',
  oauthEnabled: true,
  existingSecret: 'payments-oauth',
  baseURL: 'https://mcp.payments.example.com',
  externalSecretEnabled: false,
  ingressEnabled: false,
};

/** The mcp-kubernetes API the card uses, every method a jest mock. */
export function fakeMcpApi(overrides: Partial<McpKubernetesApi> = {}) {
  return {
    getStatusByEntity: jest.fn(async () => recordedStatus()),
    listClusters: jest.fn(async () => [{ name: 'prod-eu-1' }]),
    getReleaseHistory: jest.fn(async () => sampleHistory()),
    getValuesDiff: jest.fn(async (_ref, from: number, to: number) =>
      sampleDiff(from, to),
    ),
    getInstallAnswers: jest.fn(async () => ({
      revision: 3,
      answers: { ...INSTALLED_ANSWERS },
    })),
    ...overrides,
  };
}

/**
 * A scaffolder whose task status the test sets (`setStatus`) and whose log the
 * test writes (`events`), implementing the ScaffolderApi methods the card uses.
 */
export function fakeScaffolder(taskId = 'task-42') {
  let status = 'processing';
  const events: LogEvent[] = [];
  const api = {
    scaffold: jest.fn(async () => ({ taskId })),
    getTask: jest.fn(async (id: string) => ({
      id,
      status,
      spec: {},
      createdAt: new Date().toISOString(),
    })),
    streamLogs: jest.fn(() => ({
      subscribe(observer: { next?: (e: LogEvent) => void }) {
        for (const event of events) observer.next?.(event);
        return { unsubscribe() {}, closed: false };
      },
    })),
  };
  return {
    api,
    events,
    setStatus(next: string) {
      status = next;
    },
  };
}

/** Renders the whole card, with or without a scaffolder, as an app would. */
export async function renderDay2Card(options: {
  mcpApi: Partial<McpKubernetesApi>;
  scaffolderApi?: Partial<ScaffolderApi> | object;
  entity?: Entity;
  config?: object;
  /** The signed-in user's ownership refs (default: a member of group:default/team-a). */
  ownershipRefs?: string[];
}) {
  const apis: any[] = [
    [mcpKubernetesApiRef, options.mcpApi],
    [configApiRef, mockApis.config({ data: (options.config ?? {}) as any })],
    [
      identityApiRef,
      mockApis.identity({
        userEntityRef: 'user:default/mock',
        ownershipEntityRefs: options.ownershipRefs ?? [
          'user:default/mock',
          'group:default/team-a',
        ],
      }),
    ],
  ];
  if (options.scaffolderApi) {
    apis.push([scaffolderApiRef, options.scaffolderApi]);
  }
  return renderInTestApp(
    <TestApiProvider apis={apis as any}>
      <EntityProvider entity={options.entity ?? annotatedEntity()}>
        <EntityMcpKubernetesCard refreshIntervalSeconds={0} />
      </EntityProvider>
    </TestApiProvider>,
  );
}
