/**
 * Redaction benchmark (security finding "ReDoS in health-body redaction"). Run:
 * `npm run bench:redaction`.
 *
 * Times the shared redactor (`redactSecrets` of the -common package, which the backend's health
 * excerpt, the node library and the entity card all use) on 4 KiB bodies shaped to make
 * backtracking regexes go quadratic or worse, and prints the worst case. Goal: at most 5 ms
 * (the old health redactor took ~4 s on 4 KiB of `key` repeated). Exits 1 when missed.
 */
import { redactSecrets } from '@mcp-kubernetes/plugin-mcp-kubernetes-common';

const SIZE = 4096;
const GOAL_MS = 5;
const RUNS = 200;
const fill = (unit: string) =>
  unit.repeat(Math.ceil(SIZE / unit.length)).slice(0, SIZE);

function randomBase64(n: number): string {
  const chars =
    'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  let out = '';
  for (let i = 0; i < n; i++) out += chars[(i * 7919 + 13) % chars.length];
  return out;
}

const shapes: Record<string, string> = {
  'key repeated (the finding)': fill('key'),
  'key: repeated': fill('key: '),
  'token= repeated': fill('token='),
  '"password":" repeated': fill('"password":"'),
  'credential words and spaces': fill('password secret token '),
  'a- repeated': fill('a-'),
  'eyJ repeated': fill('eyJ'),
  'JWT-ish segments': fill('.eyJabcde.fghij'),
  'BEGIN without END': fill('-----BEGIN A-----'),
  'Bearer repeated': fill('Bearer '),
  'Bearer then spaces': `Bearer${' '.repeat(SIZE - 7)}x`,
  'scheme, user, no @': `x://u:${'p'.repeat(SIZE - 6)}`,
  'a:// repeated': fill('a://'),
  quotes: fill('"'),
  backslashes: fill('\\'),
  'many short credential pairs': fill('"token":"x",'),
  'one base64 run': randomBase64(SIZE),
  'JSON health body': fill(
    '{"status":"ok","checks":{"db":"up","client_secret":"abc"},"uptime":"3d"}',
  ),
};

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}
function p95(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * 0.95))];
}

const rows: Array<{ shape: string; p50: number; p95: number; max: number }> =
  [];
for (const [shape, body] of Object.entries(shapes)) {
  if (body.length !== SIZE) throw new Error(`${shape}: not ${SIZE} chars`);
  for (let i = 0; i < 20; i++) redactSecrets(body); // warm up the JIT
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = process.hrtime.bigint();
    redactSecrets(body);
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  rows.push({
    shape,
    p50: median(times),
    p95: p95(times),
    max: Math.max(...times),
  });
}

const fmt = (ms: number) => ms.toFixed(3).padStart(8);
console.log(
  `redactSecrets on ${SIZE}-character bodies, ${RUNS} runs per shape (ms)`,
);
console.log(`${'shape'.padEnd(30)}      p50      p95      max`);
for (const r of rows) {
  console.log(
    `${r.shape.padEnd(30)} ${fmt(r.p50)} ${fmt(r.p95)} ${fmt(r.max)}`,
  );
}
const worst = rows.reduce((a, b) => (b.p95 > a.p95 ? b : a));
const ok = worst.p95 <= GOAL_MS;
console.log(
  `worst case (p95): ${worst.p95.toFixed(3)} ms for "${
    worst.shape
  }" (single worst run ${Math.max(...rows.map(r => r.max)).toFixed(
    3,
  )} ms); goal <= ${GOAL_MS} ms: ${ok ? 'met' : 'MISSED'}`,
);
process.exitCode = ok ? 0 : 1;
