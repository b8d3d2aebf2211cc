import { BUSY_STATES, HelmCommandError, ReleaseBusyError } from './errors';
import { HelmExecResult } from './exec';
import { Redactor } from './redact';
import { HelmReleaseState } from './types';

/** Reading helm's output: errors a person can act on, and the JSON it prints. */

const ERROR_TAIL_LINES = 12;

/** Keeps the end of helm's stderr (the reason is usually last), without helm's debug noise. */
export function explain(result: HelmExecResult, redactor: Redactor): string {
  const lines = result.stderr
    .split('\n')
    .map(l => l.trim())
    .filter(Boolean);
  const errorLines = lines.filter(l => /^(Error|error)/.test(l));
  const chosen = (errorLines.length ? errorLines : lines).slice(
    -ERROR_TAIL_LINES,
  );
  if (result.timedOut) {
    chosen.push('(helm did not finish in time and was stopped)');
  }
  return redactor.redact(
    chosen.join('\n') || `helm exited with code ${result.code}`,
  );
}

export function isBusy(status: string): status is (typeof BUSY_STATES)[number] {
  return (BUSY_STATES as readonly string[]).includes(status);
}

/** helm's words when a concurrent install of the same new release won. */
const INSTALL_RACE =
  /release: already exists|cannot re-use a name that is still in use/i;

/** The revision and status of `helm upgrade -o json`; undefined when it printed no JSON. */
export function parseRevision(
  stdout: string,
): { version?: number; status?: string } | undefined {
  try {
    const release = JSON.parse(stdout) as {
      version?: number;
      info?: { status?: string };
    };
    return { version: release.version, status: release.info?.status };
  } catch {
    return undefined;
  }
}

/** Every entry of `helm history -o json`, oldest first. */
export function parseHistoryEntries(stdout: string): HelmReleaseState[] {
  const entries = JSON.parse(stdout) as Array<{
    revision: number;
    status: string;
    chart?: string;
    app_version?: string;
    description?: string;
    updated?: string;
  }>;
  if (!Array.isArray(entries)) {
    throw new Error('helm history printed no list');
  }
  return entries.map(e => ({
    revision: e.revision,
    status: e.status,
    chart: e.chart,
    appVersion: e.app_version,
    description: e.description,
    ...isoTime(e.updated),
  }));
}

/** helm's `updated` (RFC 3339 with nanoseconds) as ISO; nothing when absent or unreadable. */
function isoTime(value: unknown): { updatedAt?: string } {
  if (typeof value !== 'string') return {};
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? { updatedAt: new Date(ms).toISOString() } : {};
}

/** A failed upgrade as a typed error: busy (another operation), or failed and whether helm rolled back. */
export function upgradeFailure(opts: {
  release: string;
  namespace: string;
  result: HelmExecResult;
  redactor: Redactor;
  before?: HelmReleaseState;
  after?: HelmReleaseState;
}): Error {
  const { release, namespace, result, redactor, before, after } = opts;
  if (
    /another operation \(install\/upgrade\/rollback\) is in progress/i.test(
      result.stderr,
    )
  ) {
    const state =
      after && isBusy(after.status) ? after.status : 'pending-upgrade';
    return new ReleaseBusyError({
      release,
      namespace,
      state,
      revision: after?.revision,
    });
  }
  if (!before && INSTALL_RACE.test(result.stderr)) {
    return new ReleaseBusyError({
      release,
      namespace,
      state: after && isBusy(after.status) ? after.status : 'install-race',
      revision: after?.revision,
    });
  }
  const rolledBack = Boolean(
    before &&
      after &&
      after.revision > before.revision &&
      /^Rollback to/i.test(after.description ?? ''),
  );
  let outcome = '';
  if (rolledBack) {
    outcome = ` Helm rolled the release back to revision ${before!.revision}.`;
  } else if (!before && after === undefined) {
    outcome = ' Helm removed the failed install.';
  }
  return new HelmCommandError({
    command: 'upgrade',
    rolledBack,
    message: `helm ${
      before ? 'upgrade' : 'install'
    } of ${namespace}/${release} failed: ${explain(
      result,
      redactor,
    )}${outcome}`,
  });
}
