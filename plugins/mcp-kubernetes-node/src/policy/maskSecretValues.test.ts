import { MASKED, maskSecretValues } from './maskSecretValues';

describe('maskSecretValues', () => {
  const values = {
    replicaCount: 2,
    mcpKubernetes: {
      oauth: {
        enabled: true,
        existingSecret: 'mcp-oauth',
        googleClientID: 'client-id-is-public',
        googleClientSecret: 'seeded-client-secret',
        registrationToken: 'seeded-registration-token',
        encryptionKey: 'seeded-encryption-key',
        externalSecret: {
          enabled: true,
          secretStoreRef: { name: 'vault', kind: 'ClusterSecretStore' },
          remoteKeys: {
            'google-client-id': 'mcp/prod/google-client-id',
            'google-client-secret': 'mcp/prod/google-client-secret',
            'registration-token': {
              key: 'mcp/prod/oauth',
              property: 'registration-token',
              version: '3',
            },
            'oauth-encryption-key': null,
          },
        },
      },
      env: [
        { name: 'API_TOKEN', value: 'seeded-env-token' },
        { name: 'LOG_LEVEL', value: 'debug' },
      ],
    },
  };

  it('masks credentials but keeps Secret names and remote key names readable', () => {
    expect(maskSecretValues(values)).toEqual({
      replicaCount: 2,
      mcpKubernetes: {
        oauth: {
          enabled: true,
          existingSecret: 'mcp-oauth',
          googleClientID: 'client-id-is-public',
          googleClientSecret: MASKED,
          registrationToken: MASKED,
          encryptionKey: MASKED,
          externalSecret: values.mcpKubernetes.oauth.externalSecret,
        },
        env: [
          { name: 'API_TOKEN', value: MASKED },
          { name: 'LOG_LEVEL', value: 'debug' },
        ],
      },
    });
  });

  it('returns a copy: the remote keys are not shared with the input', () => {
    const masked = maskSecretValues(values);
    const remoteKeys = masked.mcpKubernetes.oauth.externalSecret.remoteKeys;
    expect(remoteKeys).not.toBe(
      values.mcpKubernetes.oauth.externalSecret.remoteKeys,
    );
    expect(remoteKeys['registration-token']).not.toBe(
      values.mcpKubernetes.oauth.externalSecret.remoteKeys[
        'registration-token'
      ],
    );
  });

  it('still masks secret-named keys next to remoteKeys', () => {
    expect(
      maskSecretValues({
        externalSecret: { remoteKeys: { 'api-token': 'a/b' }, token: 'x' },
      }),
    ).toEqual({
      externalSecret: { remoteKeys: { 'api-token': 'a/b' }, token: MASKED },
    });
  });
});

describe('maskSecretValues with the shared secret-key rule', () => {
  it('masks every key the shared rule calls a credential, in any spelling, and no name', () => {
    expect(
      maskSecretValues({
        a: { client_secret: 'x1', 'x-api-key': 'x2', SECRET_KEY_BASE: 'x3' },
        b: { tlsSecretName: 'tls', secretStoreRef: 'vault', tokenTTL: '1h' },
        env: [{ name: 'AWS_SECRET_ACCESS_KEY', value: 'x4' }],
      }),
    ).toEqual({
      a: {
        client_secret: MASKED,
        'x-api-key': MASKED,
        SECRET_KEY_BASE: MASKED,
      },
      b: { tlsSecretName: 'tls', secretStoreRef: 'vault', tokenTTL: '1h' },
      env: [{ name: 'AWS_SECRET_ACCESS_KEY', value: MASKED }],
    });
  });

  it('keeps a __proto__ key as a key (masked), never as the prototype', () => {
    const hostile = JSON.parse(
      '{"__proto__": {"password": "seeded-proto-secret", "polluted": "yes"}}',
    );
    const masked = maskSecretValues(hostile) as Record<string, any>;
    expect(Object.getPrototypeOf(masked)).toBe(Object.prototype);
    expect((masked as { polluted?: string }).polluted).toBeUndefined();
    expect(Object.getOwnPropertyDescriptor(masked, '__proto__')?.value).toEqual(
      { password: MASKED, polluted: 'yes' },
    );
    expect(JSON.stringify(masked)).not.toContain('seeded-proto-secret');
  });
});
