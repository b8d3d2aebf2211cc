import {
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  buildChartValues,
  deployAnswersObjectSchema,
  mcpKubernetesPolicyPreviewPermission,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-common';
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

/** Typed answers are short; anything near this is not a form. */
const BODY_LIMIT = '32kb';

/**
 * The answers the chart values are built from, each with the deploy action's
 * own field schema (same patterns, enums, lengths); all optional because the
 * form asks while it is being filled in. No free-form `values`: the preview
 * shows what the template installs, which is built from these answers only.
 */
const previewAnswers = deployAnswersObjectSchema
  .pick({
    size: true,
    imageTag: true,
    access: true,
    oauthEnabled: true,
    baseURL: true,
    existingSecret: true,
    externalSecretEnabled: true,
    secretStoreName: true,
    secretStoreKind: true,
    ingressEnabled: true,
    ingressHost: true,
    ingressClassName: true,
    tlsSecretName: true,
  })
  .partial()
  .strict();

const previewBody = z
  .object({
    environment: deployAnswersObjectSchema.shape.environment,
    cluster: deployAnswersObjectSchema.shape.cluster.optional(),
    namespace: deployAnswersObjectSchema.shape.namespace.optional(),
    answers: previewAnswers.default({}),
  })
  .strict();

/**
 * `POST /policy/preview`: the template form's live check. Takes the form's
 * typed answers, builds the chart values on the server with
 * `buildChartValues` (the function the deploy action uses) and answers the
 * policy's evaluation of them plus the built `values`, credentials masked.
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
            ? `unknown field(s) ${i.keys
                .map(k => [...i.path, k].join('.'))
                .join(', ')}`
            : `${i.path.join('.') || 'body'}: ${i.message}`,
        );
        throw new InputError(
          `Invalid policy preview request: ${problems.join('; ')}`,
        );
      }
      const { answers, ...where } = parsed.data;
      const values = buildChartValues(answers);
      const evaluation = policyEngine.evaluate({ ...where, values });
      res.json({
        ...evaluation,
        values: maskSecretValues(values),
        effectiveValues: maskSecretValues(evaluation.effectiveValues),
      });
    },
  );

  return router;
}
