/**
 * Child process of bench/status-bench.ts: hosts the fake API servers so that the backend's RSS,
 * measured in the parent, does not include the fake clusters' own memory.
 */
import {
  buildMcpInstall,
  FakeKubeApiServer,
  startFakeKubeApiServer,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-node/testUtils';

type Message =
  | {
      id: number;
      cmd: 'start';
      clusters: Array<{ name: string; installs: number; replicas: number }>;
    }
  | { id: number; cmd: 'requests' }
  | { id: number; cmd: 'stop' };

const servers = new Map<string, FakeKubeApiServer>();

async function handle(msg: Message): Promise<unknown> {
  switch (msg.cmd) {
    case 'start': {
      const out = [];
      for (const c of msg.clusters) {
        const server = await startFakeKubeApiServer({ bookmarkIntervalMs: 0 });
        for (let i = 0; i < c.installs; i++) {
          buildMcpInstall({
            namespace: `team-${i % 25}`,
            release: `mcp-${i}`,
            replicas: c.replicas,
          }).all.forEach(o => server.upsert(o));
        }
        server.setPodProxyHandler(() => ({
          status: 200,
          body: '{"status":"ok","version":"0.4.2"}',
        }));
        servers.set(c.name, server);
        out.push({ name: c.name, url: server.url, token: server.token });
      }
      return out;
    }
    case 'requests': {
      let api = 0;
      let proxy = 0;
      for (const s of servers.values()) {
        for (const r of s.requests) {
          if (r.path.includes('/proxy')) proxy++;
          else api++;
        }
      }
      return { api, proxy };
    }
    case 'stop':
      await Promise.all([...servers.values()].map(s => s.close()));
      servers.clear();
      return {};
    default:
      throw new Error('unknown command');
  }
}

process.on('message', (msg: Message) => {
  handle(msg).then(
    result => process.send!({ id: msg.id, result }),
    error => process.send!({ id: msg.id, error: String(error) }),
  );
});
