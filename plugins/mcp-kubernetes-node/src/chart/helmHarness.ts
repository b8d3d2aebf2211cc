import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import {
  defaultChartPath,
  findRepoRoot,
  pinnedHelmEnv,
  pinnedHelmPath,
  PinnedHelmMajor,
} from '../helm/pinnedHelm';

/** Test harness: runs the REAL pinned helm against the repository's chart. */

export type K8sObject = Record<string, any>;

export interface HelmResult {
  code: number;
  stdout: string;
  stderr: string;
}

export const CHART_DIR = defaultChartPath();
export const RELEASE = 'mcp';
export const NAMESPACE = 'tools';

/** Runs helm without a shell; never rejects, so tests can assert on failures. */
export function runHelm(
  args: string[],
  version: PinnedHelmMajor = 'v4',
): Promise<HelmResult> {
  const helm = pinnedHelmPath(version); // throws "... run `npm run fetch-helm`" when missing
  return new Promise(resolvePromise => {
    execFile(
      helm,
      args,
      {
        env: {
          PATH: process.env.PATH ?? '',
          ...pinnedHelmEnv(),
        },
        maxBuffer: 32 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        let code = 0;
        if (error) code = typeof error.code === 'number' ? error.code : 1;
        resolvePromise({ code, stdout, stderr });
      },
    );
  });
}

const renderCache = new Map<string, Promise<string>>();

/**
 * `helm template` of the chart with extra args; throws with helm's stderr on
 * failure. Renders are memoised per test file: many tests read the same
 * scenario and helm takes a moment to start on a busy machine.
 */
export function renderChart(
  args: string[],
  version: PinnedHelmMajor = 'v4',
): Promise<string> {
  const key = JSON.stringify([version, args]);
  let rendered = renderCache.get(key);
  if (!rendered) {
    rendered = runHelm(
      ['template', RELEASE, CHART_DIR, '--namespace', NAMESPACE, ...args],
      version,
    ).then(result => {
      if (result.code !== 0) {
        throw new Error(
          `helm template ${args.join(' ')} failed (exit ${result.code}): ${
            result.stderr
          }`,
        );
      }
      return result.stdout;
    });
    renderCache.set(key, rendered);
  }
  return rendered;
}

export function parseObjects(yamlText: string): K8sObject[] {
  return parseAllDocuments(yamlText, { version: '1.1' })
    .map(doc => doc.toJS())
    .filter((o): o is K8sObject => o !== null && typeof o === 'object');
}

export function kindsOf(objects: K8sObject[]): string[] {
  return objects.map(o => o.kind).sort();
}

export function only(objects: K8sObject[], kind: string): K8sObject {
  const found = objects.filter(o => o.kind === kind);
  if (found.length !== 1) {
    throw new Error(
      `expected exactly one ${kind}, found ${found.length} among ${kindsOf(
        objects,
      ).join(', ')}`,
    );
  }
  return found[0];
}

/** The ci/<scenario>-values.yaml files, by scenario name. */
export function ciScenarios(): Record<string, string> {
  const dir = join(CHART_DIR, 'ci');
  return Object.fromEntries(
    readdirSync(dir)
      .filter(f => f.endsWith('-values.yaml'))
      .sort()
      .map(f => [f.replace(/-values\.yaml$/, ''), join(dir, f)]),
  );
}

/**
 * The chart spec lives beside the repository (../shared/spec/chart-README.md);
 * MCPK_CHART_SPEC overrides it. Missing spec fails loudly: the examples and
 * the RBAC list are read from it, not copied.
 */
export function readChartSpec(): string {
  const root = findRepoRoot();
  const candidates = [
    process.env.MCPK_CHART_SPEC,
    root && resolve(root, '..', 'shared', 'spec', 'chart-README.md'),
  ].filter((p): p is string => Boolean(p));
  const found = candidates.find(p => existsSync(p));
  if (!found) {
    throw new Error(
      `The chart spec was not found (looked at ${candidates.join(
        ', ',
      )}); set MCPK_CHART_SPEC to chart-README.md of the shared spec`,
    );
  }
  return readFileSync(found, 'utf8');
}
