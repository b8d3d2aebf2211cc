import { AuditorService, HttpAuthService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import express from 'express';
import Router from 'express-promise-router';
import { audited } from '../service/audit';
import {
  installRefSchema,
  parse,
  recordOperationBodySchema,
  valuesDiffQuerySchema,
} from '../service/requestSchemas';
import { HistoryReads } from './HistoryReads';
import { OperationsJournal } from './OperationsJournal';

/** What the history routes are made from. */
export interface HistoryRouterOptions {
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  reads: HistoryReads;
  journal: OperationsJournal;
  /** Whether a cluster is configured (journal rows of unknown clusters are refused). */
  isKnownCluster(name: string): boolean;
}

/** A journal entry is a few short fields; anything bigger is not one. */
const OPERATION_BODY_LIMIT = '4kb';

/**
 * `POST /operations` (the scaffolder module's journal writes; service principals only, the one
 * route with a body parser), `GET .../history`, `GET .../values-diff` and `GET .../answers`.
 */
export function createHistoryRouter(
  options: HistoryRouterOptions,
): express.Router {
  const { httpAuth, reads } = options;
  const router = Router();

  // Users (and their tokens) may not write the journal, only backend plugins; who may write
  // is settled before the body is even read.
  router.post(
    '/operations',
    async (req: express.Request) => {
      await httpAuth.credentials(req, { allow: ['service'] });
      return 'next'; // express-promise-router: go on to the body parser
    },
    express.json({ limit: OPERATION_BODY_LIMIT, strict: true }),
    async (req, res) => {
      const credentials = await httpAuth.credentials(req, {
        allow: ['service'],
      });
      const entry = parse(recordOperationBodySchema, req.body, 'operation');
      if (!options.isKnownCluster(entry.cluster)) {
        throw new InputError(
          `Invalid operation: cluster: "${entry.cluster}" is not a configured cluster`,
        );
      }
      const recorded = await audited(
        options.auditor,
        {
          eventId: 'release-operation-record',
          severityLevel: 'low',
          caller: { credentials, request: req },
          meta: {
            cluster: entry.cluster,
            namespace: entry.namespace,
            release: entry.release,
            action: entry.action,
          },
        },
        () => options.journal.record(entry),
      );
      res.status(201).json(recorded);
    },
  );

  router.get(
    '/installs/:cluster/:namespace/:release/history',
    async (req, res) => {
      const install = parse(installRefSchema, req.params, 'install reference');
      const credentials = await httpAuth.credentials(req);
      res.json(await reads.history(install, { credentials, request: req }));
    },
  );

  router.get(
    '/installs/:cluster/:namespace/:release/values-diff',
    async (req, res) => {
      const install = parse(installRefSchema, req.params, 'install reference');
      const range = parse(valuesDiffQuerySchema, req.query, 'query');
      const credentials = await httpAuth.credentials(req);
      res.json(
        await reads.valuesDiff(install, range, { credentials, request: req }),
      );
    },
  );

  router.get(
    '/installs/:cluster/:namespace/:release/answers',
    async (req, res) => {
      const install = parse(installRefSchema, req.params, 'install reference');
      const credentials = await httpAuth.credentials(req);
      res.json(
        await reads.currentAnswers(install, { credentials, request: req }),
      );
    },
  );

  return router;
}
