import {
  mockCredentials,
  mockErrorHandler,
  mockServices,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { buildChartValues } from '@mcp-kubernetes/plugin-mcp-kubernetes-common';
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
  it('builds the values from the typed answers on the server and judges exactly those', async () => {
    const { app: server, permissions } = app();
    const answers = {
      size: 'large',
      imageTag: 'latest',
      access: 'read-write',
      oauthEnabled: true,
      baseURL: 'https://mcp.example.com',
      existingSecret: 'named-secret',
    } as const;
    const res = await request(server).post('/policy/preview').send({
      environment: 'production',
      cluster: 'prod-eu-1',
      namespace: 'kube-system',
      answers,
    });
    expect(res.status).toBe(200);
    // The same function the deploy action uses.
    expect(res.body.values).toEqual(buildChartValues(answers));
    expect(res.body.values).toMatchObject({
      replicaCount: 3,
      rbac: { readOnly: false },
      image: { tag: 'latest' },
    });
    expect(res.body.allowed).toBe(false);
    const ids = res.body.violations.map((v: any) => `${v.ruleId}@${v.path}`);
    expect(ids).toEqual(
      expect.arrayContaining([
        'placement.namespace-allowed@namespace',
        'image.pinned-tag@image.tag',
      ]),
    );
    // The policy's fixed values show in the effective values.
    expect(res.body.effectiveValues.ciliumNetworkPolicy.enabled).toBe(true);
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

  it('answers allowed for compliant answers, defaults (small, read-only) when none are given', async () => {
    const res = await request(app().app)
      .post('/policy/preview')
      .send({ environment: 'development', answers: { imageTag: 'v1.0.0' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      environment: 'development',
      allowed: true,
      violations: [],
      values: { replicaCount: 2, rbac: { readOnly: true } },
    });
    const bare = await request(app().app)
      .post('/policy/preview')
      .send({ environment: 'development' });
    expect(bare.status).toBe(200);
    expect(bare.body.values).toEqual(buildChartValues({}));
  });

  it.each([
    [{ answers: {} }, 'environment: environment is required'],
    [
      { environment: 'production', values: { replicaCount: 9 } },
      'unknown field(s) values',
    ],
    [
      { environment: 'production', answers: { values: { a: 1 } } },
      'unknown field(s) answers.values',
    ],
    [
      {
        environment: 'production',
        answers: { baseURL: 'https://x/\n---\nkind: ClusterRoleBinding' },
      },
      'answers.baseURL: baseURL must be an https:// URL',
    ],
    [
      { environment: 'production', answers: { imageTag: 'v1\n---\n' } },
      'answers.imageTag: imageTag must be an image tag',
    ],
    [
      { environment: 'production', answers: { ingressHost: '%2e%2e' } },
      'answers.ingressHost: ingressHost must be an RFC 1123 host name',
    ],
    [
      { environment: 'production', answers: { size: 'huge' } },
      'answers.size: size must be small, medium or large',
    ],
    [
      { environment: 'production', answers: { oauthEnabled: 'yes' } },
      'answers.oauthEnabled: oauthEnabled must be true or false',
    ],
    [
      { environment: 'production', cluster: 'a/../b' },
      'cluster: cluster must be a configured cluster name',
    ],
    [
      { environment: 'qa' },
      'Unknown environment "qa"; the company policy defines: development, staging, production',
    ],
  ])('400 naming the field for %j', async (body, message) => {
    const res = await request(app().app).post('/policy/preview').send(body);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain(message);
  });

  it('refuses __proto__ in the answers instead of judging a polluted object', async () => {
    const res = await request(app().app)
      .post('/policy/preview')
      .set('content-type', 'application/json')
      .send(
        '{"environment":"development","answers":{"__proto__":{"imageTag":"latest"}}}',
      );
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain(
      'unknown field(s) answers.__proto__',
    );
  });

  it('403 without the preview permission', async () => {
    const res = await request(app({ allow: false }).app)
      .post('/policy/preview')
      .send({ environment: 'production', answers: {} });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toContain('mcp-kubernetes.policy.preview');
  });

  it('413 for an oversized body', async () => {
    const res = await request(app().app)
      .post('/policy/preview')
      .send({
        environment: 'production',
        answers: { imageTag: 'x'.repeat(200_000) },
      });
    expect(res.status).toBe(413);
  });
});
