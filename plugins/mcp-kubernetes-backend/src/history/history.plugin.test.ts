import { mockCredentials } from '@backstage/backend-test-utils';
import { scaffolderServiceAuth } from '../__testUtils__/historyApp';
import {
  FakeKubeApiServer,
  startFakeKubeApiServer,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-node/testUtils';
import { startPluginBackend } from '../__testUtils__/e2eHarness';

/** The journal route in the whole plugin: the backend's auth, the plugin's database and wiring. */
jest.setTimeout(60_000);

describe('POST /api/mcp-kubernetes/operations in the plugin', () => {
  let server: FakeKubeApiServer;
  let harness: Awaited<ReturnType<typeof startPluginBackend>>;

  beforeAll(async () => {
    server = await startFakeKubeApiServer();
    harness = await startPluginBackend({ servers: { 'dev-eu': server } });
  });
  afterAll(async () => {
    await harness?.backend.stop();
    await server?.close();
  });

  const body = {
    cluster: 'dev-eu',
    namespace: 'mcp-team-a',
    release: 'mcp-a',
    action: 'restart',
    actor: 'user:default/alice',
  };

  it('takes a service principal, refuses users and bad tokens', async () => {
    const asService = await harness
      .post('/operations')
      .set('Authorization', scaffolderServiceAuth())
      .send(body);
    expect(asService.status).toBe(201);
    expect(asService.body).toMatchObject({
      action: 'restart',
      actor: 'user:default/alice',
    });

    const asUser = await harness
      .post('/operations')
      .set('Authorization', mockCredentials.user.header('user:default/alice'))
      .send(body);
    expect(asUser.status).toBe(403);

    // No header: the test backend's default caller, a user.
    const defaultUser = await harness.post('/operations').send(body);
    expect(defaultUser.status).toBe(403);
    const badToken = await harness
      .post('/operations')
      .set('Authorization', mockCredentials.service.invalidHeader())
      .send(body);
    expect(badToken.status).toBe(401);
  });
});
