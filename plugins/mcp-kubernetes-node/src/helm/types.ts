import type { KubeConfig } from '@kubernetes/client-node';

/** The helm binary's version; the runner picks flags by `major`. @public */
export interface HelmVersionInfo {
  /** As helm prints it, e.g. `v4.1.4`. */
  version: string;
  major: 3 | 4;
}

/** @public */
export interface HelmReleaseRef {
  kubeConfig: KubeConfig;
  release: string;
  namespace: string;
  signal?: AbortSignal;
}

/** The latest revision of a release as `helm history` reports it. @public */
export interface HelmReleaseState {
  revision: number;
  /** e.g. `deployed`, `failed`, `pending-upgrade`. */
  status: string;
  chart?: string;
  appVersion?: string;
  description?: string;
  /** When helm wrote the revision (ISO), from `helm history`'s `updated`. */
  updatedAt?: string;
}

/** @public */
export interface HelmTemplateRequest {
  release: string;
  namespace: string;
  values: Record<string, unknown>;
  /** Extra `--api-versions` (e.g. `cilium.io/v2`) so CRD-gated templates render. */
  apiVersions?: string[];
  /**
   * `--skip-schema-validation`: only for a caller that has already validated the chart defaults
   * merged with `values` against values.schema.json itself (helm validates again at install).
   */
  skipSchemaValidation?: boolean;
  signal?: AbortSignal;
}

/** @public */
export interface HelmUpgradeRequest extends HelmReleaseRef {
  values: Record<string, unknown>;
  timeoutSeconds: number;
  /** Wait for readiness and roll back on failure (default true). */
  wait?: boolean;
  /** Each progress line of helm, already redacted. */
  onProgress?: (line: string) => void;
}

/** @public */
export interface HelmUpgradeResult {
  operation: 'install' | 'upgrade';
  revision: number;
  status: string;
  /** The revision before this one, when it was an upgrade. */
  previousRevision?: number;
}

/**
 * Runs the pinned chart with the configured helm binary. Every call uses a
 * private temp dir (0600 values and kubeconfig files), an argument array and
 * no shell.
 *
 * @public
 */
export interface HelmRunner {
  /** Detected once, then cached; throws `HelmUnavailableError` when helm is missing or too old. */
  version(): Promise<HelmVersionInfo>;
  /** The chart directory this runner installs. */
  chartPath(): string;
  /** `helm template`: the rendered manifests, no cluster contact. */
  template(req: HelmTemplateRequest): Promise<{ manifests: string }>;
  /** Latest revision, or undefined when the release does not exist. */
  releaseState(ref: HelmReleaseRef): Promise<HelmReleaseState | undefined>;
  /** `upgrade --install`; throws `ReleaseBusyError` when another operation holds the release. */
  upgradeInstall(req: HelmUpgradeRequest): Promise<HelmUpgradeResult>;
  rollback(
    ref: HelmReleaseRef & { revision?: number; timeoutSeconds: number },
  ): Promise<void>;
  uninstall(ref: HelmReleaseRef & { timeoutSeconds: number }): Promise<void>;
  /** Every revision `helm history` keeps, oldest first; empty when the release does not exist. */
  releaseHistory(ref: HelmReleaseRef): Promise<HelmReleaseState[]>;
  /**
   * `helm get values -o json` (the values given at install/upgrade, not the
   * chart defaults) of the latest or a chosen revision; `{}` when none were given.
   */
  getValues(
    ref: HelmReleaseRef & { revision?: number },
  ): Promise<Record<string, unknown>>;
}
