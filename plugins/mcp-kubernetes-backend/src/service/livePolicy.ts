import type { V1Deployment } from '@kubernetes/client-node';
import type { PolicyEngine } from '@mcp-kubernetes/plugin-mcp-kubernetes-node';
import { findInstallObjects } from '../status/findInstall';
import { LivePolicyCheck } from './StatusService';

/**
 * Rules whose inputs can be read back from live objects. Others (TLS, OAuth flags, network policy...)
 * are not visible in a Deployment, so their violations would be guesses and are not counted.
 */
const OBSERVABLE_RULES = new Set([
  'placement.cluster-allowed',
  'placement.namespace-allowed',
  'image.pinned-tag',
  'image.registry-allowed',
  'replicas.bounds',
  'resources.requests-and-limits',
  'resources.limit-ceilings',
]);

/** Splits `registry/repo/name:tag` the way the chart's image.registry/repository/tag compose it. */
export function splitImage(image: string): {
  registry: string;
  repository: string;
  tag: string;
} {
  const at = image.indexOf('@');
  const withoutDigest = at >= 0 ? image.slice(0, at) : image;
  const slash = withoutDigest.indexOf('/');
  const first = slash >= 0 ? withoutDigest.slice(0, slash) : '';
  const hasRegistry =
    first.includes('.') || first.includes(':') || first === 'localhost';
  const registry = hasRegistry ? first : 'docker.io';
  const rest = hasRegistry ? withoutDigest.slice(slash + 1) : withoutDigest;
  const colon = rest.lastIndexOf(':');
  return colon >= 0
    ? { registry, repository: rest.slice(0, colon), tag: rest.slice(colon + 1) }
    : { registry, repository: rest, tag: '' };
}

/** The chart values a live Deployment shows. */
export function observedValues(
  deployment: V1Deployment,
  secretName?: string,
): Record<string, unknown> {
  const container = deployment.spec?.template?.spec?.containers?.[0];
  const values: Record<string, unknown> = {
    replicaCount: deployment.spec?.replicas ?? 1,
    image: container?.image ? splitImage(container.image) : {},
    resources: container?.resources ?? {},
  };
  if (secretName) {
    values.mcpKubernetes = { oauth: { existingSecret: secretName } };
  }
  return values;
}

/** Counts today's violations of the observable rules for the install's environment. */
export function createLivePolicyCheck(engine: PolicyEngine): LivePolicyCheck {
  return (status, snapshot) => {
    const environment = status.environment;
    if (!environment || !engine.environments().includes(environment)) {
      return undefined;
    }
    const { deployment, targetSecretName } = findInstallObjects(
      snapshot,
      status.install.namespace,
      status.install.release,
    );
    if (!deployment) {
      return undefined;
    }
    const evaluation = engine.evaluate({
      environment,
      cluster: status.install.cluster,
      namespace: status.install.namespace,
      values: observedValues(deployment, targetSecretName),
    });
    return evaluation.violations.filter(v => OBSERVABLE_RULES.has(v.ruleId))
      .length;
  };
}
