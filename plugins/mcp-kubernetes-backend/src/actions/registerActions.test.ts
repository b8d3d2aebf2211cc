import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  buildMcpInstall,
  crashLoopPod,
  failingExternalSecret,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-node/testUtils';
import { MemorySnapshotSource } from '../__testUtils__/memorySource';
import { recordingAuditor, statusStack } from '../__testUtils__/statusStack';
import { registerActions } from './registerActions';

function setup(
  result: AuthorizeResult.ALLOW | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
) {
  const ok = buildMcpInstall({ namespace: 'ns-a', release: 'a', replicas: 1 });
  const bad = buildMcpInstall({ namespace: 'ns-b', release: 'b', replicas: 1 });
  bad.all = [
    bad.deployment,
    crashLoopPod(bad.pods[0]),
    failingExternalSecret(bad.externalSecret),
    bad.secret,
  ];
  const { auditor, events } = recordingAuditor();
  const { reads } = statusStack({
    source: MemorySnapshotSource.withInstalls({ c1: [ok, bad] }),
    permissions: mockServices.permissions({ result }),
    catalog: catalogServiceMock(),
    auditor,
  });
  const registry = actionsRegistryServiceMock();
  registerActions({ actionsRegistry: registry, reads });
  return { registry, events };
}

const user = mockCredentials.user('user:default/alice');

describe('MCP actions', () => {
  it('registers two honest read-only actions with examples', async () => {
    const { actions } = await setup().registry.list();
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

  it('get-mcp-kubernetes-install-status returns state, reasons and the document, and audits the read with its actor', async () => {
    const { registry, events } = setup();
    const { output } = await registry.invoke({
      id: 'test:get-mcp-kubernetes-install-status',
      input: { cluster: 'c1', namespace: 'ns-b', release: 'b' },
      credentials: user,
    });
    expect(output).toMatchObject({
      state: 'error',
      reasons: expect.arrayContaining([
        expect.stringMatching(/CrashLoopBackOff/),
      ]),
      status: { install: { release: 'b' }, entityRef: 'component:default/b' },
    });
    expect(events).toEqual([
      {
        eventId: 'install-status-read',
        severityLevel: 'low',
        hasRequest: false,
        outcome: 'success',
        meta: {
          queryType: 'by-install',
          cluster: 'c1',
          namespace: 'ns-b',
          release: 'b',
          actor: 'user:default/alice',
        },
      },
    ]);
  });

  it('refuses hostile install names before reading anything', async () => {
    const { registry, events } = setup();
    for (const input of [
      { cluster: 'c1', namespace: 'ns-b\n---\nkind: x', release: 'b' },
      { cluster: '%2e%2e', namespace: 'ns-b', release: 'b' },
      { cluster: 'c1', namespace: '__proto__', release: 'b' },
    ]) {
      await expect(
        registry.invoke({
          id: 'test:get-mcp-kubernetes-install-status',
          input,
          credentials: user,
        }),
      ).rejects.toThrow();
    }
    expect(events).toEqual([]);
  });

  it('list-mcp-kubernetes-fleet filters by the same rules as the counts', async () => {
    const { registry, events } = setup();
    const invoke = async (input: object) =>
      (
        await registry.invoke({
          id: 'test:list-mcp-kubernetes-fleet',
          input,
          credentials: user,
        })
      ).output as { counts: Record<string, number>; items: any[] };
    const all = await invoke({});
    expect(all.counts).toMatchObject({
      total: 2,
      failing: 1,
      secretsOutOfSync: 1,
    });
    const failing = await invoke({ state: 'error' });
    expect(failing.items.map(i => i.install)).toEqual([
      { cluster: 'c1', namespace: 'ns-b', release: 'b' },
    ]);
    const outOfSync = await invoke({ secretsOutOfSync: true });
    expect(outOfSync.items).toHaveLength(all.counts.secretsOutOfSync);
    expect(await invoke({ cluster: 'c2' })).toMatchObject({ items: [] });
    expect(events.map(e => [e.eventId, e.outcome])).toEqual([
      ['fleet-read', 'success'],
      ['fleet-read', 'success'],
      ['fleet-read', 'success'],
      ['fleet-read', 'success'],
    ]);
  });

  it('refuses callers without permission and audits the refusal', async () => {
    const { registry, events } = setup(AuthorizeResult.DENY);
    await expect(
      registry.invoke({
        id: 'test:list-mcp-kubernetes-fleet',
        input: {},
        credentials: user,
      }),
    ).rejects.toThrow(/not allowed/);
    await expect(
      registry.invoke({
        id: 'test:get-mcp-kubernetes-install-status',
        input: { cluster: 'c1', namespace: 'ns-a', release: 'a' },
        credentials: user,
      }),
    ).rejects.toThrow(/not allowed/);
    expect(events.map(e => [e.eventId, e.outcome])).toEqual([
      ['fleet-read', 'fail'],
      ['install-status-read', 'fail'],
    ]);
  });
});
