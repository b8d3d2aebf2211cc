import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';

/**
 * The portal's permission policy: everything is allowed (a demo portal with
 * guest sign-in) EXCEPT `mcp-kubernetes.deploy.values`, the free-form chart
 * values of the deploy action, which only the users and groups listed in
 * `mcpKubernetes.scaffolder.deployValuesAllowedFor` get (platform-team
 * templates). Everyone else deploys from the typed answers only.
 */

export const DEPLOY_VALUES_PERMISSION = 'mcp-kubernetes.deploy.values';
export const DEPLOY_VALUES_ALLOWED_FOR_KEY =
  'mcpKubernetes.scaffolder.deployValuesAllowedFor';

export class PortalPermissionPolicy implements PermissionPolicy {
  private readonly deployValuesAllowedFor: Set<string>;

  static fromConfig(config: Config): PortalPermissionPolicy {
    return new PortalPermissionPolicy(
      config.getOptionalStringArray(DEPLOY_VALUES_ALLOWED_FOR_KEY) ?? [],
    );
  }

  constructor(deployValuesAllowedFor: string[]) {
    this.deployValuesAllowedFor = new Set(
      deployValuesAllowedFor.map(r => r.toLocaleLowerCase('en-US')),
    );
  }

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    if (request.permission.name === DEPLOY_VALUES_PERMISSION) {
      const refs = user?.info.ownershipEntityRefs ?? [];
      return refs.some(r =>
        this.deployValuesAllowedFor.has(r.toLocaleLowerCase('en-US')),
      )
        ? { result: AuthorizeResult.ALLOW }
        : { result: AuthorizeResult.DENY };
    }
    return { result: AuthorizeResult.ALLOW };
  }
}

/** Installs PortalPermissionPolicy in the permission backend. */
export const portalPermissionPolicyModule = createBackendModule({
  pluginId: 'permission',
  moduleId: 'portal-policy',
  register(reg) {
    reg.registerInit({
      deps: {
        policy: policyExtensionPoint,
        config: coreServices.rootConfig,
      },
      async init({ policy, config }) {
        policy.setPolicy(PortalPermissionPolicy.fromConfig(config));
      },
    });
  },
});
