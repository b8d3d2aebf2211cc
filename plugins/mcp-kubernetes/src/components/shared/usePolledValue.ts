import { useEffect, useRef } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import useInterval from 'react-use/esm/useInterval';
import { configApiRef, useApi } from '@backstage/core-plugin-api';

/** Default auto refresh: the backend's cache is watch-fed, so polling it is cheap. */
export const DEFAULT_REFRESH_INTERVAL_SECONDS = 30;
const CONFIG_KEY = 'mcpKubernetes.frontend.refreshIntervalSeconds';

/** Prop wins over app-config, app-config over the default; 0 (or less) turns auto refresh off. */
export function useRefreshIntervalSeconds(prop: number | undefined): number {
  const configApi = useApi(configApiRef);
  if (prop !== undefined) return prop;
  return (
    configApi.getOptionalNumber(CONFIG_KEY) ?? DEFAULT_REFRESH_INTERVAL_SECONDS
  );
}

/** What the card and the fleet page render from. */
export interface PolledValue<T> {
  /** The latest value, or the last good one for the same key when a refresh failed. */
  value?: T;
  /** The error of the latest request (with `value`: a refresh failed; without: nothing to show). */
  error?: Error;
  loading: boolean;
  refresh: () => void;
}

/**
 * Loads a value and reloads it every `refreshIntervalSeconds` (0 = never). A failed
 * refresh keeps the last good value on screen, with the error beside it, rather than
 * blanking the view. `key` names what is loaded: a new key starts from nothing.
 */
export function usePolledValue<T>(
  load: () => Promise<T>,
  key: string,
  refreshIntervalSeconds: number,
): PolledValue<T> {
  const lastGood = useRef<{ key: string; value: T }>();

  // `load` is a new closure on every render; `key` is what it really depends on.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const { value, error, loading, retry } = useAsyncRetry(load, [key]);

  useEffect(() => {
    if (value !== undefined) lastGood.current = { key, value };
  }, [key, value]);

  // Skip a tick while a request is still in flight so slow backends are not stacked up.
  useInterval(
    () => {
      if (!loading) retry();
    },
    refreshIntervalSeconds > 0 ? refreshIntervalSeconds * 1000 : null,
  );

  const fallback =
    lastGood.current?.key === key ? lastGood.current.value : undefined;
  return {
    value: value ?? (error ? fallback : undefined),
    error,
    loading,
    refresh: retry,
  };
}
