import { FleetInstallSummary, FleetSummaryCounts, HealthState } from './status';

/**
 * The fleet's counting rules, in one place: the backend's summary counts, the
 * fleet page's filters and the MCP fleet action all use these, so a count and
 * the filter of the same name always agree.
 */

/**
 * Whether the credentials in the cluster may not match the secret store: the
 * ExternalSecret is `failing` (last sync failed, or it reports synced while
 * its target Secret is missing) or `stale` (no sync for twice its refresh
 * interval). `absent` is not out of sync: it means no ExternalSecret feeds
 * the install, which is how an install with a plain `existingSecret` (or the
 * chart's own Secret) looks; the status does not degrade such an install
 * either. `pending`, `forbidden`, `crd-missing` and `unknown` say nothing
 * about the Secret's content.
 *
 * @public
 */
export function isSecretOutOfSync(
  item: Pick<FleetInstallSummary, 'externalSecretState'>,
): boolean {
  return (
    item.externalSecretState === 'failing' ||
    item.externalSecretState === 'stale'
  );
}

/** The OAuth encryption key is older than the rotation policy allows. @public */
export function isKeyOverdue(
  item: Pick<FleetInstallSummary, 'keyRotationState'>,
): boolean {
  return item.keyRotationState === 'overdue';
}

/** Today's policy was evaluated on the install's live values and found violations. @public */
export function isBreakingPolicy(
  item: Pick<FleetInstallSummary, 'policyViolations'>,
): boolean {
  return (item.policyViolations ?? 0) > 0;
}

/** Which fleet rows a filter keeps; every field is optional and they combine with AND. @public */
export interface FleetItemFilter {
  state?: HealthState;
  cluster?: string;
  keysOverdue?: boolean;
  secretsOutOfSync?: boolean;
  policyBreaking?: boolean;
}

/** Whether one fleet row passes a filter, by the same rules as the counts. @public */
export function matchesFleetFilter(
  item: FleetInstallSummary,
  filter: FleetItemFilter,
): boolean {
  if (filter.state && item.state !== filter.state) return false;
  if (filter.cluster && item.install.cluster !== filter.cluster) return false;
  if (filter.keysOverdue && !isKeyOverdue(item)) return false;
  if (filter.secretsOutOfSync && !isSecretOutOfSync(item)) return false;
  if (filter.policyBreaking && !isBreakingPolicy(item)) return false;
  return true;
}

/**
 * The filter each summary count stands for: `countFleet(items)[key]` equals
 * the number of items `matchesFleetFilter` keeps with `FLEET_COUNT_FILTERS[key]`.
 *
 * @public
 */
export const FLEET_COUNT_FILTERS: Readonly<
  Record<keyof FleetSummaryCounts, Readonly<FleetItemFilter>>
> = {
  total: {},
  healthy: { state: 'ok' },
  degraded: { state: 'warning' },
  failing: { state: 'error' },
  unknown: { state: 'unknown' },
  secretsOutOfSync: { secretsOutOfSync: true },
  keysOverdue: { keysOverdue: true },
  policyBreaking: { policyBreaking: true },
};

/** The fleet's headline numbers. @public */
export function countFleet(items: FleetInstallSummary[]): FleetSummaryCounts {
  const counts = {} as FleetSummaryCounts;
  for (const key of Object.keys(FLEET_COUNT_FILTERS) as Array<
    keyof FleetSummaryCounts
  >) {
    const filter = FLEET_COUNT_FILTERS[key];
    counts[key] = items.filter(i => matchesFleetFilter(i, filter)).length;
  }
  return counts;
}
