import { useEffect, useRef } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import useInterval from 'react-use/esm/useInterval';
import {
  CompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { configApiRef, useApi } from '@backstage/core-plugin-api';
import { InstallStatus } from '@mcp-kubernetes/plugin-mcp-kubernetes-common';
import { mcpKubernetesApiRef } from '../../api';

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

/** What the card renders from. */
export interface InstallStatusState {
  /** The latest status, or the last good one when a refresh failed. */
  status?: InstallStatus;
  /** The error of the latest request (with `status`: a refresh failed; without: nothing to show). */
  error?: Error;
  loading: boolean;
  refresh: () => void;
}

/**
 * Loads the entity's install status and refreshes it on an interval. A failed refresh keeps
 * the last good status on screen (with the error beside it) rather than blanking the card.
 */
export function useInstallStatus(
  entityRef: CompoundEntityRef,
  refreshIntervalSeconds: number,
): InstallStatusState {
  const api = useApi(mcpKubernetesApiRef);
  const key = stringifyEntityRef(entityRef);
  const lastGood = useRef<{ key: string; status: InstallStatus }>();

  const { value, error, loading, retry } = useAsyncRetry(
    () => api.getStatusByEntity(entityRef),
    // entityRef is an object rebuilt on every render; its string form is the real dependency.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [api, key],
  );

  useEffect(() => {
    if (value) lastGood.current = { key, status: value };
  }, [key, value]);

  // Skip a tick while a request is still in flight so slow backends are not stacked up.
  useInterval(
    () => {
      if (!loading) retry();
    },
    refreshIntervalSeconds > 0 ? refreshIntervalSeconds * 1000 : null,
  );

  const fallback =
    lastGood.current?.key === key ? lastGood.current.status : undefined;
  return {
    status: value ?? (error ? fallback : undefined),
    error,
    loading,
    refresh: retry,
  };
}
