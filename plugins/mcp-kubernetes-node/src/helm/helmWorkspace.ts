import { mkdtemp, rm, writeFile } from 'node:fs/promises';
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

export async function withHelmWorkspace<T>(
  fn: (ws: HelmWorkspace) => Promise<T>,
  options?: { baseDir?: string },
): Promise<T> {
  // mkdtemp creates the directory with mode 0700.
  const dir = await mkdtemp(join(options?.baseDir ?? tmpdir(), 'mcpk-helm-'));
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
