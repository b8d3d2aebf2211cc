import { ConfigReader } from '@backstage/config';
import { readStatusBackendConfig } from './config';

describe('readStatusBackendConfig', () => {
  it('defaults every key', () => {
    expect(readStatusBackendConfig(new ConfigReader({}))).toEqual({
      keyRotation: {
        warnAfterDays: 75,
        maxAgeDays: 90,
      },
      health: {
        concurrency: 10,
        timeoutMs: 2000,
        maxBodyBytes: 4096,
        excerptChars: 256,
      },
    });
  });

  it('reads configured values', () => {
    const config = new ConfigReader({
      mcpKubernetes: {
        keyRotation: { warnAfterDays: 20, maxAgeDays: 30 },
        health: { concurrency: 3, timeoutMs: 500 },
      },
    });
    expect(readStatusBackendConfig(config)).toMatchObject({
      keyRotation: { warnAfterDays: 20, maxAgeDays: 30 },
      health: { concurrency: 3, timeoutMs: 500 },
    });
  });

  it('names the key and the fix for bad values', () => {
    expect(() =>
      readStatusBackendConfig(
        new ConfigReader({ mcpKubernetes: { health: { timeoutMs: 0 } } }),
      ),
    ).toThrow(
      'Invalid config mcpKubernetes.health.timeoutMs: 0; use a number greater than 0 (default 2000)',
    );
    expect(() =>
      readStatusBackendConfig(
        new ConfigReader({
          mcpKubernetes: { keyRotation: { warnAfterDays: 100 } },
        }),
      ),
    ).toThrow(/warnAfterDays \(100\) is above maxAgeDays \(90\)/);
  });
});
