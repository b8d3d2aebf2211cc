import { readdirSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DefaultHelmRunner } from './DefaultHelmRunner';
import { HelmExec, spawnHelm } from './exec';
import { defaultChartPath, pinnedHelmPath } from './pinnedHelm';
import { Redactor } from './redact';

jest.setTimeout(60_000);

describe('DefaultHelmRunner', () => {
  let tempDir: string;
  beforeEach(() => {
    tempDir = mkdtempSync(join(tmpdir(), 'mcpk-runner-test-'));
  });
  afterEach(() => rmSync(tempDir, { recursive: true, force: true }));

  it.each([
    ['v4', { version: 'v4.1.4', major: 4 }],
    ['v3', { version: 'v3.17.3', major: 3 }],
  ] as const)(
    'detects the pinned helm %s and renders the chart',
    async (v, expected) => {
      const runner = DefaultHelmRunner.create({
        helmPath: pinnedHelmPath(v),
        chartPath: defaultChartPath(),
        tempDir,
      });
      await expect(runner.version()).resolves.toEqual(expected);
      const { manifests } = await runner.template({
        release: 'demo',
        namespace: 'team-a',
        values: { replicaCount: 3 },
      });
      expect(manifests).toContain('kind: Deployment');
      expect(manifests).toMatch(/replicas: 3/);
      expect(readdirSync(tempDir)).toEqual([]);
    },
  );

  it('names the config key when helm is missing', async () => {
    const runner = DefaultHelmRunner.create({
      helmPath: join(tempDir, 'no-helm'),
      chartPath: defaultChartPath(),
      tempDir,
    });
    await expect(runner.version()).rejects.toThrow(
      /Cannot run helm at ".*no-helm".*mcpKubernetes\.helm\.path.*npm run fetch-helm/,
    );
  });

  it('refuses a helm older than 3.17', async () => {
    const old: HelmExec = async () => ({
      code: 0,
      stdout: 'v3.12.0',
      stderr: '',
      timedOut: false,
    });
    const runner = DefaultHelmRunner.create({
      helmPath: 'helm',
      chartPath: defaultChartPath(),
      exec: old,
      tempDir,
    });
    await expect(runner.version()).rejects.toThrow(
      'reports version "v3.12.0"; mcp-kubernetes needs helm 3.17+ or 4.x',
    );
  });

  it('removes its temp dir when helm fails, and redacts secrets from the error', async () => {
    const runner = DefaultHelmRunner.create({
      helmPath: pinnedHelmPath('v4'),
      chartPath: defaultChartPath(),
      exec: spawnHelm,
      tempDir,
    });
    // The chart refuses an inline client secret without a client id, quoting nothing of it.
    const secret = 'SEEDED-inline-secret-value';
    const err = await runner
      .template({
        release: 'demo',
        namespace: 'team-a',
        values: {
          mcpKubernetes: {
            oauth: {
              enabled: true,
              baseURL: 'https://x',
              googleClientSecret: secret,
            },
          },
        },
      })
      .catch(e => e);
    expect(err.name).toBe('HelmCommandError');
    expect(err.message).toMatch(/^helm template failed: /);
    expect(err.message).not.toContain(secret);
    expect(readdirSync(tempDir)).toEqual([]);
  });
});

describe('Redactor', () => {
  it('masks credential values and their base64 forms, not other values', () => {
    const r = Redactor.fromValues({
      mcpKubernetes: {
        oauth: {
          googleClientSecret: 'client-secret-1',
          existingSecret: 'name-ok',
          baseURL: 'https://x',
        },
      },
      env: [
        { name: 'API_TOKEN', value: 'tok-123456' },
        { name: 'LOG_LEVEL', value: 'debug' },
      ],
    });
    const b64 = Buffer.from('client-secret-1').toString('base64');
    expect(
      r.redact(`a client-secret-1 b ${b64} c tok-123456 d debug https://x`),
    ).toBe('a [redacted] b [redacted] c [redacted] d debug https://x');
  });
});
