import { lstat, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A private directory (0700) for one helm operation: the values and the
 * kubeconfig as 0600 files, and helm's cache/config/data homes so helm writes
 * nothing into the backend's home directory. Always removed afterwards, also
 * when helm fails or the task is aborted.
 *
 * @public
 */
export interface HelmWorkspace {
  dir: string;
  /** Writes a file readable only by the backend user; returns its path. */
  writePrivateFile(name: string, content: string): Promise<string>;
  /** The environment helm runs with: no inherited variables but PATH and proxies. */
  env: Record<string, string>;
}

/** Variables passed through from the backend's environment (nothing that could hold a credential). */
const PASS_THROUGH = [
  'PATH',
  'HTTPS_PROXY',
  'https_proxy',
  'HTTP_PROXY',
  'http_proxy',
  'NO_PROXY',
  'no_proxy',
];

const WORKSPACE_PREFIX = 'mcpk-helm-';

/**
 * A workspace untouched for this long belongs to a process that was killed (the `finally` that
 * removes it never ran): longer than the longest helm run (1 h timeout plus the kill grace).
 */
export const STALE_WORKSPACE_AGE_MS = 2 * 60 * 60 * 1000;

/**
 * Removes workspaces a killed backend left behind in `baseDir`: directories named with our
 * prefix, owned by this user, not modified for `olderThanMs`. Symlinks and other users'
 * directories are never touched. Returns the names removed.
 */
export async function sweepStaleHelmWorkspaces(options?: {
  baseDir?: string;
  olderThanMs?: number;
  now?: number;
}): Promise<string[]> {
  const baseDir = options?.baseDir ?? tmpdir();
  const cutoff =
    (options?.now ?? Date.now()) -
    (options?.olderThanMs ?? STALE_WORKSPACE_AGE_MS);
  const uid = process.getuid?.();
  const removed: string[] = [];
  let entries;
  try {
    entries = await readdir(baseDir, { withFileTypes: true });
  } catch {
    return removed;
  }
  for (const entry of entries) {
    // Dirent of readdir does not follow symlinks: a planted link is not a directory here.
    if (!entry.isDirectory() || !entry.name.startsWith(WORKSPACE_PREFIX)) {
      continue;
    }
    const path = join(baseDir, entry.name);
    try {
      const st = await lstat(path);
      if (!st.isDirectory() || (uid !== undefined && st.uid !== uid)) continue;
      if (st.mtimeMs >= cutoff) continue;
      await rm(path, { recursive: true, force: true });
      removed.push(entry.name);
    } catch {
      // Gone meanwhile or not ours to remove: leave it.
    }
  }
  return removed;
}

/** One sweep per base directory per process, before its first workspace. */
const sweeps = new Map<string, Promise<string[]>>();

export async function withHelmWorkspace<T>(
  fn: (ws: HelmWorkspace) => Promise<T>,
  options?: { baseDir?: string },
): Promise<T> {
  const baseDir = options?.baseDir ?? tmpdir();
  if (!sweeps.has(baseDir)) {
    sweeps.set(baseDir, sweepStaleHelmWorkspaces({ baseDir }));
  }
  await sweeps.get(baseDir);
  // mkdtemp creates the directory with mode 0700.
  const dir = await mkdtemp(join(baseDir, WORKSPACE_PREFIX));
  try {
    const env: Record<string, string> = {};
    for (const key of PASS_THROUGH) {
      const v = process.env[key];
      if (v !== undefined) {
        env[key] = v;
      }
    }
    Object.assign(env, {
      HOME: dir,
      HELM_CACHE_HOME: join(dir, 'cache'),
      HELM_CONFIG_HOME: join(dir, 'config'),
      HELM_DATA_HOME: join(dir, 'data'),
      // Never let helm fall back to a kubeconfig of the backend's user.
      KUBECONFIG: join(dir, 'no-kubeconfig'),
    });
    return await fn({
      dir,
      env,
      async writePrivateFile(name, content) {
        const path = join(dir, name);
        // 'wx': fail instead of following a planted file or symlink.
        await writeFile(path, content, { mode: 0o600, flag: 'wx' });
        return path;
      },
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
