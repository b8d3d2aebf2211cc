import { ConflictError, CustomErrorBase } from '@backstage/errors';

/** Release states helm leaves behind while (or after a killed) operation runs. */
export const BUSY_STATES = [
  'pending-install',
  'pending-upgrade',
  'pending-rollback',
] as const;

/** @public */
export type BusyReleaseState = (typeof BUSY_STATES)[number];

function recovery(
  release: string,
  namespace: string,
  state: BusyReleaseState,
): string {
  if (state === 'pending-install') {
    return `If no other deploy is running, remove the half-installed release with "helm uninstall ${release} -n ${namespace}" and run the deploy again.`;
  }
  return `If no other deploy is running, return to the last good revision with "helm rollback ${release} -n ${namespace}" (see "helm history ${release} -n ${namespace}") and run the deploy again.`;
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
      `Release ${opts.namespace}/${opts.release} is busy: its latest revision${
        opts.revision ? ` (${opts.revision})` : ''
      } is ${
        opts.state
      }, so another install, upgrade or rollback is running or was interrupted. ${recovery(
        opts.release,
        opts.namespace,
        opts.state,
      )}`,
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
