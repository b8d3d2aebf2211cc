import { PermissionsService } from '@backstage/backend-plugin-api';
import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { NotAllowedError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { mcpKubernetesStatusReadPermission } from '@mcp-kubernetes/plugin-mcp-kubernetes-common';
import { entityOfInstall, installEntities } from '../service/catalogLookup';
import {
  assertFleetReadAllowed,
  isAllowedOnInstall,
} from '../service/permissionChecks';
import { StatusService } from '../service/StatusService';

/**
 * Read actions for Backstage's MCP endpoint (plugin-mcp-actions-backend). Both only read the
 * in-memory cache, so they are honestly read-only and idempotent; permissions match the routes.
 */
export function registerActions(options: {
  actionsRegistry: ActionsRegistryService;
  status: StatusService;
  catalog: CatalogService;
  permissions: PermissionsService;
}) {
  const { actionsRegistry, status, catalog, permissions } = options;

  actionsRegistry.register({
    name: 'get-mcp-kubernetes-install-status',
    title: 'Get mcp-kubernetes install status',
    description:
      'Status of one mcp-kubernetes install: pods and their /health answers, rollout, the ExternalSecret that feeds the OAuth credentials, the OAuth encryption key age against the rotation policy, and an overall ok/warning/error state with reasons. Never returns secret values.',
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          cluster: z
            .string()
            .min(1)
            .describe(
              'Cluster name as configured in Backstage (see the fleet action)',
            ),
          namespace: z
            .string()
            .min(1)
            .describe('Kubernetes namespace of the install'),
          release: z
            .string()
            .min(1)
            .describe('Helm release name of the install'),
        }),
      output: z =>
        z.object({
          state: z
            .enum(['ok', 'warning', 'error', 'unknown'])
            .describe('Overall state'),
          reasons: z
            .array(z.string())
            .describe('Why the state is not ok, worst first'),
          status: z.record(z.any()).describe('The full InstallStatus document'),
        }),
    },
    examples: [
      {
        title: 'Status of release mcp-a in mcp-team-a on cluster prod-eu',
        input: {
          cluster: 'prod-eu',
          namespace: 'mcp-team-a',
          release: 'mcp-a',
        },
      },
    ],
    action: async ({ input, credentials }) => {
      const install = {
        cluster: input.cluster,
        namespace: input.namespace,
        release: input.release,
      };
      status.assertCluster(install.cluster); // unknown cluster: NotFoundError naming it
      const entity = await entityOfInstall(catalog, install, credentials);
      const allowed = await isAllowedOnInstall(
        permissions,
        mcpKubernetesStatusReadPermission,
        entity,
        credentials,
      );
      if (!allowed) {
        throw new NotAllowedError(
          `You are not allowed ${mcpKubernetesStatusReadPermission.name} on this install`,
        );
      }
      const result = status.getStatus(install, entity);
      return {
        output: {
          state: result.state,
          reasons: result.reasons.map(r => r.message),
          status: JSON.parse(JSON.stringify(result)),
        },
      };
    },
  });

  actionsRegistry.register({
    name: 'list-mcp-kubernetes-fleet',
    title: 'List the mcp-kubernetes fleet',
    description:
      'Every mcp-kubernetes install across all configured clusters with its state, pods ready, ExternalSecret state, key rotation state and reasons, plus fleet-wide counts. Optionally only installs in a given state.',
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          state: z
            .enum(['ok', 'warning', 'error', 'unknown'])
            .optional()
            .describe('Only installs in this state'),
        }),
      output: z =>
        z.object({
          counts: z
            .record(z.number())
            .describe(
              'Fleet-wide counts (total, healthy, failing, keysOverdue...)',
            ),
          items: z.array(z.record(z.any())).describe('One summary per install'),
        }),
    },
    examples: [
      { title: 'Every install', input: {} },
      { title: 'Only failing installs', input: { state: 'error' } },
    ],
    action: async ({ input, credentials }) => {
      await assertFleetReadAllowed(permissions, credentials);
      const fleet = status.getFleet(
        await installEntities(catalog, credentials),
      );
      const items = input.state
        ? fleet.items.filter(i => i.state === input.state)
        : fleet.items;
      return {
        output: {
          counts: { ...fleet.counts },
          items: JSON.parse(JSON.stringify(items)),
        },
      };
    },
  });
}
