import { mockServices } from '@backstage/backend-test-utils';
import type { FakeKubeApiServer } from '../../testUtils';
import { DefaultClusterRegistry } from '../DefaultClusterRegistry';

/** A registry with one `config` cluster per fake API server, as app-config would declare it. */
export function registryFor(fakes: Record<string, FakeKubeApiServer>) {
  const config = mockServices.rootConfig({
    data: {
      kubernetes: {
        clusterLocatorMethods: [
          {
            type: 'config',
            clusters: Object.entries(fakes).map(([name, fake]) => ({
              name,
              url: fake.url,
              authProvider: 'serviceAccount',
              serviceAccountToken: fake.token,
              skipTLSVerify: true,
            })),
          },
        ],
      },
    },
  });
  return {
    config,
    registry: DefaultClusterRegistry.fromConfig({
      config,
      logger: mockServices.logger.mock(),
    }),
  };
}

/** Polls until `check` stops throwing (or returns true), failing after `timeoutMs`. */
export async function eventually(
  check: () => unknown,
  timeoutMs = 4000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const ok = check();
      if (ok !== false) return;
      last = new Error('condition returned false');
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw last;
    await new Promise(r => setTimeout(r, 20));
  }
}
