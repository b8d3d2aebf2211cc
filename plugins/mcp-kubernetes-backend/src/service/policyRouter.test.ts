import {
  mockCredentials,
  mockErrorHandler,
  mockServices,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { DefaultPolicyEngine } from '@mcp-kubernetes/plugin-mcp-kubernetes-node';
import express from 'express';
import request from 'supertest';
import { createPolicyRouter } from './policyRouter';

function app(opts: { allow?: boolean } = {}) {
  const policyEngine = DefaultPolicyEngine.fromConfig(
    mockServices.rootConfig({ data: {} }),
    {
      chartDefaults: {
        ciliumNetworkPolicy: { enabled: true },
        image: { registry: 'gsoci.azurecr.io' },
      },
    },
  );
  const permissions = mockServices.permissions.mock({
    authorize: async reqs =>
      reqs.map(() => ({
        result:
          opts.allow === false ? AuthorizeResult.DENY : AuthorizeResult.ALLOW,
      })),
  });
  const router = createPolicyRouter({
    policyEngine,
    httpAuth: mockServices.httpAuth(),
    permissions,
  });
  return { app: express().use(router).use(mockErrorHandler()), permissions };
}

describe('POST /policy/preview', () => {
  it('returns every violation and the effective values, with credentials masked', async () => {
    const { app: server, permissions } = app();
    const res = await request(server)
      .post('/policy/preview')
      .send({
        environment: 'production',
        cluster: 'prod-eu-1',
        namespace: 'kube-system',
        values: {
          image: { tag: 'latest' },
          ciliumNetworkPolicy: { enabled: false },
          mcpKubernetes: {
            oauth: {
              googleClientSecret: 'SEEDED-secret-in-preview',
              existingSecret: 'named-secret',
            },
          },
        },
      });
    expect(res.status).toBe(200);
    expect(res.body.allowed).toBe(false);
    const ids = res.body.violations.map((v: any) => `${v.ruleId}@${v.path}`);
    expect(ids).toEqual(
      expect.arrayContaining([
        'placement.namespace-allowed@namespace',
        'secrets.no-inline-credentials@mcpKubernetes.oauth.googleClientSecret',
        'image.pinned-tag@image.tag',
        'resources.requests-and-limits@resources.limits.cpu',
      ]),
    );
    expect(res.body.effectiveValues.ciliumNetworkPolicy.enabled).toBe(true);
    expect(res.body.effectiveValues.mcpKubernetes.oauth).toEqual({
      googleClientSecret: '********',
      existingSecret: 'named-secret',
    });
    expect(JSON.stringify(res.body)).not.toContain('SEEDED-secret-in-preview');
    expect(permissions.authorize).toHaveBeenCalledWith(
      [
        {
          permission: expect.objectContaining({
            name: 'mcp-kubernetes.policy.preview',
          }),
        },
      ],
      { credentials: mockCredentials.user() },
    );
  });

  it('answers allowed for compliant values', async () => {
    const res = await request(app().app)
      .post('/policy/preview')
      .send({
        environment: 'development',
        values: { image: { tag: 'v1.0.0' } },
      });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      environment: 'development',
      allowed: true,
      violations: [],
    });
  });

  it.each([
    [{ values: {} }, 'environment: Required'],
    [
      { environment: 'production', values: 'image.tag=latest' },
      'values: Expected object, received string',
    ],
    [
      { environment: 'production', values: {}, extra: 1 },
      'unknown field(s) extra',
    ],
    [
      { environment: 'qa', values: {} },
      'Unknown environment "qa"; the company policy defines: development, staging, production',
    ],
  ])('400 for %j', async (body, message) => {
    const res = await request(app().app).post('/policy/preview').send(body);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain(message);
  });

  it('403 without the preview permission', async () => {
    const res = await request(app({ allow: false }).app)
      .post('/policy/preview')
      .send({ environment: 'production', values: {} });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toContain('mcp-kubernetes.policy.preview');
  });

  it('413 for an oversized body', async () => {
    const res = await request(app().app)
      .post('/policy/preview')
      .send({
        environment: 'production',
        values: { nameOverride: 'x'.repeat(200_000) },
      });
    expect(res.status).toBe(413);
  });
});
