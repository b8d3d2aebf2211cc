import {
  AuthService,
  DiscoveryService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  RecordReleaseOperationRequest,
  redactSecrets,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-common';

/** The backend plugin that keeps the journal. */
const JOURNAL_PLUGIN_ID = 'mcp-kubernetes';
/** A journal write must never hold up a finished task for long. */
const DEFAULT_TIMEOUT_MS = 10_000;
const MAX_REASON_CHARS = 200;

/**
 * Records a finished operation in the mcp-kubernetes backend's operations journal (who ran
 * what, which revision it made), for the release history on the card. Best effort: `record`
 * never throws; a failure is a warning in the task log, because the operation itself happened
 * and its audit event exists.
 *
 * @public
 */
export interface OperationsJournalWriter {
  record(
    entry: RecordReleaseOperationRequest,
    log: LoggerService,
  ): Promise<void>;
}

/** A journal that keeps nothing (actions built without one, e.g. in unit tests). @internal */
export const noJournal: OperationsJournalWriter = {
  async record() {},
};

/** What an action knows about who ran it (the task's user and id), its log and checkpoints. */
interface TaskContextLike {
  user?: { ref?: string };
  task?: { id?: string };
  logger: LoggerService;
  checkpoint(opts: { key: string; fn: () => Promise<void> }): Promise<void>;
}

/** The journal entry of an operation run by a scaffolder task. @internal */
export function journalEntry(
  ctx: Pick<TaskContextLike, 'user' | 'task'>,
  entry: Omit<RecordReleaseOperationRequest, 'actor' | 'taskId'>,
): RecordReleaseOperationRequest {
  return {
    ...entry,
    actor: ctx.user?.ref ?? 'unknown',
    ...(ctx.task?.id ? { taskId: ctx.task.id } : {}),
  };
}

/** Why a write failed, in words: no bodies, no tokens. */
function reasonOf(error: unknown): string {
  const e = error as { message?: unknown; cause?: { code?: unknown } };
  const code = typeof e?.cause?.code === 'string' ? ` (${e.cause.code})` : '';
  const message = typeof e?.message === 'string' ? e.message : 'unknown error';
  return redactSecrets(`${message}${code}`, MAX_REASON_CHARS);
}

/**
 * Writes the journal through `POST /api/mcp-kubernetes/operations` with this plugin's own
 * service credentials (the route refuses users).
 *
 * @public
 */
export class OperationsJournalClient implements OperationsJournalWriter {
  private constructor(
    private readonly options: {
      auth: AuthService;
      discovery: DiscoveryService;
      fetch: typeof fetch;
      timeoutMs: number;
    },
  ) {}

  static create(options: {
    auth: AuthService;
    discovery: DiscoveryService;
    /** The HTTP client (default: the global fetch). */
    fetch?: typeof fetch;
    /** Give up after this long (default 10 s). */
    timeoutMs?: number;
  }): OperationsJournalClient {
    return new OperationsJournalClient({
      auth: options.auth,
      discovery: options.discovery,
      fetch: options.fetch ?? globalThis.fetch,
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    });
  }

  async record(
    entry: RecordReleaseOperationRequest,
    log: LoggerService,
  ): Promise<void> {
    try {
      const { auth, discovery } = this.options;
      const { token } = await auth.getPluginRequestToken({
        onBehalfOf: await auth.getOwnServiceCredentials(),
        targetPluginId: JOURNAL_PLUGIN_ID,
      });
      const baseUrl = await discovery.getBaseUrl(JOURNAL_PLUGIN_ID);
      const res = await this.options.fetch(`${baseUrl}/operations`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Authorization: `Bearer ${token}`,
        },
        body: JSON.stringify(entry),
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      // Drain the answer either way; its text is not logged (only the status says why).
      await res.text().catch(() => undefined);
      if (!res.ok) {
        throw new Error(
          `the mcp-kubernetes backend answered HTTP ${res.status}`,
        );
      }
    } catch (error) {
      log.warn(
        `Could not record this ${entry.action} of ${entry.namespace}/${
          entry.release
        } in the release history: ${reasonOf(error)}. The ${
          entry.action
        } itself succeeded; the card's history will show it without who ran it.`,
      );
    }
  }
}

/**
 * Records a finished operation of a task in the journal, once: a retried task skips a write
 * that already ran (its own checkpoint). Never throws.
 *
 * @internal
 */
export async function recordOperation(
  ctx: TaskContextLike,
  journal: OperationsJournalWriter,
  entry: Omit<RecordReleaseOperationRequest, 'actor' | 'taskId'>,
): Promise<void> {
  await ctx.checkpoint({
    key: `mcp-kubernetes-journal.v1.${entry.action}.${entry.cluster}/${
      entry.namespace
    }/${entry.release}.${entry.revision ?? ''}`,
    fn: () => journal.record(journalEntry(ctx, entry), ctx.logger),
  });
}
