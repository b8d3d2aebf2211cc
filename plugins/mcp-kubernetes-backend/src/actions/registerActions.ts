import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import {
  CLUSTER_NAME,
  DNS1123_LABEL,
  DNS1123_SUBDOMAIN,
  matchesFleetFilter,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-common';
import { installRefSchema, parse } from '../service/requestSchemas';
import { StatusReads } from '../service/statusReads';

/**
 * Read actions for Backstage's MCP endpoint (plugin-mcp-actions-backend). Both go through the
 * same authorized, audited reads as the HTTP routes and only read the in-memory cache, so they
 * are honestly read-only and idempotent.
 */
export function registerActions(options: {
  actionsRegistry: ActionsRegistryService;
  reads: StatusReads;
}) {
  const { actionsRegistry, reads } = options;

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
            .regex(CLUSTER_NAME)
            .describe(
              'Cluster name as configured in Backstage (see the fleet action)',
            ),
          namespace: z
            .string()
            .regex(DNS1123_LABEL)
            .describe('Kubernetes namespace of the install'),
          release: z
            .string()
            .regex(DNS1123_SUBDOMAIN)
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
      // The routes' schema too (lengths, strict keys): one rule for both doors.
      const install = parse(installRefSchema, input, 'install reference');
      const result = await reads.byInstall(install, { credentials });
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
      'Every mcp-kubernetes install across all configured clusters with its state, pods ready, ExternalSecret state, key rotation state and reasons, plus fleet-wide counts. Optional filters (combined with AND) are the ones the counts use: a state, a cluster, overdue keys, secrets out of sync (ExternalSecret failing or stale), policy breakers.',
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          state: z
            .enum(['ok', 'warning', 'error', 'unknown'])
            .optional()
            .describe('Only installs in this state'),
          cluster: z
            .string()
            .regex(CLUSTER_NAME)
            .optional()
            .describe('Only installs on this cluster'),
          keysOverdue: z
            .boolean()
            .optional()
            .describe('Only installs whose OAuth encryption key is overdue'),
          secretsOutOfSync: z
            .boolean()
            .optional()
            .describe('Only installs whose ExternalSecret is failing or stale'),
          policyBreaking: z
            .boolean()
            .optional()
            .describe('Only installs whose live values break the policy'),
        }),
      output: z =>
        z.object({
          counts: z
            .record(z.number())
            .describe(
              'Fleet-wide counts (total, healthy, failing, secretsOutOfSync, keysOverdue...), before filtering',
            ),
          items: z.array(z.record(z.any())).describe('One summary per install'),
        }),
    },
    examples: [
      { title: 'Every install', input: {} },
      { title: 'Only failing installs', input: { state: 'error' } },
      {
        title: 'Installs whose secrets are out of sync',
        input: { secretsOutOfSync: true },
      },
    ],
    action: async ({ input, credentials }) => {
      const fleet = await reads.fleet({ credentials });
      const items = fleet.items.filter(i => matchesFleetFilter(i, input));
      return {
        output: {
          counts: { ...fleet.counts },
          items: JSON.parse(JSON.stringify(items)),
        },
      };
    },
  });
}
