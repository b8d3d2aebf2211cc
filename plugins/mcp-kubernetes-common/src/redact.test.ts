import { isSecretKey, REDACTED, redactSecrets } from './redact';

describe('isSecretKey', () => {
  it.each([
    'googleClientSecret',
    'registrationToken',
    'encryptionKey',
    'password',
    'API_TOKEN',
    'client_secret',
    'x-api-key',
    'apiKey',
    'Authorization',
    'privateKey',
    'client-key',
    'AWS_SECRET_ACCESS_KEY',
    'SECRET_KEY_BASE',
    'refresh_token',
    'set-cookie',
    'JSESSIONID',
    'db.passwd',
    'serviceAccountToken',
  ])('%s names a credential', key => {
    expect(isSecretKey(key)).toBe(true);
  });

  it.each([
    'existingSecret',
    'EXISTING_SECRET',
    'tlsSecretName',
    'secretStoreRef',
    'secretStoreName',
    'imagePullSecrets',
    'credentialsMountPath',
    'token_endpoint',
    'token_type',
    'tokenTTL',
    'googleClientID',
    'LOG_LEVEL',
    'remoteKeys',
    'key',
    'status',
    '',
    '__proto__',
    'constructor',
  ])('%s does not', key => {
    expect(isSecretKey(key)).toBe(false);
  });

  it('is false for anything but a string', () => {
    expect(isSecretKey(undefined)).toBe(false);
    expect(isSecretKey(42)).toBe(false);
    expect(isSecretKey({ toString: () => 'password' })).toBe(false);
  });
});

describe('redactSecrets', () => {
  it.each([
    ['{"password":"hunter2hunter2"}', '{"password":[redacted]}'],
    ['client_secret=abc123&next=1', 'client_secret=[redacted]&next=1'],
    ["api-key: 'xyz'", 'api-key: [redacted]'],
    ['Authorization: Basic dXNlcjpwYXNzd29yZA==', 'Authorization: [redacted]'],
    ['Authorization: Bearer abc.def.ghi', 'Authorization: [redacted]'],
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
    ['a -----BEGIN RSA PRIVATE KEY-----\nMIIB... (cut)', `a ${REDACTED}`],
    [
      'db postgres://user:hunter2@db:5432/x',
      'db postgres://[redacted]@db:5432/x',
    ],
    ['token=FAKE-SECRET-xyz&x=1', 'token=[redacted]&x=1'],
    ['{"token": "a \\" b", "ok": 1}', '{"token": [redacted], "ok": 1}'],
    [
      'registrationToken: s3cr3t\nnext: 1',
      'registrationToken: [redacted]\nnext: 1',
    ],
    ['"client_secret":"unterminated and cut', '"client_secret":[redacted]'],
  ])('redacts %j', (input, expected) => {
    expect(redactSecrets(input)).toBe(expected);
  });

  it.each([
    '{"status":"ok","uptime":"3d"}',
    '{"status": "ok", "version": "0.4.2"}',
    'connection refused',
    'GET /health 200 in 12ms from payments-mcp-7d9f8c6b5d-abcde',
    'basic authentication is disabled',
    '{"token_endpoint":"https://oauth2.example.com/t","token_type":"bearer"}',
    '{"password": null, "tokenRequired": true}',
    '{"existingSecret":"mcp-oauth","secretStoreRef":"vault"}',
  ])('leaves ordinary text alone: %j', text => {
    expect(redactSecrets(text)).toBe(text);
  });

  it('cuts before redacting, and drops a token the cut split so no half secret survives', () => {
    const secret = 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8';
    const text = `${'x '.repeat(40)}${secret} tail`;
    const out = redactSecrets(text, 100);
    expect(out.endsWith('…')).toBe(true);
    expect(out).not.toContain(secret.slice(0, 8));
    expect(out.length).toBeLessThanOrEqual(101);
    // Cut inside a quoted credential: the rest of the text is the value.
    expect(redactSecrets('{"client_secret":"abcdefghijklmnop"}', 30)).toBe(
      `{"client_secret":${REDACTED}…`,
    );
  });

  /** 4 KiB bodies built to make backtracking regexes go quadratic or worse. */
  const KIB4 = 4096;
  const fill = (unit: string) =>
    unit.repeat(Math.ceil(KIB4 / unit.length)).slice(0, KIB4);
  const adversarial: Array<[string, string, (out: string) => void]> = [
    ['key repeated', fill('key'), out => expect(out).toBe(REDACTED)],
    [
      'key= repeated',
      fill('key='),
      out => expect(out).not.toMatch(/key=key=key=key=key=key=key=key=/),
    ],
    [
      'token= repeated',
      fill('token='),
      out => expect(out).toBe(`token=${REDACTED}`),
    ],
    [
      '"password":" repeated',
      fill('"password":"'),
      out => expect(out.startsWith(`"password":${REDACTED}`)).toBe(true),
    ],
    [
      'secret words with spaces',
      fill('password secret token '),
      out => expect(out).toBe(fill('password secret token ')),
    ],
    ['a- repeated', fill('a-'), out => expect(out).toBe(REDACTED)],
    ['a-. repeated', fill('a-.'), out => expect(out).toBe(fill('a-.'))],
    ['eyJ repeated', fill('eyJ'), out => expect(out).toBe(REDACTED)],
    [
      '-eyJaaaa. repeated',
      fill('-eyJaaaa.'),
      out => expect(out).toBe(fill('-eyJaaaa.')),
    ],
    [
      'BEGIN without END',
      fill('-----BEGIN A-----'),
      out => expect(out).toBe(REDACTED),
    ],
    ['Bearer repeated', fill('Bearer '), out => expect(out).toHaveLength(KIB4)],
    [
      'Bearer then spaces',
      `Bearer${' '.repeat(KIB4 - 7)}x`,
      out => expect(out).toHaveLength(KIB4),
    ],
    [
      'scheme without credentials',
      `x://u:${'p'.repeat(KIB4 - 6)}`,
      out => expect(out).toContain('x://u:'),
    ],
    ['a:// repeated', fill('a://'), out => expect(out).toHaveLength(KIB4)],
    ['quotes', fill('"'), out => expect(out).toBe(fill('"'))],
    ['backslashes', fill('\\'), out => expect(out).toBe(fill('\\'))],
    [
      'many short credential pairs',
      fill('"token":"x",'),
      out => expect(out).not.toContain('"x"'),
    ],
    ['long unbroken word', fill('abcdefgh'), out => expect(out).toBe(REDACTED)],
  ];

  it.each(adversarial)(
    'is linear on a 4 KiB body of %s',
    (_name, body, check) => {
      const started = performance.now();
      const out = redactSecrets(body);
      const ms = performance.now() - started;
      check(out);
      // A backtracking regex takes seconds on some of these; the linear scan well under 50 ms
      // even on a loaded CI machine (the benchmark measures the real figure).
      expect(ms).toBeLessThan(50);
    },
  );

  it('works on text longer than the cap without scanning past it', () => {
    const out = redactSecrets(`ok ${'key'.repeat(1_000_000)}`);
    expect(out).toBe(`ok …`);
  });
});
