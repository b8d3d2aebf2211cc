import { useCallback, useEffect, useRef, useState } from 'react';
import {
  ScaffolderApi,
  ScaffolderScaffoldOptions,
} from '@backstage/plugin-scaffolder-react';
import { Day2Action, Day2Templates } from './day2Templates';
import { errorText } from './errorText';

/** How often a running task is asked for its status. */
export const TASK_POLL_INTERVAL_MS = 1500;
/** How long to wait for a failed task's log to name its error. */
const FAILURE_LOG_TIMEOUT_MS = 5000;
/** Consecutive failed status reads after which the card stops following the task. */
const MAX_POLL_FAILURES = 3;

/** The operation the card started last, as its status line shows it. */
export interface Day2OperationState {
  action: Day2Action;
  state: 'running' | 'completed' | 'failed';
  /** Known once the scaffolder accepted the task. */
  taskId?: string;
  /** Why it failed; absent when the task log did not say (the UI then points at the log). */
  error?: string;
}

/** Values handed to a day-2 template: its parameters, all JSON. */
export type Day2Values = ScaffolderScaffoldOptions['values'];

const sleep = (ms: number) =>
  new Promise<void>(resolve => {
    setTimeout(resolve, ms);
  });

/**
 * The error a failed task reported: the scaffolder writes it on the task's `completion`
 * event (`body.error.message`); a step's own failed log line is the fallback. Gives up
 * after a few seconds rather than leaving the card waiting on an event stream.
 */
function taskFailureMessage(
  api: ScaffolderApi,
  taskId: string,
): Promise<string | undefined> {
  return new Promise(resolve => {
    let lastFailedLine: string | undefined;
    let finished = false;
    let subscription: { unsubscribe(): void } | undefined;
    const timer = setTimeout(
      () => done(lastFailedLine),
      FAILURE_LOG_TIMEOUT_MS,
    );
    function done(message: string | undefined) {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      subscription?.unsubscribe();
      resolve(message);
    }
    try {
      subscription = api.streamLogs({ taskId }).subscribe({
        next: event => {
          const body = event.body as typeof event.body & {
            error?: { message?: unknown };
          };
          if (event.type === 'completion') {
            const message = body.error?.message;
            done(
              typeof message === 'string' && message
                ? errorText(message)
                : lastFailedLine,
            );
          } else if (body.status === 'failed' && body.message) {
            lastFailedLine = errorText(body.message);
          }
        },
        error: () => done(lastFailedLine),
        complete: () => done(lastFailedLine),
      });
      // The stream may have ended synchronously, before `subscription` was set.
      if (finished) subscription.unsubscribe();
    } catch {
      done(undefined);
    }
  });
}

/**
 * Scaffolds the template and follows the task until it ends (or the card unmounts),
 * reporting each state through `update`.
 */
async function runOperation(options: {
  api: ScaffolderApi;
  action: Day2Action;
  templateRef: string;
  values: Day2Values;
  pollIntervalMs: number;
  isMounted: () => boolean;
  update: (next: Day2OperationState) => void;
}): Promise<void> {
  const { api, action, update, isMounted } = options;
  update({ action, state: 'running' });
  let taskId: string;
  try {
    ({ taskId } = await api.scaffold({
      templateRef: options.templateRef,
      values: options.values,
    }));
  } catch (error) {
    update({ action, state: 'failed', error: errorText(error) });
    return;
  }
  update({ action, state: 'running', taskId });

  let failures = 0;
  while (isMounted()) {
    await sleep(options.pollIntervalMs);
    if (!isMounted()) return;
    let status: string;
    try {
      status = (await api.getTask(taskId)).status;
      failures = 0;
    } catch (error) {
      failures += 1;
      if (failures < MAX_POLL_FAILURES) continue;
      update({
        action,
        state: 'failed',
        taskId,
        error: `lost track of the task (${errorText(error)})`,
      });
      return;
    }
    if (status === 'completed') {
      update({ action, state: 'completed', taskId });
      return;
    }
    if (status === 'failed' || status === 'cancelled') {
      const error =
        status === 'cancelled'
          ? 'the task was cancelled'
          : await taskFailureMessage(api, taskId);
      update({ action, state: 'failed', taskId, error });
      return;
    }
  }
}

/**
 * Starts a day-2 template as a scaffolder task and follows it to its end
 * (polling `getTask`), then calls `onEnded` so the card reloads its status and
 * history. Authorization, policy and locks are the actions' job on the server;
 * this only reports what they decided.
 */
export function useDay2Operation(options: {
  /** Absent when the app has no scaffolder: nothing can be started. */
  scaffolderApi?: ScaffolderApi;
  templates: Day2Templates;
  onEnded: () => void;
  pollIntervalMs?: number;
}) {
  const { scaffolderApi, templates } = options;
  const pollIntervalMs = options.pollIntervalMs ?? TASK_POLL_INTERVAL_MS;
  const [operation, setOperation] = useState<Day2OperationState>();
  const mounted = useRef(true);
  // One operation at a time, even if a second click lands before the re-render.
  const busy = useRef(false);
  const onEnded = useRef(options.onEnded);
  onEnded.current = options.onEnded;

  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const start = useCallback(
    async (action: Day2Action, values: Day2Values) => {
      if (!scaffolderApi || busy.current) return;
      busy.current = true;
      try {
        await runOperation({
          api: scaffolderApi,
          action,
          templateRef: templates[action],
          values,
          pollIntervalMs,
          isMounted: () => mounted.current,
          update: next => {
            if (mounted.current) setOperation(next);
          },
        });
      } finally {
        busy.current = false;
      }
      if (mounted.current) onEnded.current();
    },
    [scaffolderApi, templates, pollIntervalMs],
  );

  return {
    operation,
    running: operation?.state === 'running',
    start,
    /** False when the app has no scaffolder API. */
    available: Boolean(scaffolderApi),
  };
}
