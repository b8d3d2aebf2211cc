import { ConfigReader } from '@backstage/config';
import { evaluateConditions, EvaluationInput } from './conditions';
import { readNotificationSettings } from './config';
import {
  DAY_MS,
  installStatus,
  MINUTE_MS,
  withCrashLoop,
  withFailingExternalSecret,
  withKeyRotatedAt,
} from './__fixtures__/installStatus';

const ROTATED = Date.parse('2026-01-01T00:00:00.000Z');
const thresholds = {
  externalSecretFailingMinutes: 60,
  installFailingMinutes: 15,
};
const input = (now: number, firstSeen = {}): EvaluationInput => ({
  now,
  thresholds,
  firstSeen,
});
const names = (status: any, i: EvaluationInput) =>
  evaluateConditions(status, i).map(
    o => `${o.condition}${o.due ? '' : '(pending)'}`,
  );

describe('evaluateConditions', () => {
  const keyed = withKeyRotatedAt(
    installStatus(),
    new Date(ROTATED).toISOString(),
  );

  it('a key is in warning from exactly warnAfterDays, not a millisecond earlier', () => {
    expect(names(keyed, input(ROTATED + 75 * DAY_MS - 1))).toEqual([]);
    const at = evaluateConditions(keyed, input(ROTATED + 75 * DAY_MS));
    expect(at).toEqual([
      {
        condition: 'key-warning',
        since: new Date(ROTATED + 75 * DAY_MS).toISOString(),
        due: true,
      },
    ]);
  });

  it('a key is overdue from exactly maxAgeDays (and still in warning)', () => {
    expect(names(keyed, input(ROTATED + 90 * DAY_MS - 1))).toEqual([
      'key-warning',
    ]);
    expect(names(keyed, input(ROTATED + 90 * DAY_MS))).toEqual([
      'key-warning',
      'key-overdue',
    ]);
  });

  it('uses the whole-day age when the change time is unknown, and nothing without an age', () => {
    const byAge = installStatus({
      keyRotation: {
        ...installStatus().keyRotation,
        lastRotatedAt: undefined,
        ageDays: 90,
      },
    });
    expect(names(byAge, input(ROTATED))).toEqual([
      'key-warning',
      'key-overdue',
    ]);
    const unknown = installStatus({
      keyRotation: {
        ...installStatus().keyRotation,
        lastRotatedAt: undefined,
        ageDays: undefined,
        state: 'unknown',
      },
    });
    expect(names(unknown, input(ROTATED))).toEqual([]);
  });

  it('an ExternalSecret not Ready is due only after more than the threshold since its Ready transition', () => {
    const since = '2026-11-30T10:00:00.000Z';
    const failing = withFailingExternalSecret(installStatus(), since);
    const t0 = Date.parse(since);
    expect(names(failing, input(t0 + 60 * MINUTE_MS))).toEqual([
      'external-secret-failing(pending)',
    ]);
    expect(evaluateConditions(failing, input(t0 + 60 * MINUTE_MS + 1))).toEqual(
      [{ condition: 'external-secret-failing', since, due: true }],
    );
  });

  it('an ExternalSecret without a transition time is timed from when the notifier first saw it', () => {
    const failing = withFailingExternalSecret(installStatus(), undefined);
    const now = Date.parse('2026-11-30T12:00:00.000Z');
    expect(names(failing, input(now))).toEqual([
      'external-secret-failing(pending)',
    ]);
    const seen = new Date(now - 61 * MINUTE_MS).toISOString();
    expect(
      names(failing, input(now, { 'external-secret-failing': seen })),
    ).toEqual(['external-secret-failing']);
  });

  it('Ready=Unknown or True is not a failing ExternalSecret', () => {
    const status = installStatus();
    status.externalSecret = {
      ...status.externalSecret,
      state: 'pending',
      ready: { status: 'Unknown', since: '2026-01-01T00:00:00Z' },
    };
    expect(names(status, input(Date.parse('2026-11-30T00:00:00Z')))).toEqual(
      [],
    );
  });

  it('an install failing is due after more than installFailingMinutes since first seen', () => {
    const failing = withCrashLoop(installStatus());
    const now = Date.parse('2026-11-30T12:00:00.000Z');
    expect(evaluateConditions(failing, input(now))).toEqual([
      {
        condition: 'install-failing',
        since: new Date(now).toISOString(),
        due: false,
      },
    ]);
    const exactly = new Date(now - 15 * MINUTE_MS).toISOString();
    expect(names(failing, input(now, { 'install-failing': exactly }))).toEqual([
      'install-failing(pending)',
    ]);
    const over = new Date(now - 15 * MINUTE_MS - 1).toISOString();
    expect(names(failing, input(now, { 'install-failing': over }))).toEqual([
      'install-failing',
    ]);
  });

  it('an error that is only the key or the ExternalSecret is not "install failing"', () => {
    const status = installStatus({
      state: 'error',
      reasons: [
        { state: 'error', section: 'keyRotation', message: 'key 120 days old' },
        { state: 'error', section: 'externalSecret', message: 'failing' },
      ],
    });
    expect(
      evaluateConditions(status, input(Date.parse('2026-11-30T00:00:00Z')))
        .map(o => o.condition)
        .includes('install-failing'),
    ).toBe(false);
  });

  it('judges nothing from a stale or unsynced cluster (last-known data)', () => {
    const bad = withCrashLoop(
      withFailingExternalSecret(keyed, '2026-01-01T00:00:00Z'),
    );
    const late = input(ROTATED + 200 * DAY_MS);
    expect(names(bad, late).length).toBe(4);
    expect(names({ ...bad, stale: true }, late)).toEqual([]);
    expect(names({ ...bad, state: 'unknown' }, late)).toEqual([]);
  });
});

describe('readNotificationSettings', () => {
  const read = (notifications: any) =>
    readNotificationSettings(
      new ConfigReader({ mcpKubernetes: { notifications } }),
    );

  it('has the documented defaults', () => {
    expect(readNotificationSettings(new ConfigReader({}))).toEqual({
      enabled: true,
      schedule: { frequency: { minutes: 1 }, timeout: { minutes: 5 } },
      externalSecretFailingMinutes: 60,
      installFailingMinutes: 15,
    });
  });

  it('reads a duration string, a cron and the thresholds', () => {
    expect(read({ frequency: '30s' }).schedule.frequency).toEqual({
      seconds: 30,
    });
    expect(
      read({ frequency: { cron: '*/5 * * * *' } }).schedule.frequency,
    ).toEqual({ cron: '*/5 * * * *' });
    expect(
      read({ externalSecretFailingMinutes: 5, installFailingMinutes: 1 }),
    ).toMatchObject({
      externalSecretFailingMinutes: 5,
      installFailingMinutes: 1,
    });
    expect(read({ enabled: false }).enabled).toBe(false);
  });

  it('refuses bad values with an error that names the key', () => {
    expect(() => read({ installFailingMinutes: 0 })).toThrow(
      /mcpKubernetes\.notifications\.installFailingMinutes: 0; use a whole number of minutes/,
    );
    expect(() => read({ externalSecretFailingMinutes: 'soon' })).toThrow(
      /mcpKubernetes\.notifications\.externalSecretFailingMinutes/,
    );
    expect(() => read({ frequency: 'often' })).toThrow(
      /mcpKubernetes\.notifications\.frequency/,
    );
    expect(() => read({ enabled: 'maybe' })).toThrow(
      /mcpKubernetes\.notifications\.enabled/,
    );
  });
});
