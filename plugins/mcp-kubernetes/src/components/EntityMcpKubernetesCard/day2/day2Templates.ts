import { useMemo } from 'react';
import { parseEntityRef } from '@backstage/catalog-model';
import { configApiRef, useApi } from '@backstage/core-plugin-api';
import { DEFAULT_DAY2_TEMPLATES } from '@mcp-kubernetes/plugin-mcp-kubernetes-common';

/** The day-2 operations the card offers. */
export type Day2Action = keyof typeof DEFAULT_DAY2_TEMPLATES;

/** Template entity refs per day-2 action. */
export type Day2Templates = Record<Day2Action, string>;

/** How the status line and the history name an operation. */
export const DAY2_ACTION_NAMES: Record<Day2Action, string> = {
  restart: 'Restart',
  rollback: 'Rollback',
  upgrade: 'Upgrade',
  uninstall: 'Uninstall',
};

const CONFIG_KEY = 'mcpKubernetes.frontend.day2Templates';

/** The templates the buttons run: app-config `mcpKubernetes.frontend.day2Templates.*` over the defaults. */
export function useDay2Templates(): Day2Templates {
  const configApi = useApi(configApiRef);
  return useMemo(() => {
    const configured = configApi.getOptionalConfig(CONFIG_KEY);
    const pick = (action: Day2Action) =>
      configured?.getOptionalString(action) || DEFAULT_DAY2_TEMPLATES[action];
    return {
      restart: pick('restart'),
      rollback: pick('rollback'),
      upgrade: pick('upgrade'),
      uninstall: pick('uninstall'),
    };
  }, [configApi]);
}

/** The scaffolder's page of one task, where its log is. */
export function taskPagePath(taskId: string): string {
  return `/create/tasks/${encodeURIComponent(taskId)}`;
}

/**
 * The scaffolder's form of a template with answers prefilled: its wizard reads
 * `?formData=<JSON>` from the query string (`useFormDataFromQuery`).
 */
export function templateFormPath(
  templateRef: string,
  formData: Record<string, unknown>,
): string {
  const { namespace, name } = parseEntityRef(templateRef, {
    defaultKind: 'template',
    defaultNamespace: 'default',
  });
  const query = new URLSearchParams({ formData: JSON.stringify(formData) });
  return `/create/templates/${encodeURIComponent(
    namespace,
  )}/${encodeURIComponent(name)}?${query.toString()}`;
}
