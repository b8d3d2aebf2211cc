import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  createPermission,
} from '@backstage/plugin-permission-common';
import { PortalPermissionPolicy } from './permissionPolicy';

const user = (ownershipEntityRefs: string[]) => ({
  credentials: mockCredentials.user(),
  info: { userEntityRef: 'user:default/someone', ownershipEntityRefs },
});

const deployValues = createPermission({
  name: 'mcp-kubernetes.deploy.values',
  attributes: { action: 'create' },
});
const deploy = createPermission({
  name: 'mcp-kubernetes.deploy',
  attributes: { action: 'create' },
  resourceType: 'mcp-kubernetes-deploy-target',
});

describe('PortalPermissionPolicy', () => {
  it('denies free-form deploy values by default and allows everything else', async () => {
    const policy = PortalPermissionPolicy.fromConfig(
      mockServices.rootConfig({ data: {} }),
    );
    const me = user(['user:default/someone', 'group:default/team-a']);
    expect(await policy.handle({ permission: deployValues }, me)).toEqual({
      result: AuthorizeResult.DENY,
    });
    expect(await policy.handle({ permission: deployValues })).toEqual({
      result: AuthorizeResult.DENY,
    });
    expect(await policy.handle({ permission: deploy }, me)).toEqual({
      result: AuthorizeResult.ALLOW,
    });
  });

  it('grants free-form values to the configured platform team only', async () => {
    const policy = PortalPermissionPolicy.fromConfig(
      mockServices.rootConfig({
        data: {
          mcpKubernetes: {
            scaffolder: {
              deployValuesAllowedFor: ['group:default/Platform-Team'],
            },
          },
        },
      }),
    );
    expect(
      await policy.handle(
        { permission: deployValues },
        user(['group:default/platform-team']),
      ),
    ).toEqual({ result: AuthorizeResult.ALLOW });
    expect(
      await policy.handle(
        { permission: deployValues },
        user(['group:default/team-a']),
      ),
    ).toEqual({ result: AuthorizeResult.DENY });
  });
});
