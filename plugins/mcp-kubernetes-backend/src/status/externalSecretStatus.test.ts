import type { ExternalSecretObject } from '@mcp-kubernetes/plugin-mcp-kubernetes-node';
import { deriveExternalSecretStatus } from './externalSecretStatus';

const NOW = Date.parse('2026-11-30T12:00:00Z');
const LEAKED = 'FAKE-LEAKED-provider-token-0123456789abcdef';

function failingWith(message: string, reason = 'SecretSyncedError') {
  const es: ExternalSecretObject = {
    apiVersion: 'external-secrets.io/v1',
    kind: 'ExternalSecret',
    metadata: { name: 'mcp-a-oauth', namespace: 'team-a' },
    spec: {
      refreshInterval: '1h',
      secretStoreRef: { name: 'vault', kind: 'ClusterSecretStore' },
      target: { name: 'mcp-a-oauth-credentials' },
    },
    status: {
      conditions: [
        {
          type: 'Ready',
          status: 'False',
          reason,
          message,
          lastTransitionTime: '2026-11-30T09:00:00Z',
        },
      ],
    },
  } as ExternalSecretObject;
  return deriveExternalSecretStatus({
    apiState: 'external-secrets.io/v1',
    externalSecret: es,
    targetSecretName: 'mcp-a-oauth-credentials',
    targetSecretPresent: true,
    now: NOW,
  });
}

describe('deriveExternalSecretStatus: the Ready message is redacted server-side', () => {
  it.each([
    [`could not get secret: 403 from vault, token=${LEAKED}`],
    [`provider said {"client_secret":"${LEAKED}"}`],
    [`auth failed: Authorization: Bearer ${LEAKED}`],
    [`dial https://admin:${LEAKED}@vault.example:8200/v1`],
  ])('hides the secret in %s, in the condition and the summary', message => {
    const status = failingWith(message);
    expect(status.state).toBe('failing');
    expect(status.ready?.message).toContain('[redacted]');
    expect(JSON.stringify(status)).not.toContain(LEAKED);
    expect(status.summary).toMatch(/^ExternalSecret failing for 3 h: /);
  });

  it('keeps an ordinary provider error readable', () => {
    const status = failingWith('could not get secret data from provider');
    expect(status.ready?.message).toBe(
      'could not get secret data from provider',
    );
    expect(status.summary).toBe(
      'ExternalSecret failing for 3 h: SecretSyncedError: could not get secret data from provider',
    );
  });

  it('caps a huge or hostile message and reason instead of copying them whole', () => {
    const status = failingWith(
      `${'key'.repeat(100_000)}\n---\nkind: ClusterRoleBinding`,
      `Bad${'x'.repeat(10_000)}`,
    );
    expect(status.ready!.message!.length).toBeLessThanOrEqual(1025);
    expect(status.ready!.reason!.length).toBeLessThanOrEqual(129);
    expect(status.summary.length).toBeLessThan(1300);
  });
});
