import { LoggerService } from '@backstage/backend-plugin-api';

/**
 * Turns helm's progress stream into task-log lines a person can follow:
 * phases ("Applying 6 objects", "Waiting for 6 objects to be ready",
 * "Rolling back to revision 3") and readiness of the Deployment
 * ("Waiting for Deployment mcp-x: 1/2 ready"). helm's own lines go to debug
 * only. Lines we write are built from counts, kinds and names parsed out of
 * helm's words and only name our own Deployment, never values, so no
 * secret can ride along.
 */

/** Reads a Deployment's replica counts (undefined when it cannot be read). */
export type ReadinessReader = () => Promise<
  { desired: number; ready: number } | undefined
>;

const field = (line: string, name: string): string | undefined => {
  const m = new RegExp(`(?:^|\\s)${name}=("(?:[^"\\\\]|\\\\.)*"|\\S*)`).exec(
    line,
  );
  if (!m) return undefined;
  return m[1].startsWith('"') ? m[1].slice(1, -1) : m[1];
};

export class DeployProgress {
  private lastInfo = '';
  private poller?: ReturnType<typeof setInterval>;
  private lastReadiness = '';
  private readonly started: number;

  constructor(
    private readonly log: LoggerService,
    private readonly opts: {
      deploymentName: string;
      readReadiness?: ReadinessReader;
      pollMs?: number;
      now?: () => number;
    },
  ) {
    this.started = (opts.now ?? Date.now)();
  }

  private info(message: string) {
    // helm repeats itself (one line per poll); a person needs each change once.
    if (message !== this.lastInfo) {
      this.lastInfo = message;
      this.log.info(message);
    }
  }

  /** One (already redacted) line of helm's stderr. */
  line(raw: string): void {
    this.log.debug(`helm: ${raw}`);
    const msg = field(raw, 'msg') ?? raw;
    const count = (name: string) => {
      const n = Number(field(raw, name));
      return Number.isInteger(n) && n >= 0 ? n : undefined;
    };
    const applying =
      /^(creating resource\(s\)|checking resources for changes)$/.test(msg)
        ? count('resources')
        : Number(/^creating (\d+) resource\(s\)/.exec(msg)?.[1] ?? NaN);
    const waitingFor =
      msg === 'waiting for resources'
        ? count('count')
        : Number(/^beginning wait for (\d+) resources/.exec(msg)?.[1] ?? NaN);
    const helm3NotReady =
      /^Deployment is not ready: [^/]+\/(\S+)\. (\d+) out of (\d+) expected pods are ready/.exec(
        msg,
      );
    const rollbackTarget =
      (/rolling back/i.test(msg)
        ? /targetVersion=(\d+)/.exec(raw)?.[1]
        : undefined) ?? /^Rolling back .* to revision (\d+)/i.exec(msg)?.[1];

    if (applying !== undefined && applying > 1) {
      this.info(`Applying ${applying} objects`);
    } else if (waitingFor !== undefined && !Number.isNaN(waitingFor)) {
      this.startWaiting(waitingFor);
    } else if (msg === 'waiting for resource') {
      this.waitingForResource(raw);
    } else if (helm3NotReady) {
      if (
        !this.opts.readReadiness &&
        helm3NotReady[1] === this.opts.deploymentName
      ) {
        this.info(
          `Waiting for Deployment ${helm3NotReady[1]}: ${helm3NotReady[2]}/${helm3NotReady[3]} ready`,
        );
      }
    } else if (/^upgrade failed|^install failed/i.test(msg)) {
      this.stopWaiting();
      this.info('helm reports a failure (details below)');
    } else if (rollbackTarget) {
      this.stopWaiting();
      this.info(`Rolling back to revision ${rollbackTarget}`);
    } else if (/^uninstall: Deleting|^Starting delete for/i.test(msg)) {
      this.stopWaiting();
      this.info('Removing the failed install');
    }
  }

  /** helm 4 names each object it waits for; only our Deployment's status is shown. */
  private waitingForResource(raw: string) {
    const name = field(raw, 'name');
    const status = field(raw, 'actualStatus');
    if (
      field(raw, 'kind') === 'Deployment' &&
      name === this.opts.deploymentName &&
      !this.opts.readReadiness &&
      status &&
      /^[A-Za-z]{1,32}$/.test(status)
    ) {
      this.info(`Waiting for Deployment ${name}: ${status}`);
    }
  }

  private startWaiting(n: number | undefined) {
    this.info(
      `Waiting for ${
        n !== undefined ? `${n} objects` : 'the objects'
      } to be ready`,
    );
    if (this.opts.readReadiness && !this.poller) {
      this.poller = setInterval(
        () => void this.pollReadiness(),
        this.opts.pollMs ?? 3000,
      );
      void this.pollReadiness();
    }
  }

  /** Reads the Deployment's counts and logs each change. */
  async pollReadiness(): Promise<void> {
    const counts = await this.opts.readReadiness?.().catch(() => undefined);
    if (!counts || !this.poller) return;
    const text = `Waiting for Deployment ${this.opts.deploymentName}: ${counts.ready}/${counts.desired} ready`;
    if (text !== this.lastReadiness) {
      this.lastReadiness = text;
      this.log.info(text);
    }
  }

  stopWaiting(): void {
    if (this.poller) {
      clearInterval(this.poller);
      this.poller = undefined;
    }
  }

  /** Seconds since the deploy started, rounded. */
  elapsedSeconds(): number {
    return Math.round(((this.opts.now ?? Date.now)() - this.started) / 1000);
  }

  done(opts: { waited: boolean }): void {
    this.stopWaiting();
    this.log.info(
      opts.waited
        ? `Ready in ${this.elapsedSeconds()} s`
        : `Applied in ${this.elapsedSeconds()} s (not waiting for readiness)`,
    );
  }

  rolledBack(revision: number | undefined): void {
    this.stopWaiting();
    this.log.info(
      revision
        ? `Rolled back to revision ${revision}`
        : 'Removed the failed install',
    );
  }
}
