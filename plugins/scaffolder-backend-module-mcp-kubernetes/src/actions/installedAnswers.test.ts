import { buildChartValues } from '@mcp-kubernetes/plugin-mcp-kubernetes-common';
import { withInstalledAnswers } from './installedAnswers';

/** What the release was installed with: every answer, so each can be kept. */
const installedAnswers = {
  size: 'large',
  imageTag: 'v1.0.0',
  oauthEnabled: true,
  baseURL: 'https://mcp.example.com',
  existingSecret: 'mcp-oauth',
  externalSecretEnabled: true,
  secretStoreName: 'vault',
  secretStoreKind: 'ClusterSecretStore',
  ingressEnabled: true,
  ingressHost: 'mcp.example.com',
  tlsSecretName: 'mcp-tls',
} as const;
const installed = buildChartValues(installedAnswers);
const where = {
  cluster: 'dev',
  namespace: 'team-a',
  releaseName: 'mcp-a',
  environment: 'development',
  owner: 'group:default/team-a',
};

describe('withInstalledAnswers', () => {
  it('keeps every installed answer the caller left out, and says which', () => {
    const { answers, kept } = withInstalledAnswers(
      { ...where, imageTag: 'v1.1.0' },
      installed,
    );
    expect(answers).toEqual({
      ...where,
      ...installedAnswers,
      imageTag: 'v1.1.0',
      // Not among the install's answers: read back as the chart's default.
      access: 'read-only',
    });
    expect(kept).not.toContain('imageTag');
    expect(kept).toContain('oauthEnabled');
  });

  it('lets sent answers win, and takes no sub-answers of a switch the caller turned off', () => {
    const { answers, kept } = withInstalledAnswers(
      { ...where, oauthEnabled: false, ingressEnabled: false, size: 'small' },
      installed,
    );
    expect(answers).toEqual({
      ...where,
      oauthEnabled: false,
      ingressEnabled: false,
      size: 'small',
      imageTag: 'v1.0.0',
      access: 'read-only',
    });
    expect(kept.sort()).toEqual(['access', 'imageTag']);
  });

  it('keeps an own __proto__ key as sent (the strict schema refuses it later) and never sets a prototype', () => {
    const raw = JSON.parse(
      '{"__proto__": {"oauthEnabled": true}, "cluster": "dev"}',
    );
    const { answers } = withInstalledAnswers(raw, {});
    expect(Object.getPrototypeOf(answers)).toBe(Object.prototype);
    expect(Object.prototype.hasOwnProperty.call(answers, '__proto__')).toBe(
      true,
    );
    expect(({} as any).oauthEnabled).toBeUndefined();
  });
});
