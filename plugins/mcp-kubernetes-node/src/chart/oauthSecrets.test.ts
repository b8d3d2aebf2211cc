import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import {
  CHART_DIR,
  ciScenarios,
  K8sObject,
  only,
  parseObjects,
  renderChart,
  runHelm,
  RELEASE,
  NAMESPACE,
} from './helmHarness';

jest.setTimeout(120_000);

/** How OAuth credentials reach the pod, and that their values never land in the pod spec. */

const scenarios = ciScenarios();
const container = (objects: K8sObject[]) =>
  only(objects, 'Deployment').spec.template.spec.containers[0];
const inline = parse(readFileSync(scenarios['oauth-inline-dev'], 'utf8'))
  .mcpKubernetes.oauth;
const SECRET_VALUES: string[] = [
  inline.googleClientSecret,
  inline.registrationToken,
  inline.encryptionKey,
  inline.googleClientID,
];

describe('OAuth credentials', () => {
  it('development mode: chart-made Secret, secretKeyRef env, values nowhere in the Deployment', async () => {
    const objects = parseObjects(
      await renderChart(['-f', scenarios['oauth-inline-dev']]),
    );
    const secret = only(objects, 'Secret');
    expect(secret.metadata.name).toBe(`${RELEASE}-mcp-kubernetes-oauth`);
    const decoded = Object.fromEntries(
      Object.entries(secret.data as Record<string, string>).map(([k, v]) => [
        k,
        Buffer.from(v, 'base64').toString(),
      ]),
    );
    expect(decoded).toEqual({
      'google-client-id': inline.googleClientID,
      'google-client-secret': inline.googleClientSecret,
      'registration-token': inline.registrationToken,
      'oauth-encryption-key': inline.encryptionKey,
    });
    const deployment = JSON.stringify(only(objects, 'Deployment'));
    for (const value of SECRET_VALUES) expect(deployment).not.toContain(value);
    for (const env of container(objects).env) {
      expect(env.value).toBeUndefined();
      expect(env.valueFrom.secretKeyRef.name).toBe(secret.metadata.name);
    }
  });

  it('development mode: the checksum annotation changes with the credentials, and only then', async () => {
    // Fresh helm runs (not the memoised renderChart), so "same" is really re-rendered.
    const checksum = async (...extra: string[]) => {
      const result = await runHelm([
        'template',
        RELEASE,
        CHART_DIR,
        '--namespace',
        NAMESPACE,
        '-f',
        scenarios['oauth-inline-dev'],
        ...extra,
      ]);
      expect(result.stderr).toBe('');
      return only(parseObjects(result.stdout), 'Deployment').spec.template
        .metadata.annotations['checksum/oauth-secret'];
    };
    const first = await checksum();
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(await checksum()).toBe(first);
    expect(
      await checksum(
        '--set',
        'mcpKubernetes.oauth.googleClientSecret=rotated-placeholder',
      ),
    ).not.toBe(first);
  });

  it('development mode: generates the encryption key and token when not given', async () => {
    const objects = parseObjects(
      await renderChart([
        '--set',
        'mcpKubernetes.oauth.enabled=true',
        '--set',
        'mcpKubernetes.oauth.baseURL=https://dev.example.com',
        '--set',
        'mcpKubernetes.oauth.googleClientID=id-placeholder',
        '--set',
        'mcpKubernetes.oauth.googleClientSecret=secret-placeholder',
      ]),
    );
    const data = only(objects, 'Secret').data;
    // 32 random bytes, base64: the size the server expects.
    expect(
      Buffer.from(
        Buffer.from(data['oauth-encryption-key'], 'base64').toString(),
        'base64',
      ),
    ).toHaveLength(32);
    expect(
      Buffer.from(data['registration-token'], 'base64').toString(),
    ).toMatch(/^[A-Za-z0-9]{64}$/);
  });

  it('development mode: NOTES carry a loud warning', async () => {
    const result = await runHelm([
      'install',
      RELEASE,
      CHART_DIR,
      '--namespace',
      NAMESPACE,
      '--dry-run=client',
      '-f',
      scenarios['oauth-inline-dev'],
    ]);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain(
      'WARNING: DEVELOPMENT-ONLY OAUTH CREDENTIALS',
    );
    const production = await runHelm([
      'install',
      RELEASE,
      CHART_DIR,
      '--namespace',
      NAMESPACE,
      '--dry-run=client',
      '-f',
      scenarios['oauth-eso'],
    ]);
    expect(production.stdout).toContain('NOTES:');
    expect(production.stdout).not.toContain('DEVELOPMENT-ONLY');
  });

  it('file mode: read-only Secret volume and *_FILE paths instead of variables', async () => {
    const objects = parseObjects(
      await renderChart(['-f', scenarios['oauth-files']]),
    );
    const pod = only(objects, 'Deployment').spec.template.spec;
    const c = pod.containers[0];
    expect(c.env.map((e: K8sObject) => e.name).sort()).toEqual([
      'GOOGLE_CLIENT_ID_FILE',
      'GOOGLE_CLIENT_SECRET_FILE',
      'OAUTH_ENCRYPTION_KEY_FILE',
      'REGISTRATION_TOKEN_FILE',
    ]);
    expect(
      c.env.find((e: K8sObject) => e.name === 'GOOGLE_CLIENT_SECRET_FILE')
        .value,
    ).toBe('/etc/mcp-kubernetes/oauth/google-client-secret');
    expect(JSON.stringify(c.env)).not.toContain('secretKeyRef');
    expect(c.volumeMounts).toContainEqual({
      name: 'oauth-credentials',
      mountPath: '/etc/mcp-kubernetes/oauth',
      readOnly: true,
    });
    expect(pod.volumes).toContainEqual({
      name: 'oauth-credentials',
      secret: { secretName: 'mcp-oauth-credentials', defaultMode: 0o440 },
    });
  });

  it('external mode (Vault agent): annotations pass through and the chart wires no secret', async () => {
    const objects = parseObjects(await renderChart(['-f', scenarios.vault]));
    const template = only(objects, 'Deployment').spec.template;
    expect(
      template.metadata.annotations['vault.hashicorp.com/agent-inject'],
    ).toBe('true');
    expect(template.spec.containers[0].args).toContain('--enable-oauth');
    expect(template.spec.containers[0].env).toBeUndefined();
    expect(objects.map(o => o.kind)).not.toContain('Secret');
  });

  it.each(Object.keys(scenarios))(
    'ci/%s: no literal env value or arg carries a credential',
    async name => {
      const objects = parseObjects(await renderChart(['-f', scenarios[name]]));
      const c = container(objects);
      const credentialEnv = (c.env ?? []).filter((env: K8sObject) =>
        /CLIENT_ID$|SECRET$|TOKEN$|ENCRYPTION_KEY$/.test(env.name),
      );
      expect(
        credentialEnv.filter((env: K8sObject) => env.value !== undefined),
      ).toEqual([]);
      for (const arg of c.args)
        expect(arg).not.toMatch(/secret|token|encryption-key|client-id/i);
    },
  );
});
