import { PolicyViolation } from '@mcp-kubernetes/plugin-mcp-kubernetes-common';
import { getPath, isNonEmptyString, isPlainObject, isTruthy } from '../values';
import { PolicyRule, violation } from './types';

/**
 * Rules about OAuth credentials and transport security (the "Secret
 * Management" and "Network Security" parts of the production checklist).
 */

const OAUTH = 'mcpKubernetes.oauth';

/** Inline credential fields of the chart's OAuth block; each must come from `existingSecret` instead. */
export const INLINE_CREDENTIAL_KEYS = [
  'googleClientSecret',
  'registrationToken',
  'encryptionKey',
  'oauthEncryptionKey',
] as const;

/** Env var names that carry a credential; a plain `value` for them puts a secret in the pod spec. */
const SECRET_ENV_NAME =
  /(SECRET|TOKEN|PASSWORD|ENCRYPTION_KEY|API_KEY|PRIVATE_KEY)/i;

function oauthEnabled(values: Record<string, unknown>): boolean {
  return isTruthy(getPath(values, `${OAUTH}.enabled`));
}

export const existingSecretRequired: PolicyRule = ({ values }) => {
  if (!oauthEnabled(values)) {
    return [];
  }
  // externalCredentials: the chart's switch for credentials injected by a secret manager
  // (Vault agent, CSI driver), which the checklist accepts as equivalent.
  // externalSecret.enabled: the chart's own ESO ExternalSecret writes the Secret
  // (existingSecret, else "<fullname>-oauth") from a secret store, equally compliant;
  // the chart itself refuses it without a store name or next to inline credentials.
  if (
    isNonEmptyString(getPath(values, `${OAUTH}.existingSecret`)) ||
    isTruthy(getPath(values, `${OAUTH}.externalCredentials`)) ||
    isTruthy(getPath(values, `${OAUTH}.externalSecret.enabled`))
  ) {
    return [];
  }
  return [
    violation(
      'oauth.existing-secret-required',
      `${OAUTH}.existingSecret`,
      'OAuth is enabled but no existingSecret is set, so the chart would create the credentials Secret from values.',
      'Set mcpKubernetes.oauth.externalSecret.enabled=true with secretStoreRef.name so the chart syncs the Secret from your secret store, or create the Secret with a secret manager and set mcpKubernetes.oauth.existingSecret to its name (or externalCredentials=true when a secret manager injects them).',
    ),
  ];
};

export const noInlineCredentials: PolicyRule = ({ values }) => {
  const found: PolicyViolation[] = [];
  for (const key of INLINE_CREDENTIAL_KEYS) {
    if (isNonEmptyString(getPath(values, `${OAUTH}.${key}`))) {
      found.push(
        violation(
          'secrets.no-inline-credentials',
          `${OAUTH}.${key}`,
          `${key} is set inline in the values; values are stored in the Helm release and are not a secret store.`,
          `Remove mcpKubernetes.oauth.${key} and put it in the Secret named by mcpKubernetes.oauth.existingSecret.`,
        ),
      );
    }
  }
  const env = getPath(values, 'mcpKubernetes.env');
  if (Array.isArray(env)) {
    env.forEach((entry, i) => {
      if (
        isPlainObject(entry) &&
        typeof entry.name === 'string' &&
        SECRET_ENV_NAME.test(entry.name) &&
        entry.value !== undefined
      ) {
        found.push(
          violation(
            'secrets.no-inline-credentials',
            `mcpKubernetes.env[${i}].value`,
            `Environment variable ${entry.name} carries a credential as a plain value.`,
            `Use valueFrom.secretKeyRef for ${entry.name} instead of value.`,
          ),
        );
      }
    });
  }
  return found;
};

/** Hosts listed under ingress.tls[*].hosts. */
function tlsHosts(tls: unknown[]): Set<string> {
  const hosts = new Set<string>();
  for (const entry of tls) {
    if (isPlainObject(entry) && Array.isArray(entry.hosts)) {
      entry.hosts.filter(isNonEmptyString).forEach(h => hosts.add(h));
    }
  }
  return hosts;
}

export const ingressTlsRequired: PolicyRule = ({ values }) => {
  const ingressOn = isTruthy(getPath(values, 'ingress.enabled'));
  const oauthOn = oauthEnabled(values);
  if (!ingressOn && !oauthOn) {
    return [];
  }
  if (!ingressOn) {
    return [
      violation(
        'ingress.tls-required',
        'ingress.enabled',
        'OAuth is enabled but the ingress is off, so nothing terminates HTTPS for the OAuth callbacks.',
        'Set ingress.enabled=true with ingress.tls (secretName and hosts).',
      ),
    ];
  }
  const tls = getPath(values, 'ingress.tls');
  if (!Array.isArray(tls) || tls.length === 0) {
    return [
      violation(
        'ingress.tls-required',
        'ingress.tls',
        'The ingress is enabled without TLS, so the server would be reachable over plain HTTP.',
        'Add ingress.tls[0].secretName and ingress.tls[0].hosts listing every ingress host.',
      ),
    ];
  }
  const found: PolicyViolation[] = [];
  tls.forEach((entry, i) => {
    if (!isPlainObject(entry) || !isNonEmptyString(entry.secretName)) {
      found.push(
        violation(
          'ingress.tls-required',
          `ingress.tls[${i}].secretName`,
          `ingress.tls[${i}] has no secretName, so no certificate would be served.`,
          `Set ingress.tls[${i}].secretName to the TLS Secret (e.g. one cert-manager issues).`,
        ),
      );
    }
  });
  const covered = tlsHosts(tls);
  const hosts = getPath(values, 'ingress.hosts');
  if (Array.isArray(hosts)) {
    hosts.forEach((entry, i) => {
      const host = isPlainObject(entry) ? entry.host : undefined;
      if (isNonEmptyString(host) && !covered.has(host)) {
        found.push(
          violation(
            'ingress.tls-required',
            `ingress.hosts[${i}].host`,
            `Ingress host ${host} is not listed in any ingress.tls[].hosts, so it would be served without TLS.`,
            `Add ${host} to ingress.tls[0].hosts.`,
          ),
        );
      }
    });
  }
  return found;
};

export const baseUrlHttps: PolicyRule = ({ values }) => {
  if (!oauthEnabled(values)) {
    return [];
  }
  const path = `${OAUTH}.baseURL`;
  const baseURL = getPath(values, path);
  if (!isNonEmptyString(baseURL)) {
    return [
      violation(
        'oauth.base-url-https',
        path,
        'OAuth is enabled but baseURL is empty.',
        'Set mcpKubernetes.oauth.baseURL to the public https:// address of the server, e.g. https://mcp.example.com.',
      ),
    ];
  }
  let protocol: string | undefined;
  try {
    protocol = new URL(baseURL).protocol;
  } catch {
    protocol = undefined;
  }
  if (protocol === 'https:') {
    return [];
  }
  return [
    violation(
      'oauth.base-url-https',
      path,
      protocol
        ? `baseURL uses ${protocol.slice(
            0,
            -1,
          )}, but OAuth tokens must only travel over HTTPS.`
        : 'baseURL is not a valid URL.',
      'Use an https:// URL whose host is served by the ingress with TLS.',
    ),
  ];
};

export const noPublicRegistration: PolicyRule = ({ values }) => {
  const path = `${OAUTH}.allowPublicRegistration`;
  if (!isTruthy(getPath(values, path))) {
    return [];
  }
  return [
    violation(
      'oauth.no-public-registration',
      path,
      'allowPublicRegistration lets anyone register an OAuth client without the registration token.',
      'Set mcpKubernetes.oauth.allowPublicRegistration=false and hand out the registration token instead.',
    ),
  ];
};
