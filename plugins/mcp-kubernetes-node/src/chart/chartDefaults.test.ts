import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { findRepoRoot } from '../helm/pinnedHelm';
import { CHART_DIR, readChartSpec } from './helmHarness';
import { specParameters } from './specExamples';

const values = parse(readFileSync(join(CHART_DIR, 'values.yaml'), 'utf8'));
const lookup = (path: string) =>
  path
    .split('.')
    .reduce<any>(
      (node, key) =>
        node && typeof node === 'object' && key in node ? node[key] : undefined,
      values,
    );
const has = (path: string) => {
  const keys = path.split('.');
  const parent = keys
    .slice(0, -1)
    .reduce<any>((node, key) => node?.[key], values);
  return (
    parent !== null &&
    typeof parent === 'object' &&
    keys[keys.length - 1] in parent
  );
};

describe("the chart's parameters against the spec", () => {
  const parameters = specParameters(readChartSpec(), text => parse(text));

  it('reads every table of the spec', () => {
    expect(parameters.length).toBeGreaterThanOrEqual(40);
  });

  it.each(parameters.map(p => [p.name, p] as const))(
    '%s exists with the spec default',
    (name, parameter) => {
      expect({ name, exists: has(name) }).toEqual({ name, exists: true });
      if (parameter.defersToValuesFile) return;
      expect({ name, default: lookup(name) }).toEqual({
        name,
        default: parameter.default,
      });
    },
  );
});

describe('chart README', () => {
  it('has the parameter table generated from values.schema.json', async () => {
    const root = findRepoRoot()!;
    const result = await new Promise<{ code: number; out: string }>(resolve => {
      execFile(
        process.execPath,
        [join(root, 'scripts/generate-chart-readme.js'), '--check'],
        (error, stdout, stderr) =>
          resolve({ code: error ? 1 : 0, out: stdout + stderr }),
      );
    });
    expect(result).toEqual({
      code: 0,
      out: 'chart/README.md parameter table is up to date\n',
    });
    const readme = readFileSync(join(CHART_DIR, 'README.md'), 'utf8');
    expect(readme).toContain('| `mcpKubernetes.oauth.existingSecret` |');
  });
});
