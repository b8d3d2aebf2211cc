import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/**
 * Helm versions that `scripts/fetch-helm.sh` installs (pinned package
 * versions and sha256 sums live in the script). v4 is what tests and the
 * portal run; v3 is kept for compatibility checks.
 *
 * @public
 */
export const PINNED_HELM_VERSIONS = { v4: 'v4.1.4', v3: 'v3.17.3' } as const;

/** @public */
export type PinnedHelmMajor = keyof typeof PINNED_HELM_VERSIONS;

const FETCH_HINT = 'run `npm run fetch-helm` at the repository root';

/**
 * The repository root: the nearest ancestor holding `chart/Chart.yaml`.
 * Searched from this package and from the working directory, so it works
 * from source, from Jest and from a backend started at the root.
 */
export function findRepoRoot(): string | undefined {
  for (const start of searchStarts()) {
    let dir = resolve(start);
    for (;;) {
      if (existsSync(join(dir, 'chart', 'Chart.yaml'))) {
        return dir;
      }
      const parent = dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  return undefined;
}

function searchStarts(): string[] {
  try {
    return [
      resolvePackagePath('@mcp-kubernetes/plugin-mcp-kubernetes-node'),
      process.cwd(),
    ];
  } catch {
    return [process.cwd()];
  }
}

function requireRepoRoot(what: string): string {
  const root = findRepoRoot();
  if (!root) {
    throw new Error(
      `Cannot find ${what}: no ancestor of ${searchStarts().join(
        ' or ',
      )} contains chart/Chart.yaml. ` +
        'Run from the mcp-kubernetes repository, or configure mcpKubernetes.helm.path and mcpKubernetes.helm.chartPath',
    );
  }
  return root;
}

/**
 * Path of the pinned helm binary, `.tools/helm/<version>/helm`.
 * Throws an error naming `npm run fetch-helm` when it is missing, so tests
 * fail with the fix instead of skipping.
 *
 * @public
 */
export function pinnedHelmPath(
  version: PinnedHelmMajor = 'v4',
  options?: { repoRoot?: string },
): string {
  const pinned = PINNED_HELM_VERSIONS[version];
  if (!pinned) {
    throw new Error(
      `Unknown helm version '${String(version)}'; use one of ${Object.keys(
        PINNED_HELM_VERSIONS,
      ).join(', ')}`,
    );
  }
  const root =
    options?.repoRoot ?? requireRepoRoot(`the pinned helm ${pinned}`);
  const path = join(root, '.tools', 'helm', pinned, 'helm');
  if (!existsSync(path)) {
    throw new Error(
      `The pinned helm ${pinned} is missing at ${path}; ${FETCH_HINT}`,
    );
  }
  return path;
}

/**
 * Environment that keeps helm's cache, config and data under
 * `.tools/helm-home`, so running helm writes nothing into the home directory.
 *
 * @public
 */
export function pinnedHelmEnv(): Record<
  'HOME' | 'HELM_CACHE_HOME' | 'HELM_CONFIG_HOME' | 'HELM_DATA_HOME',
  string
> {
  const home = join(
    requireRepoRoot('the helm home directory'),
    '.tools',
    'helm-home',
  );
  return {
    // client-go's discovery cache goes to $HOME/.kube/cache; without a HOME
    // it lands in the working directory.
    HOME: home,
    HELM_CACHE_HOME: join(home, 'cache'),
    HELM_CONFIG_HOME: join(home, 'config'),
    HELM_DATA_HOME: join(home, 'data'),
  };
}

/**
 * The repository's `chart/` directory, the default chart of the deploy
 * action when `mcpKubernetes.helm.chartPath` is not configured.
 *
 * @public
 */
export function defaultChartPath(): string {
  return join(requireRepoRoot('the mcp-kubernetes chart'), 'chart');
}
