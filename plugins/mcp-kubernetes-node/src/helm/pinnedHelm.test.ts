import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  defaultChartPath,
  findRepoRoot,
  pinnedHelmEnv,
  pinnedHelmPath,
} from './pinnedHelm';

describe('pinnedHelm', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'pinned-helm-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('fails with the fix when the binary is missing', () => {
    expect(() => pinnedHelmPath('v4', { repoRoot: root })).toThrow(
      `The pinned helm v4.1.4 is missing at ${join(
        root,
        '.tools/helm/v4.1.4/helm',
      )}; run \`npm run fetch-helm\``,
    );
  });

  it('returns the versioned path when the binary is there', () => {
    mkdirSync(join(root, '.tools/helm/v3.17.3'), { recursive: true });
    writeFileSync(join(root, '.tools/helm/v3.17.3/helm'), '');
    expect(pinnedHelmPath('v3', { repoRoot: root })).toBe(
      join(root, '.tools/helm/v3.17.3/helm'),
    );
  });

  it('rejects unknown versions by name', () => {
    expect(() => pinnedHelmPath('v2' as 'v3', { repoRoot: root })).toThrow(
      /Unknown helm version 'v2'; use one of v4, v3/,
    );
  });

  it('finds the repository chart and keeps helm state under .tools', () => {
    const repo = findRepoRoot();
    expect(repo).toBeDefined();
    expect(defaultChartPath()).toBe(join(repo!, 'chart'));
    expect(pinnedHelmEnv().HELM_CACHE_HOME).toBe(
      join(repo!, '.tools/helm-home/cache'),
    );
  });
});
