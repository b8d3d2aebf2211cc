import { mockServices } from '@backstage/backend-test-utils';
import type { V1Deployment } from '@kubernetes/client-node';
import { DefaultPolicyEngine } from '@mcp-kubernetes/plugin-mcp-kubernetes-node';
import { buildMcpInstall } from '@mcp-kubernetes/plugin-mcp-kubernetes-node/testUtils';
import { MemorySnapshotSource } from '../__testUtils__/memorySource';
import {
  createLivePolicyCheck,
  observedValues,
  splitImage,
} from './livePolicy';
import { StatusService } from './StatusService';

describe('live policy check', () => {
  it.each([
    [
      'ghcr.io/example/mcp-kubernetes:0.4.2',
      {
        registry: 'ghcr.io',
        repository: 'example/mcp-kubernetes',
        tag: '0.4.2',
      },
    ],
    [
      'localhost:5000/mcp:dev',
      { registry: 'localhost:5000', repository: 'mcp', tag: 'dev' },
    ],
    [
      'giantswarm/mcp-kubernetes',
      {
        registry: 'docker.io',
        repository: 'giantswarm/mcp-kubernetes',
        tag: '',
      },
    ],
    [
      'gsoci.azurecr.io/giantswarm/mcp@sha256:abc',
      { registry: 'gsoci.azurecr.io', repository: 'giantswarm/mcp', tag: '' },
    ],
  ])('splits %s', (image, parts) => expect(splitImage(image)).toEqual(parts));

  it('reads replicas, image and resources back from a Deployment', () => {
    const { deployment } = buildMcpInstall({
      namespace: 'ns',
      release: 'r',
      replicas: 3,
    });
    expect(
      observedValues(deployment as unknown as V1Deployment, 'creds'),
    ).toEqual({
      replicaCount: 3,
      image: {
        registry: 'ghcr.io',
        repository: 'example/mcp-kubernetes',
        tag: '0.4.2',
      },
      resources: {
        limits: { cpu: '500m', memory: '256Mi' },
        requests: { cpu: '100m', memory: '128Mi' },
      },
      mcpKubernetes: { oauth: { existingSecret: 'creds' } },
    });
  });

  it('counts only the violations visible in live objects, per environment', () => {
    // The shipped policy allows no cluster until one is configured per environment.
    const engine = DefaultPolicyEngine.fromConfig(
      mockServices.rootConfig({
        data: {
          mcpKubernetes: {
            policy: {
              environments: {
                production: { allowedClusters: ['c1'] },
                development: { allowedClusters: ['c1'] },
              },
            },
          },
        },
      }),
    );
    const install = buildMcpInstall({
      namespace: 'ns',
      release: 'r',
      replicas: 1,
    });
    const status = StatusService.create({
      source: MemorySnapshotSource.withInstalls({ c1: [install] }),
      health: { get: () => undefined },
      history: { history: () => [] },
      limits: { warnAfterDays: 75, maxAgeDays: 90 },
      policyCheck: createLivePolicyCheck(engine),
    });
    const fleetIn = (environment: string) =>
      status.getFleet(
        // Keyed by the recorded entity (the seed records component:default/r).
        new Map([
          [
            'component:default/r',
            {
              install: { cluster: 'c1', namespace: 'ns', release: 'r' },
              environment,
            },
          ],
        ]),
      ).items[0].policyViolations;
    // production: ghcr.io is not an allowed registry and 1 replica is under the minimum of 2.
    expect(fleetIn('production')).toBe(2);
    expect(fleetIn('development')).toBe(0);
    expect(fleetIn('no-such-environment')).toBeUndefined();
    expect(status.getFleet().items[0].policyViolations).toBeUndefined();
  });
});
