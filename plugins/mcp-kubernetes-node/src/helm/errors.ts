import { ConflictError, CustomErrorBase } from '@backstage/errors';

/** Release states helm leaves behind while (or after a killed) operation runs. @public */
export const BUSY_STATES = [
  'pending-install',
  'pending-upgrade',
  'pending-rollback',
] as const;

/**
 * Why a release is busy: one of helm's pending states, `locked` (another
 * deploy task holds the release's lock, on this or another backend replica) or
 * `install-race` (another install of the same new release won the race).
 *
 * @public
 */
export type BusyReleaseState =
  | (typeof BUSY_STATES)[number]
  | 'locked'
  | 'install-race';

function recovery(
  release: string,
  namespace: string,
  state: BusyReleaseState,
): string {
  if (state === 'locked') {
    return `Wait for that deploy task to finish (see the scaffolder's task list) and run the deploy again; a lock left by a stopped backend expires on its own.`;
  }
  if (state === 'install-race') {
    return `Check "helm history ${release} -n ${namespace}": when the other install succeeded, run the deploy again to upgrade it; when it is stuck pending-install, remove it with "helm uninstall ${release} -n ${namespace}" first.`;
  }
  if (state === 'pending-install') {
    return `If no other deploy is running, remove the half-installed release with "helm uninstall ${release} -n ${namespace}" and run the deploy again.`;
  }
  return `If no other deploy is running, return to the last good revision with "helm rollback ${release} -n ${namespace}" (see "helm history ${release} -n ${namespace}") and run the deploy again.`;
}

function busyReason(state: BusyReleaseState, revision?: number): string {
  if (state === 'locked') {
    return 'another deploy task is running helm on it right now.';
  }
  if (state === 'install-race') {
    return 'another install of the same release started at the same time and got there first.';
  }
  return `its latest revision${
    revision ? ` (${revision})` : ''
  } is ${state}, so another install, upgrade or rollback is running or was interrupted.`;
}

/**
 * Another helm operation holds the release (or a killed one left it pending).
 * A `ConflictError` so routes answer 409.
 *
 * @public
 */
export class ReleaseBusyError extends ConflictError {
  readonly release: string;
  readonly namespace: string;
  readonly state: BusyReleaseState;

  constructor(opts: {
    release: string;
    namespace: string;
    state: BusyReleaseState;
    revision?: number;
  }) {
    super(
      `Release ${opts.namespace}/${opts.release} is busy: ${busyReason(
        opts.state,
        opts.revision,
      )} ${recovery(opts.release, opts.namespace, opts.state)}`,
    );
    this.release = opts.release;
    this.namespace = opts.namespace;
    this.state = opts.state;
  }
}

/** helm exited non-zero; the message carries helm's (redacted, shortened) explanation. @public */
export class HelmCommandError extends CustomErrorBase {
  name = 'HelmCommandError' as const;
  /** The helm sub-command, e.g. `upgrade`. */
  readonly command: string;
  /** True when helm rolled the release back after the failure. */
  readonly rolledBack: boolean;

  constructor(opts: {
    command: string;
    message: string;
    rolledBack?: boolean;
  }) {
    super(opts.message);
    this.command = opts.command;
    this.rolledBack = opts.rolledBack ?? false;
  }
}

/** The configured helm binary is missing or of an unsupported version. @public */
export class HelmUnavailableError extends CustomErrorBase {
  name = 'HelmUnavailableError' as const;
}
