import {
  mkdir,
  mkdtemp,
  readdir,
  rm,
  stat,
  symlink,
  utimes,
  lutimes,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  STALE_WORKSPACE_AGE_MS,
  sweepStaleHelmWorkspaces,
  withHelmWorkspace,
} from './helmWorkspace';

describe('stale helm workspaces left by a killed process', () => {
  let base: string;
  let outside: string;
  const hoursAgo = (h: number) => new Date(Date.now() - h * 3600_000);

  beforeEach(async () => {
    base = await mkdtemp(join(tmpdir(), 'mcpk-sweep-test-'));
    outside = await mkdtemp(join(tmpdir(), 'mcpk-sweep-outside-'));
    // A workspace whose process was killed 3 h ago: values and kubeconfig still on disk.
    const old = join(base, 'mcpk-helm-killed1');
    await mkdir(join(old, 'cache'), { recursive: true });
    await writeFile(join(old, 'values.yaml'), 'encryptionKey: FAKE-old\n');
    await writeFile(join(old, 'kubeconfig'), 'token: FAKE-old\n');
    await utimes(old, hoursAgo(3), hoursAgo(3));
    // A workspace in use right now (a long helm --wait).
    await mkdir(join(base, 'mcpk-helm-running'));
    // Not ours, though old.
    await mkdir(join(base, 'other-tool-x'));
    await utimes(join(base, 'other-tool-x'), hoursAgo(5), hoursAgo(5));
    // A planted symlink with our prefix pointing elsewhere: never followed, never removed.
    await writeFile(join(outside, 'precious'), 'keep');
    await symlink(outside, join(base, 'mcpk-helm-planted'));
    await lutimes(join(base, 'mcpk-helm-planted'), hoursAgo(9), hoursAgo(9));
  });
  afterEach(async () => {
    await rm(base, { recursive: true, force: true });
    await rm(outside, { recursive: true, force: true });
  });

  it('sweeps them before the first workspace of the process, and nothing else', async () => {
    let inside: string[] = [];
    await withHelmWorkspace(
      async ws => {
        inside = await readdir(base);
        expect(ws.dir.startsWith(join(base, 'mcpk-helm-'))).toBe(true);
      },
      { baseDir: base },
    );
    expect(inside).not.toContain('mcpk-helm-killed1');
    expect((await readdir(base)).sort()).toEqual(
      ['mcpk-helm-planted', 'mcpk-helm-running', 'other-tool-x'].sort(),
    );
    expect((await stat(join(outside, 'precious'))).isFile()).toBe(true);
  });

  it('keeps workspaces younger than the longest helm run', async () => {
    const young = join(base, 'mcpk-helm-young');
    await mkdir(young);
    const justUnder = new Date(Date.now() - STALE_WORKSPACE_AGE_MS + 60_000);
    await utimes(young, justUnder, justUnder);
    expect(await sweepStaleHelmWorkspaces({ baseDir: base })).toEqual([
      'mcpk-helm-killed1',
    ]);
    expect(await readdir(base)).toContain('mcpk-helm-young');
  });

  it('is quiet about a base directory that does not exist', async () => {
    await expect(
      sweepStaleHelmWorkspaces({ baseDir: join(base, 'missing') }),
    ).resolves.toEqual([]);
  });
});
