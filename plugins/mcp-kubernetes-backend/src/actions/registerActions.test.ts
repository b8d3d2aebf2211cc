import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  buildMcpInstall,
  crashLoopPod,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-node/testUtils';
import { StatusService } from '../service/StatusService';
import { MemorySnapshotSource } from '../__testUtils__/memorySource';
import { registerActions } from './registerActions';

function setup(
  result: AuthorizeResult.ALLOW | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
) {
  const ok = buildMcpInstall({ namespace: 'ns-a', release: 'a', replicas: 1 });
  const bad = buildMcpInstall({ namespace: 'ns-b', release: 'b', replicas: 1 });
  bad.all = [
    bad.deployment,
    crashLoopPod(bad.pods[0]),
    bad.externalSecret,
    bad.secret,
  ];
  const status = StatusService.create({
    source: MemorySnapshotSource.withInstalls({ c1: [ok, bad] }),
    health: { get: () => undefined },
    history: { history: () => [] },
    limits: { warnAfterDays: 75, maxAgeDays: 90 },
  });
  const registry = actionsRegistryServiceMock();
  registerActions({
    actionsRegistry: registry,
    status,
    catalog: catalogServiceMock(),
    permissions: mockServices.permissions({ result }),
  });
  return registry;
}

describe('MCP actions', () => {
  it('registers two honest read-only actions with examples', async () => {
    const { actions } = await setup().list();
    expect(actions.map(a => a.name).sort()).toEqual([
      'get-mcp-kubernetes-install-status',
      'list-mcp-kubernetes-fleet',
    ]);
    for (const action of actions) {
      expect(action.attributes).toEqual({
        readOnly: true,
        idempotent: true,
        destructive: false,
      });
    }
  });

  it('get-mcp-kubernetes-install-status returns state, reasons and the document', async () => {
    const { output } = await setup().invoke({
      id: 'test:get-mcp-kubernetes-install-status',
      input: { cluster: 'c1', namespace: 'ns-b', release: 'b' },
      credentials: mockCredentials.user(),
    });
    expect(output).toMatchObject({
      state: 'error',
      reasons: [expect.stringMatching(/CrashLoopBackOff/)],
      status: { install: { release: 'b' } },
    });
  });

  it('list-mcp-kubernetes-fleet filters by state', async () => {
    const { output } = await setup().invoke({
      id: 'test:list-mcp-kubernetes-fleet',
      input: { state: 'error' },
      credentials: mockCredentials.user(),
    });
    expect(output).toMatchObject({
      counts: { total: 2, failing: 1 },
      items: [
        expect.objectContaining({
          install: { cluster: 'c1', namespace: 'ns-b', release: 'b' },
        }),
      ],
    });
  });

  it('refuses callers without permission', async () => {
    const registry = setup(AuthorizeResult.DENY);
    await expect(
      registry.invoke({
        id: 'test:list-mcp-kubernetes-fleet',
        input: {},
        credentials: mockCredentials.user(),
      }),
    ).rejects.toThrow(/not allowed/);
    await expect(
      registry.invoke({
        id: 'test:get-mcp-kubernetes-install-status',
        input: { cluster: 'c1', namespace: 'ns-a', release: 'a' },
        credentials: mockCredentials.user(),
      }),
    ).rejects.toThrow(/not allowed/);
  });
});
