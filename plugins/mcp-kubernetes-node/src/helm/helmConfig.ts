import { Config } from '@backstage/config';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { defaultChartPath } from './pinnedHelm';

/** `mcpKubernetes.helm` resolved. @public */
export interface HelmConfig {
  /** The helm binary: `mcpKubernetes.helm.path`, default `helm` on PATH. */
  path: string;
  /** The chart directory: `mcpKubernetes.helm.chartPath`, default the repo's `chart/`. */
  chartPath: string;
  /** Default `--timeout` of installs in seconds: `mcpKubernetes.helm.timeoutSeconds` (300). */
  timeoutSeconds: number;
}

/** @public */
export function readHelmConfig(config: Config): HelmConfig {
  const path = config.getOptionalString('mcpKubernetes.helm.path') ?? 'helm';
  const chartPath = config.getOptionalString('mcpKubernetes.helm.chartPath');
  const timeoutSeconds =
    config.getOptionalNumber('mcpKubernetes.helm.timeoutSeconds') ?? 300;
  if (
    !Number.isInteger(timeoutSeconds) ||
    timeoutSeconds < 10 ||
    timeoutSeconds > 3600
  ) {
    throw new Error(
      `Invalid config mcpKubernetes.helm.timeoutSeconds: ${timeoutSeconds}; use a whole number of seconds between 10 and 3600`,
    );
  }
  return {
    path,
    chartPath: chartPath ? resolve(chartPath) : defaultChartPath(),
    timeoutSeconds,
  };
}

/** The chart's own `values.yaml`, so policy rules judge omitted values by their defaults. @public */
export async function loadChartDefaults(
  chartPath: string,
): Promise<Record<string, unknown>> {
  const file = join(chartPath, 'values.yaml');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new Error(
      `Cannot read the chart's values at ${file} (${
        (e as Error).message
      }); set mcpKubernetes.helm.chartPath to the mcp-kubernetes chart directory`,
    );
  }
  const parsed = parseYaml(text) ?? {};
  return typeof parsed === 'object' && !Array.isArray(parsed) ? parsed : {};
}

/** The chart's `values.schema.json` (JSON Schema the deploy action validates values with). @public */
export async function loadValuesSchema(
  chartPath: string,
): Promise<Record<string, unknown>> {
  const file = join(chartPath, 'values.schema.json');
  try {
    return JSON.parse(await readFile(file, 'utf8'));
  } catch (e) {
    throw new Error(
      `Cannot read the chart's values schema at ${file} (${
        (e as Error).message
      }); set mcpKubernetes.helm.chartPath to the mcp-kubernetes chart directory`,
    );
  }
}
