import { KubeConfig } from '@kubernetes/client-node';
import {
  HelmCommandError,
  HelmUnavailableError,
  ReleaseBusyError,
} from './errors';
import { HelmExec, HelmExecResult, spawnHelm } from './exec';
import {
  explain,
  isBusy,
  parseHistoryEntries,
  parseRevision,
  upgradeFailure,
} from './helmOutput';
import { HelmWorkspace, withHelmWorkspace } from './helmWorkspace';
import { Redactor } from './redact';
import {
  HelmReleaseRef,
  HelmReleaseState,
  HelmRunner,
  HelmTemplateRequest,
  HelmUpgradeRequest,
  HelmUpgradeResult,
  HelmVersionInfo,
} from './types';

/** @public */
export interface DefaultHelmRunnerOptions {
  /** The helm binary (`mcpKubernetes.helm.path`). */
  helmPath: string;
  chartPath: string;
  /** The process boundary; tests inject a recorder. */
  exec?: HelmExec;
  /** Parent of the per-operation private dirs (default: the OS temp dir). */
  tempDir?: string;
}

/** Writes the values as JSON, which is YAML to helm and several times faster to write than YAML. */
function writeValuesFile(
  ws: HelmWorkspace,
  values: Record<string, unknown>,
): Promise<string> {
  return ws.writePrivateFile('values.yaml', JSON.stringify(values));
}

/** Fast commands (version, template, history) get this long before they are killed. */
const SHORT_TIMEOUT_MS = 60_000;
/** Extra time after helm's own --timeout before the process is killed (a killed helm leaves the release pending). */
const KILL_GRACE_MS = 120_000;
/** When to kill a helm that was given `--timeout <seconds>s`. */
function killAfterMs(timeoutSeconds: number): number {
  return timeoutSeconds * 1000 + KILL_GRACE_MS;
}

/**
 * Runs helm as a child process with argument arrays. Flags depend on the
 * detected major version: helm 4 `--rollback-on-failure --wait=watcher`
 * (server-side apply is its default), helm 3 `--atomic --wait`.
 *
 * @public
 */
export class DefaultHelmRunner implements HelmRunner {
  private versionPromise?: Promise<HelmVersionInfo>;
  private readonly exec: HelmExec;

  static create(options: DefaultHelmRunnerOptions): DefaultHelmRunner {
    return new DefaultHelmRunner(options);
  }

  private constructor(private readonly options: DefaultHelmRunnerOptions) {
    this.exec = options.exec ?? spawnHelm;
  }

  chartPath(): string {
    return this.options.chartPath;
  }

  version(): Promise<HelmVersionInfo> {
    if (!this.versionPromise) {
      this.versionPromise = this.detectVersion();
      // A failed detection is retried next time (helm may be installed later).
      this.versionPromise.catch(() => {
        this.versionPromise = undefined;
      });
    }
    return this.versionPromise;
  }

  private async detectVersion(): Promise<HelmVersionInfo> {
    const { helmPath } = this.options;
    let result: HelmExecResult;
    try {
      result = await this.inWorkspace(ws =>
        this.run(
          ws,
          ['version', '--template', '{{.Version}}'],
          SHORT_TIMEOUT_MS,
        ),
      );
    } catch (e) {
      throw new HelmUnavailableError(
        `Cannot run helm at "${helmPath}" (${
          (e as Error).message
        }); install helm 3.17+ or 4.x and set mcpKubernetes.helm.path, or run "npm run fetch-helm" for the pinned binaries`,
      );
    }
    const version = result.stdout.trim();
    const match = /^v(\d+)\.(\d+)\./.exec(version);
    const major = match ? Number(match[1]) : NaN;
    const minor = match ? Number(match[2]) : NaN;
    if (
      result.code !== 0 ||
      !match ||
      (major !== 3 && major !== 4) ||
      (major === 3 && minor < 17)
    ) {
      throw new HelmUnavailableError(
        `helm at "${helmPath}" reports version "${
          version || 'unknown'
        }"; mcp-kubernetes needs helm 3.17+ or 4.x (set mcpKubernetes.helm.path)`,
      );
    }
    return { version, major: major as 3 | 4 };
  }

  async template(req: HelmTemplateRequest): Promise<{ manifests: string }> {
    await this.version();
    const redactor = Redactor.fromValues(req.values);
    return this.inWorkspace(async ws => {
      const valuesFile = await writeValuesFile(ws, req.values);
      const args = [
        'template',
        req.release,
        this.options.chartPath,
        '--namespace',
        req.namespace,
        '--values',
        valuesFile,
      ];
      for (const api of req.apiVersions ?? []) {
        args.push('--api-versions', api);
      }
      if (req.skipSchemaValidation) {
        args.push('--skip-schema-validation');
      }
      const result = await this.run(ws, args, SHORT_TIMEOUT_MS, req.signal);
      if (result.code !== 0) {
        throw new HelmCommandError({
          command: 'template',
          message: `helm template failed: ${explain(result, redactor)}`,
        });
      }
      return { manifests: result.stdout };
    });
  }

  async releaseState(
    ref: HelmReleaseRef,
  ): Promise<HelmReleaseState | undefined> {
    await this.version();
    const redactor = Redactor.fromValues({}, ref.kubeConfig);
    return this.inWorkspace(async ws =>
      this.history(
        ws,
        ref,
        await this.writeKubeConfig(ws, ref.kubeConfig),
        redactor,
      ),
    );
  }

  async upgradeInstall(req: HelmUpgradeRequest): Promise<HelmUpgradeResult> {
    const { major } = await this.version();
    const redactor = Redactor.fromValues(req.values, req.kubeConfig);
    const wait = req.wait ?? true;
    return this.inWorkspace(async ws => {
      const kubeconfigFile = await this.writeKubeConfig(ws, req.kubeConfig);
      const before = await this.history(ws, req, kubeconfigFile, redactor);
      if (before && isBusy(before.status)) {
        throw new ReleaseBusyError({
          release: req.release,
          namespace: req.namespace,
          state: before.status,
          revision: before.revision,
        });
      }
      const valuesFile = await writeValuesFile(ws, req.values);
      const args = [
        'upgrade',
        '--install',
        req.release,
        this.options.chartPath,
        '--namespace',
        req.namespace,
        '--create-namespace',
        '--kubeconfig',
        kubeconfigFile,
        '--values',
        valuesFile,
        '--timeout',
        `${req.timeoutSeconds}s`,
        '--output',
        'json',
        '--debug',
      ];
      if (wait) {
        args.push(
          ...(major === 4
            ? ['--rollback-on-failure', '--wait=watcher']
            : ['--atomic', '--wait']),
        );
      }
      const result = await this.run(
        ws,
        args,
        killAfterMs(req.timeoutSeconds),
        req.signal,
        line => req.onProgress?.(redactor.redact(line)),
      );
      if (result.code !== 0) {
        await this.throwUpgradeFailure(
          ws,
          req,
          kubeconfigFile,
          result,
          redactor,
          before,
        );
      }
      const revision = parseRevision(result.stdout);
      return {
        operation: before ? 'upgrade' : 'install',
        revision: revision?.version ?? (before ? before.revision + 1 : 1),
        status: revision?.status ?? 'deployed',
        previousRevision: before?.revision,
      };
    });
  }

  async rollback(
    ref: HelmReleaseRef & { revision?: number; timeoutSeconds: number },
  ): Promise<void> {
    const { major } = await this.version();
    await this.runOnRelease(
      'rollback',
      ref,
      ref.revision ? [String(ref.revision)] : [],
      major === 4 ? ['--wait=watcher'] : ['--wait'],
    );
  }

  async uninstall(
    ref: HelmReleaseRef & { timeoutSeconds: number },
  ): Promise<void> {
    await this.version();
    await this.runOnRelease('uninstall', ref);
  }

  async releaseHistory(ref: HelmReleaseRef): Promise<HelmReleaseState[]> {
    await this.version();
    const redactor = Redactor.fromValues({}, ref.kubeConfig);
    return this.inWorkspace(async ws => {
      const kubeconfigFile = await this.writeKubeConfig(ws, ref.kubeConfig);
      return this.historyEntries(ws, ref, kubeconfigFile, redactor);
    });
  }

  async getValues(
    ref: HelmReleaseRef & { revision?: number },
  ): Promise<Record<string, unknown>> {
    await this.version();
    const redactor = Redactor.fromValues({}, ref.kubeConfig);
    const what = `${ref.namespace}/${ref.release}${
      ref.revision ? ` revision ${ref.revision}` : ''
    }`;
    return this.inWorkspace(async ws => {
      const kubeconfigFile = await this.writeKubeConfig(ws, ref.kubeConfig);
      const args = [
        'get',
        'values',
        ref.release,
        '--namespace',
        ref.namespace,
        '--kubeconfig',
        kubeconfigFile,
        '--output',
        'json',
      ];
      if (ref.revision !== undefined) {
        if (!Number.isInteger(ref.revision) || ref.revision < 1) {
          throw new HelmCommandError({
            command: 'get values',
            message: `revision must be a positive whole number, got ${ref.revision}`,
          });
        }
        args.push('--revision', String(ref.revision));
      }
      const result = await this.run(ws, args, SHORT_TIMEOUT_MS, ref.signal);
      if (result.code !== 0) {
        throw new HelmCommandError({
          command: 'get values',
          message: `Cannot read the values of ${what}: ${explain(
            result,
            redactor,
          )}`,
        });
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(result.stdout);
      } catch {
        throw new HelmCommandError({
          command: 'get values',
          message: `helm get values of ${what} printed no JSON`,
        });
      }
      // helm prints `null` for a release installed without values.
      if (parsed === null) return {};
      if (typeof parsed !== 'object' || Array.isArray(parsed)) {
        throw new HelmCommandError({
          command: 'get values',
          message: `helm get values of ${what} printed no object`,
        });
      }
      return parsed as Record<string, unknown>;
    });
  }

  /**
   * Runs `helm <command> <release> [positional] --namespace --kubeconfig --timeout [flags]`
   * in its own workspace; a non-zero exit becomes a HelmCommandError with helm's redacted reason.
   */
  private async runOnRelease(
    command: 'rollback' | 'uninstall',
    ref: HelmReleaseRef & { timeoutSeconds: number },
    positional: string[] = [],
    flags: string[] = [],
  ): Promise<void> {
    const redactor = Redactor.fromValues({}, ref.kubeConfig);
    await this.inWorkspace(async ws => {
      const kubeconfigFile = await this.writeKubeConfig(ws, ref.kubeConfig);
      const args = [
        command,
        ref.release,
        ...positional,
        '--namespace',
        ref.namespace,
        '--kubeconfig',
        kubeconfigFile,
        '--timeout',
        `${ref.timeoutSeconds}s`,
        ...flags,
      ];
      const result = await this.run(
        ws,
        args,
        killAfterMs(ref.timeoutSeconds),
        ref.signal,
      );
      if (result.code !== 0) {
        throw new HelmCommandError({
          command,
          message: `helm ${command} of ${ref.namespace}/${
            ref.release
          } failed: ${explain(result, redactor)}`,
        });
      }
    });
  }

  /** One private workspace per operation, under the configured temp dir. */
  private inWorkspace<T>(fn: (ws: HelmWorkspace) => Promise<T>): Promise<T> {
    return withHelmWorkspace(fn, { baseDir: this.options.tempDir });
  }

  private run(
    ws: HelmWorkspace,
    args: string[],
    timeoutMs: number,
    signal?: AbortSignal,
    onStderrLine?: (line: string) => void,
  ): Promise<HelmExecResult> {
    return this.exec({
      file: this.options.helmPath,
      args,
      env: ws.env,
      timeoutMs,
      signal,
      onStderrLine,
    });
  }

  private writeKubeConfig(ws: HelmWorkspace, kc: KubeConfig): Promise<string> {
    return ws.writePrivateFile('kubeconfig', kc.exportConfig());
  }

  /** The release's last revision, or undefined when it is not installed. */
  private async history(
    ws: HelmWorkspace,
    ref: HelmReleaseRef,
    kubeconfigFile: string,
    redactor: Redactor,
  ): Promise<HelmReleaseState | undefined> {
    const entries = await this.historyEntries(
      ws,
      ref,
      kubeconfigFile,
      redactor,
      1,
    );
    return entries[entries.length - 1];
  }

  /** `helm history` (the last `max` revisions when given); empty when the release is not installed. */
  private async historyEntries(
    ws: HelmWorkspace,
    ref: HelmReleaseRef,
    kubeconfigFile: string,
    redactor: Redactor,
    max?: number,
  ): Promise<HelmReleaseState[]> {
    const args = [
      'history',
      ref.release,
      '--namespace',
      ref.namespace,
      '--kubeconfig',
      kubeconfigFile,
      ...(max === undefined ? [] : ['--max', String(max)]),
      '--output',
      'json',
    ];
    const result = await this.run(ws, args, SHORT_TIMEOUT_MS, ref.signal);
    if (result.code !== 0) {
      if (/release: not found/i.test(result.stderr)) {
        return [];
      }
      throw new HelmCommandError({
        command: 'history',
        message: `Cannot read the history of release ${ref.namespace}/${
          ref.release
        }: ${explain(result, redactor)}`,
      });
    }
    try {
      return parseHistoryEntries(result.stdout);
    } catch {
      throw new HelmCommandError({
        command: 'history',
        message: `helm history of ${ref.namespace}/${ref.release} printed no JSON`,
      });
    }
  }

  /** Turns a failed upgrade into a typed error: busy, or failed (and whether helm rolled back). */
  private async throwUpgradeFailure(
    ws: HelmWorkspace,
    req: HelmUpgradeRequest,
    kubeconfigFile: string,
    result: HelmExecResult,
    redactor: Redactor,
    before: HelmReleaseState | undefined,
  ): Promise<never> {
    const after = await this.history(ws, req, kubeconfigFile, redactor).catch(
      () => undefined,
    );
    throw upgradeFailure({
      release: req.release,
      namespace: req.namespace,
      result,
      redactor,
      before,
      after,
    });
  }
}
