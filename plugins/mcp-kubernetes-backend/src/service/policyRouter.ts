import {
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { mcpKubernetesPolicyPreviewPermission } from '@mcp-kubernetes/plugin-mcp-kubernetes-common';
import {
  maskSecretValues,
  PolicyEngine,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-node';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';

/** @public */
export interface PolicyRouterOptions {
  policyEngine: PolicyEngine;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  logger?: LoggerService;
}

/** Same limit as the deploy action's values (64 KiB) plus room for the envelope. */
const BODY_LIMIT = '100kb';

const previewBody = z
  .object({
    environment: z.string().min(1).max(63),
    cluster: z.string().min(1).max(253).optional(),
    namespace: z.string().min(1).max(63).optional(),
    values: z.record(z.unknown()),
  })
  .strict();

/**
 * `POST /policy/preview`: the template form's live check. Answers the same
 * evaluation the deploy action enforces, with credential values masked.
 *
 * @public
 */
export function createPolicyRouter(
  options: PolicyRouterOptions,
): express.Router {
  const { policyEngine, httpAuth, permissions } = options;
  const router = Router();

  router.post(
    '/policy/preview',
    express.json({ limit: BODY_LIMIT }),
    async (req, res) => {
      const credentials = await httpAuth.credentials(req);
      const [decision] = await permissions.authorize(
        [{ permission: mcpKubernetesPolicyPreviewPermission }],
        { credentials },
      );
      if (decision.result !== AuthorizeResult.ALLOW) {
        throw new NotAllowedError(
          `Not allowed to preview the company policy (permission ${mcpKubernetesPolicyPreviewPermission.name})`,
        );
      }
      const parsed = previewBody.safeParse(req.body);
      if (!parsed.success) {
        const problems = parsed.error.issues.map(i =>
          i.code === 'unrecognized_keys'
            ? `unknown field(s) ${i.keys.join(', ')}`
            : `${i.path.join('.') || 'body'}: ${i.message}`,
        );
        throw new InputError(
          `Invalid policy preview request: ${problems.join('; ')}`,
        );
      }
      const evaluation = policyEngine.evaluate(parsed.data);
      res.json({
        ...evaluation,
        effectiveValues: maskSecretValues(evaluation.effectiveValues),
      });
    },
  );

  return router;
}
