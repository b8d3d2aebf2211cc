import { redactSecretShaped } from './redact';

describe('redactSecretShaped', () => {
  it.each([
    ['{"password":"hunter2hunter2"}', '{"password":[redacted]}'],
    ['client_secret=abc123&next=1', 'client_secret=[redacted]&next=1'],
    ["api-key: 'xyz'", 'api-key: [redacted]'],
    ['Authorization: Basic dXNlcjpwYXNzd29yZA==', 'Authorization: [redacted]'],
    [
      'upstream replied to Bearer abcdefgh.ijkl-mnop',
      'upstream replied to Bearer [redacted]',
    ],
    [
      'jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.sig_nature-1 end',
      'jwt [redacted] end',
    ],
    ['key 0123456789abcdef0123456789abcdef01 end', 'key [redacted] end'],
    [
      '-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----',
      '[redacted]',
    ],
  ])('redacts %j', (input, expected) => {
    expect(redactSecretShaped(input)).toBe(expected);
  });

  it.each([
    '{"status":"ok","uptime":"3d"}',
    'connection refused',
    'GET /health 200 in 12ms from payments-mcp-7d9f8c6b5d-abcde',
  ])('leaves ordinary text alone: %j', text => {
    expect(redactSecretShaped(text)).toBe(text);
  });
});

describe('redactSecretShaped on hostile text', () => {
  it('answers a 4 KiB body of `key` repeated at once, and a huge one cut to the cap', () => {
    const started = performance.now();
    expect(redactSecretShaped('key'.repeat(1366).slice(0, 4096))).toBe(
      '[redacted]',
    );
    const huge = redactSecretShaped(`ok ${'key: '.repeat(200_000)}`);
    expect(huge.length).toBeLessThanOrEqual(4097);
    expect(huge.endsWith('…')).toBe(true);
    expect(performance.now() - started).toBeLessThan(100);
  });
});
