import { PermissionsService } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockErrorHandler,
  mockServices,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type {
  ClusterRegistry,
  HelmRunner,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-node';
import express from 'express';
import type { Knex } from 'knex';
import { createHistoryRouter } from '../history/historyRouter';
import { HistoryReads } from '../history/HistoryReads';
import { OperationsJournal } from '../history/OperationsJournal';
import { createRouter } from '../service/router';
import { SnapshotSource } from '../status/snapshotTypes';
import { recordingAuditor, statusStack } from './statusStack';

/** The Authorization header the scaffolder module sends when it writes to the journal. */
export const scaffolderServiceAuth = () =>
  mockCredentials.service.header({
    onBehalfOf: mockCredentials.service('plugin:scaffolder'),
    targetPluginId: 'mcp-kubernetes',
  });

/**
 * The history routes mounted through the main router, as the plugin does: the journal on `knex`,
 * history and diff read with `helm` from `clusters`, authorized by `permissions` and audited
 * into `events`.
 */
export async function historyApp(options: {
  knex: Knex;
  source: SnapshotSource;
  permissions: PermissionsService;
  helm: HelmRunner;
  clusters: ClusterRegistry;
}) {
  const { source, permissions, helm, clusters } = options;
  const journal = await OperationsJournal.create({
    database: mockServices.database({ knex: options.knex }),
  });
  const { auditor, events } = recordingAuditor();
  const { reads, access } = statusStack({
    source,
    permissions,
    catalog: catalogServiceMock({ entities: [] }),
    auditor,
  });
  const httpAuth = mockServices.httpAuth({ pluginId: 'mcp-kubernetes' });
  const router = await createRouter({
    logger: mockServices.logger.mock(),
    httpAuth,
    auditor,
    reads,
    access,
    forceSync: jest.fn(),
    historyRouter: createHistoryRouter({
      httpAuth,
      auditor,
      journal,
      isKnownCluster: name => clusters.has(name),
      reads: new HistoryReads({ auditor, access, helm, clusters, journal }),
    }),
  });
  return {
    app: express().use(router).use(mockErrorHandler()),
    journal,
    events,
  };
}
