import {
  AuditorService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { InstallAccess } from '../service/installAccess';
import { StatusReads } from '../service/statusReads';
import { StatusService } from '../service/StatusService';
import { SnapshotSource } from '../status/snapshotTypes';

/** An auditor that keeps every event with its outcome, for tests that check what was audited. */
export function recordingAuditor() {
  const events: Array<{
    eventId: string;
    severityLevel?: string;
    outcome?: 'success' | 'fail';
    meta?: unknown;
    hasRequest: boolean;
  }> = [];
  const auditor: AuditorService = {
    async createEvent(opts) {
      const entry: (typeof events)[number] = {
        eventId: opts.eventId,
        severityLevel: opts.severityLevel,
        meta: opts.meta,
        hasRequest: Boolean(opts.request),
      };
      events.push(entry);
      return {
        success: async () => {
          entry.outcome = 'success';
        },
        fail: async () => {
          entry.outcome = 'fail';
        },
      };
    },
  };
  return { auditor, events };
}

/** The status service with the shared authorization and reads, as the plugin wires them. */
export function statusStack(options: {
  source: SnapshotSource;
  permissions: PermissionsService;
  catalog: CatalogService;
  auditor: AuditorService;
  environmentsOfCluster?: (cluster: string) => string[] | undefined;
}) {
  const status = StatusService.create({
    source: options.source,
    health: { get: () => undefined },
    history: { history: () => [] },
    limits: { warnAfterDays: 75, maxAgeDays: 90 },
    environmentsOfCluster: options.environmentsOfCluster,
  });
  const access = new InstallAccess({
    permissions: options.permissions,
    catalog: options.catalog,
    status,
  });
  const reads = new StatusReads({
    auditor: options.auditor,
    permissions: options.permissions,
    catalog: options.catalog,
    status,
    access,
  });
  return { status, access, reads };
}
