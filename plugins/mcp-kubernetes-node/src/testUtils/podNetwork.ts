import { execFile, execFileSync, spawn } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** One request that reached a pod address inside the namespace. @public */
export interface PodRequest {
  podIP: string;
  port: number;
  method: string;
  /** The request target exactly as it arrived (path and query, not decoded). */
  path: string;
}

/** @public */
export interface PodAnswer {
  status: number;
  body: string;
  contentType?: string;
}

/** @public */
export interface PodNetworkOptions {
  /** How many pod addresses to make (default 4). */
  count?: number;
  /** Port the responder listens on at every address (default 8080, the chart's). */
  port?: number;
  /** Answers each request; the default answers `/health` 200 `{"status":"ok"}` and 404 elsewhere. */
  handler?: (req: PodRequest) => PodAnswer | Promise<PodAnswer>;
}

/** @public */
export interface PodNetwork {
  /** Pod addresses inside the namespace (198.18.0.0/15, the benchmarking range). */
  ips: string[];
  port: number;
  /** Every request that reached the responder, in order. */
  requests: PodRequest[];
  stop(): Promise<void>;
}

// Runs inside the namespace: listens on every pod address and relays each request over a unix
// socket (files cross network namespaces) to the test process, which answers with its handler.
const RESPONDER = `
const http = require('node:http');
const [socketPath, port, ips] = process.argv.slice(2);
let pending = 0;
for (const ip of ips.split(',')) {
  http.createServer((req, res) => {
    const relay = http.request({ socketPath, method: 'POST', path: '/',
      headers: { 'content-type': 'application/json' } }, answer => {
      let data = '';
      answer.setEncoding('utf8');
      answer.on('data', c => { data += c; });
      answer.on('end', () => {
        const a = JSON.parse(data);
        res.writeHead(a.status, { 'content-type': a.contentType || 'text/plain' });
        res.end(a.body);
      });
    });
    relay.on('error', () => { res.writeHead(502); res.end(); });
    relay.end(JSON.stringify({ podIP: ip, port: Number(port), method: req.method, path: req.url }));
  }).listen(Number(port), ip, () => { if (++pending === ips.split(',').length) console.log('ready'); });
}
`;

const defaultHandler = (req: PodRequest): PodAnswer =>
  req.path === '/health'
    ? {
        status: 200,
        body: '{"status":"ok"}',
        contentType: 'application/json',
      }
    : { status: 404, body: 'not found' };

async function ip(...args: string[]) {
  await run('ip', args);
}

/** A /24 of 198.18.0.0/15 with no address or route on this host yet. */
async function freeSubnet(): Promise<string> {
  const { stdout } = await run('ip', [
    '-o',
    '-4',
    'route',
    'show',
    'table',
    'all',
  ]);
  const { stdout: addrs } = await run('ip', ['-o', '-4', 'addr', 'show']);
  for (let attempt = 0; attempt < 50; attempt++) {
    const prefix = `198.${18 + randomInt(2)}.${randomInt(256)}`;
    if (!stdout.includes(`${prefix}.`) && !addrs.includes(`${prefix}.`)) {
      return prefix;
    }
  }
  throw new Error('no free /24 in 198.18.0.0/15 for a pod network');
}

/**
 * Why pod networks cannot be made here (not root, or no `ip`), or undefined when they can.
 *
 * @public
 */
export function podNetworkUnavailableReason(): string | undefined {
  if (process.platform !== 'linux') {
    return 'pod network: network namespaces need Linux';
  }
  if (process.getuid?.() !== 0) {
    return 'pod network: creating a network namespace needs root (CI runs as root); the /health-through-the-pod-proxy cases are skipped';
  }
  return undefined;
}

/**
 * Gives bare-cluster pods a real `/health` answer behind the API server's pod proxy: creates a
 * network namespace and a veth pair, puts `count` pod addresses inside it, routes exactly those
 * addresses (/32) from the host side, and runs a small HTTP responder inside the namespace
 * (`ip netns exec NS node …`) whose answers come from `handler`. Only these addresses are
 * ever used. Root only: check {@link podNetworkUnavailableReason} first. `stop()` removes it
 * all (also on a failed start).
 *
 * @public
 */
export async function startPodNetwork(
  options: PodNetworkOptions = {},
): Promise<PodNetwork> {
  const unavailable = podNetworkUnavailableReason();
  if (unavailable) throw new Error(unavailable);
  const port = options.port ?? 8080;
  const count = options.count ?? 4;
  const handler = options.handler ?? defaultHandler;
  const id = randomBytes(3).toString('hex');
  const ns = `mcpk-pods-${id}`;
  const hostIf = `mcpk${id}h`;
  const podIf = `mcpk${id}p`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mcpk-pod-net-'));
  const socketPath = path.join(dir, 'relay.sock');
  const requests: PodRequest[] = [];
  let responder: ReturnType<typeof spawn> | undefined;
  let relay: http.Server | undefined;
  let nsCreated = false;

  // Should the test process exit without stop() (a crash, a killed worker), the namespace and
  // its addresses must not outlive it.
  const onExit = () => {
    try {
      responder?.kill('SIGKILL');
      if (nsCreated) execFileSync('ip', ['netns', 'del', ns]);
    } catch {
      // already gone
    }
  };
  process.once('exit', onExit);

  const stop = async () => {
    process.removeListener('exit', onExit);
    if (responder && responder.exitCode === null) {
      const exited = new Promise(r => responder!.once('exit', r));
      responder.kill('SIGTERM');
      await exited;
    }
    // Deleting the namespace deletes its veth end, which deletes the pair and the host routes.
    if (nsCreated) await ip('netns', 'del', ns).catch(() => undefined);
    await ip('link', 'del', hostIf).catch(() => undefined);
    await new Promise(r => (relay ? relay.close(r) : r(undefined)));
    fs.rmSync(dir, { recursive: true, force: true });
  };

  try {
    const prefix = await freeSubnet();
    const hostAddr = `${prefix}.1`;
    const ips = Array.from({ length: count }, (_, i) => `${prefix}.${10 + i}`);

    relay = http.createServer((req, res) => {
      let data = '';
      req.setEncoding('utf8');
      req.on('data', c => {
        data += c;
      });
      req.on('end', async () => {
        try {
          const podReq = JSON.parse(data) as PodRequest;
          requests.push(podReq);
          const answer = await handler(podReq);
          res.end(JSON.stringify(answer));
        } catch (e) {
          res.end(JSON.stringify({ status: 500, body: String(e) }));
        }
      });
    });
    await new Promise<void>(r => relay!.listen(socketPath, r));

    await ip('netns', 'add', ns);
    nsCreated = true;
    await ip('link', 'add', hostIf, 'type', 'veth', 'peer', 'name', podIf);
    await ip('link', 'set', podIf, 'netns', ns);
    await ip('addr', 'add', `${hostAddr}/32`, 'dev', hostIf);
    await ip('link', 'set', hostIf, 'up');
    const inNs = (...args: string[]) => ip('netns', 'exec', ns, 'ip', ...args);
    await inNs('link', 'set', 'lo', 'up');
    for (const a of ips) await inNs('addr', 'add', `${a}/32`, 'dev', podIf);
    await inNs('link', 'set', podIf, 'up');
    await inNs('route', 'add', `${hostAddr}/32`, 'dev', podIf);
    for (const a of ips) {
      await ip('route', 'add', `${a}/32`, 'dev', hostIf, 'src', hostAddr);
    }

    const script = path.join(dir, 'responder.js');
    fs.writeFileSync(script, RESPONDER);
    responder = spawn(
      'ip',
      [
        'netns',
        'exec',
        ns,
        process.execPath,
        script,
        socketPath,
        String(port),
        ips.join(','),
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    await new Promise<void>((resolve, reject) => {
      let err = '';
      responder!.stderr!.on('data', c => {
        err += c;
      });
      responder!.stdout!.on('data', c => {
        if (String(c).includes('ready')) resolve();
      });
      responder!.once('exit', code =>
        reject(new Error(`pod network responder exited (${code}): ${err}`)),
      );
    });
    return { ips, port, requests, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
