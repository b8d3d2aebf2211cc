import {
  conditionPayload,
  entityLinkOf,
  ownerRefOf,
  resolvedPayload,
} from './payload';
import {
  installStatus,
  withCrashLoop,
  withFailingExternalSecret,
} from './__fixtures__/installStatus';

const thresholds = {
  externalSecretFailingMinutes: 60,
  installFailingMinutes: 15,
};
const PEM =
  '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBg\n-----END PRIVATE KEY-----';
const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9.c2lnbmF0dXJlLXZhbHVl';

describe('notification payloads', () => {
  it('normalises the recorded owner to a full group ref, and skips a missing or broken one', () => {
    const withOwner = (owner?: string) =>
      installStatus({
        recorded: {
          entityRef: 'component:default/mcp-a',
          ...(owner ? { owner } : {}),
        },
      });
    expect(ownerRefOf(withOwner('team-a'))).toBe('group:default/team-a');
    expect(ownerRefOf(withOwner('group:platform/Team-B'))).toBe(
      'group:platform/team-b', // refs compare case-insensitively
    );
    expect(ownerRefOf(withOwner())).toBeUndefined();
    expect(ownerRefOf(installStatus({ recorded: undefined }))).toBeUndefined();
    expect(ownerRefOf(withOwner('group:'))).toBeUndefined();
  });

  it('links to the recorded entity page, with each part encoded', () => {
    expect(entityLinkOf(installStatus())).toBe(
      '/catalog/default/component/mcp-a',
    );
    expect(
      entityLinkOf(
        installStatus({
          recorded: { entityRef: 'Component:team ns/a?b#c' },
        }),
      ),
    ).toBe('/catalog/team%20ns/component/a%3Fb%23c');
  });

  it('keeps no secret-shaped cluster text and no control characters in a description', () => {
    const message = `provider said:\n${PEM}\nAuthorization: Bearer ${JWT}\r\nclient_secret=s3cr3t-value`;
    const es = conditionPayload(
      withFailingExternalSecret(
        installStatus(),
        '2026-11-30T10:00:00Z',
        message,
      ),
      {
        condition: 'external-secret-failing',
        since: '2026-11-30T10:00:00.000Z',
        due: true,
      },
      thresholds,
    );
    const text = JSON.stringify(es);
    for (const leaked of ['MIIEvQIBADANBg', JWT, 's3cr3t-value']) {
      expect(text).not.toContain(leaked);
    }
    expect(es.description).not.toMatch(/[\n\r]/);
    expect(es.description).toContain('[redacted]');
    expect(es.description).toContain('threshold 60 minutes');

    const install = conditionPayload(
      withCrashLoop(installStatus()),
      {
        condition: 'install-failing',
        since: '2026-11-30T10:00:00.000Z',
        due: true,
      },
      thresholds,
    );
    expect(install).toMatchObject({
      title: 'c1/mcp-team-a/mcp-a: install failing',
      severity: 'high',
      scope: 'mcp-kubernetes:c1/mcp-team-a/mcp-a:install',
    });
    expect(install.description).toMatch(/CrashLoopBackOff/);
  });

  it('a resolved notification is low severity and shares its track scope', () => {
    expect(
      resolvedPayload(
        installStatus(),
        'external-secret-failing',
        '2026-11-30T10:00:00.000Z',
      ),
    ).toEqual({
      title: 'Resolved: c1/mcp-team-a/mcp-a: ExternalSecret recovered',
      description:
        'ExternalSecret failing (since 2026-11-30T10:00:00.000Z) no longer applies to mcp-a.',
      severity: 'low',
      topic: 'mcp-kubernetes:c1/mcp-team-a/mcp-a',
      scope: 'mcp-kubernetes:c1/mcp-team-a/mcp-a:external-secret',
      link: '/catalog/default/component/mcp-a',
      metadata: { condition: 'external-secret-failing', state: 'resolved' },
    });
  });
});
