import { mockServices } from '@backstage/backend-test-utils';
import { RecordReleaseOperationRequest } from '@mcp-kubernetes/plugin-mcp-kubernetes-common';
import { AddressInfo } from 'node:net';
import { createServer, IncomingMessage } from 'node:http';
import { capturingLogger } from '../actions/__testUtils__/harness';
import { OperationsJournalClient } from './OperationsJournalClient';

const entry: RecordReleaseOperationRequest = {
  cluster: 'dev-cluster',
  namespace: 'mcp-team-a',
  release: 'mcp-team-a',
  action: 'upgrade',
  actor: 'user:default/alice',
  revision: 4,
  taskId: 'task-1',
};

/** A stand-in for the backend plugin's route: the same service-only check, a chosen answer. */
async function startJournalBackend(status = 201) {
  const httpAuth = mockServices.httpAuth({ pluginId: 'mcp-kubernetes' });
  const received: Array<{ subject?: string; body: unknown }> = [];
  const server = createServer(async (req, res) => {
    const answer = (code: number, json: unknown) => {
      res.writeHead(code, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(json));
    };
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (req.method !== 'POST' || req.url !== '/api/mcp-kubernetes/operations') {
      answer(404, {});
      return;
    }
    try {
      const credentials = await httpAuth.credentials(
        req as IncomingMessage as any,
        { allow: ['service'] },
      );
      received.push({
        subject: credentials.principal.subject,
        body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
      });
      answer(status, { error: 'leaky-body-text-5150' });
    } catch (e) {
      answer(403, { error: (e as Error).message });
    }
  });
  await new Promise<void>(resolve =>
    server.listen(0, '127.0.0.1', () => resolve()),
  );
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    received,
    url,
    close: () => new Promise(resolve => server.close(resolve)),
  };
}

function clientFor(baseUrl: string) {
  return OperationsJournalClient.create({
    auth: mockServices.auth({ pluginId: 'scaffolder' }),
    discovery: {
      getBaseUrl: async pluginId => `${baseUrl}/api/${pluginId}`,
      getExternalBaseUrl: async pluginId => `${baseUrl}/api/${pluginId}`,
    },
    timeoutMs: 2_000,
  });
}

describe('OperationsJournalClient', () => {
  it("posts the entry to mcp-kubernetes's /operations with the scaffolder's own service token", async () => {
    const backend = await startJournalBackend();
    try {
      const log = capturingLogger();
      await clientFor(backend.url).record(entry, log);
      expect(backend.received).toEqual([
        { subject: 'plugin:scaffolder', body: entry },
      ]);
      expect(log.lines).toEqual([]);
    } finally {
      await backend.close();
    }
  });

  it('never throws: a refused write or an unreachable backend is a warning in words', async () => {
    const backend = await startJournalBackend(500);
    const log = capturingLogger();
    try {
      await expect(
        clientFor(backend.url).record(entry, log),
      ).resolves.toBeUndefined();
    } finally {
      await backend.close();
    }
    // Closed now: nothing listens there any more.
    await expect(
      clientFor(backend.url).record(entry, log),
    ).resolves.toBeUndefined();
    const warnings = log.lines.filter(l => l.includes('release history'));
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toContain(
      'Could not record this upgrade of mcp-team-a/mcp-team-a in the release history: the mcp-kubernetes backend answered HTTP 500',
    );
    expect(warnings[1]).toContain('ECONNREFUSED');
    const all = log.lines.join('\n');
    expect(all).not.toContain('leaky-body-text-5150');
    expect(all).not.toContain('mock-service-token');
  });
});
