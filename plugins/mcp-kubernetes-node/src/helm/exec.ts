import { spawn } from 'node:child_process';

/** One helm invocation: a binary and an argument array, never a shell string. @public */
export interface HelmExecRequest {
  file: string;
  args: string[];
  env: Record<string, string>;
  /** The process is killed after this long. */
  timeoutMs: number;
  signal?: AbortSignal;
  /** Called for each complete stderr line while helm runs (its progress output). */
  onStderrLine?: (line: string) => void;
}

/** @public */
export interface HelmExecResult {
  /** Exit code, or null when the process was killed. */
  code: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

/**
 * The single boundary where helm processes start. Injectable so tests can
 * record every call (and prove hostile input never gets here).
 *
 * @public
 */
export type HelmExec = (req: HelmExecRequest) => Promise<HelmExecResult>;

const MAX_STDOUT = 64 * 1024 * 1024;
const MAX_STDERR = 1024 * 1024;

/** Spawns helm without a shell and collects its output (size-capped). @public */
export const spawnHelm: HelmExec = req =>
  new Promise((resolve, reject) => {
    const child = spawn(req.file, req.args, {
      env: req.env,
      shell: false,
      stdio: ['ignore', 'pipe', 'pipe'],
      signal: req.signal,
    });
    let stdout = '';
    let stderr = '';
    let pending = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGTERM');
    }, req.timeoutMs);
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      if (stdout.length < MAX_STDOUT) {
        stdout += chunk;
      }
    });
    child.stderr.on('data', (chunk: string) => {
      if (stderr.length < MAX_STDERR) {
        stderr += chunk;
      }
      if (req.onStderrLine) {
        pending += chunk;
        const lines = pending.split('\n');
        pending = lines.pop() ?? '';
        lines.filter(l => l.trim()).forEach(l => req.onStderrLine!(l));
      }
    });
    child.on('error', err => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', code => {
      clearTimeout(timer);
      if (pending.trim() && req.onStderrLine) {
        req.onStderrLine(pending);
      }
      resolve({ code, stdout, stderr, timedOut });
    });
  });
