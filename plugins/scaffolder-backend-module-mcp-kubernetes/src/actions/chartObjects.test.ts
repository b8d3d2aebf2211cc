import { stringify } from 'yaml';
import {
  chartFullname,
  checkAllowedObjects,
  expectedObjects,
} from './chartObjects';

const doc = (kind: string, name: string, namespace?: string) =>
  stringify({
    apiVersion: 'v1',
    kind,
    metadata: { name, ...(namespace ? { namespace } : {}) },
  });

const chartRender = (release: string, ns: string) =>
  [
    doc('ServiceAccount', `${release}-mcp-kubernetes`, ns),
    doc('ClusterRole', `${ns}-${release}-mcp-kubernetes`),
    doc('ClusterRoleBinding', `${ns}-${release}-mcp-kubernetes`),
    doc('Service', `${release}-mcp-kubernetes`, ns),
    doc('Deployment', `${release}-mcp-kubernetes`, ns),
  ].join('---\n');

describe('the allow-list of rendered objects', () => {
  it('names objects like the chart helpers (release, nameOverride, fullnameOverride)', () => {
    expect(chartFullname('team-a', {})).toBe('team-a-mcp-kubernetes');
    expect(chartFullname('mcp-kubernetes-prod', {})).toBe(
      'mcp-kubernetes-prod',
    );
    expect(chartFullname('team-a', { nameOverride: 'mcp' })).toBe('team-a-mcp');
    expect(chartFullname('mcp-a', { nameOverride: 'mcp' })).toBe('mcp-a');
    expect(chartFullname('team-a', { fullnameOverride: 'x' })).toBe('x');
    // trunc 63 | trimSuffix "-"
    expect(chartFullname(`${'a'.repeat(48)}-b`, {})).toBe(
      `${'a'.repeat(48)}-b-mcp-kubernet`,
    );
    expect(
      chartFullname('a', { fullnameOverride: `${'x'.repeat(62)}-y` }),
    ).toBe('x'.repeat(62));
    expect(
      expectedObjects('r', 'ns', {
        mcpKubernetes: { oauth: { existingSecret: 'creds' } },
      }).get('ExternalSecret'),
    ).toEqual(new Set(['creds']));
  });

  it('accepts exactly the chart render of this release', () => {
    const objects = checkAllowedObjects({
      manifests: chartRender('team-a', 'ns-a'),
      release: 'team-a',
      namespace: 'ns-a',
      values: {},
    });
    expect(objects.map(o => o.kind)).toEqual([
      'ServiceAccount',
      'ClusterRole',
      'ClusterRoleBinding',
      'Service',
      'Deployment',
    ]);
  });

  it.each([
    [
      'a smuggled ClusterRoleBinding',
      doc('ClusterRoleBinding', 'pwned-cluster-admin'),
      'ClusterRoleBinding/pwned-cluster-admin (not an object this chart makes for release team-a)',
    ],
    [
      'a smuggled ConfigMap (flow style, which a line scan misses)',
      '{apiVersion: v1, kind: ConfigMap, metadata: {name: team-a-mcp-kubernetes, namespace: ns-a}}\n',
      'ConfigMap/team-a-mcp-kubernetes in namespace ns-a (not an object this chart makes',
    ],
    [
      "another release's Deployment",
      doc('Deployment', 'team-b-mcp-kubernetes', 'ns-a'),
      'Deployment/team-b-mcp-kubernetes in namespace ns-a (not an object',
    ],
    [
      'the right object in another namespace',
      doc('Secret', 'team-a-mcp-kubernetes-oauth', 'kube-system'),
      'Secret/team-a-mcp-kubernetes-oauth in namespace kube-system (outside the target namespace ns-a)',
    ],
    [
      'a second copy of the Deployment',
      doc('Deployment', 'team-a-mcp-kubernetes', 'ns-a'),
      'Deployment/team-a-mcp-kubernetes in namespace ns-a (rendered twice)',
    ],
    [
      'a List wrapping anything',
      stringify({ apiVersion: 'v1', kind: 'List', items: [] }),
      '(no name) (not an object',
    ],
  ])('refuses %s, naming it', (_what, extra, message) => {
    expect(() =>
      checkAllowedObjects({
        manifests: `${chartRender('team-a', 'ns-a')}---\n${extra}`,
        release: 'team-a',
        namespace: 'ns-a',
        values: {},
      }),
    ).toThrow(message);
  });

  it('reads the render as helm and the API server do (YAML 1.1): an unquoted `on` is no name', () => {
    // YAML 1.2 would read the string "on"; sigs.k8s.io/yaml reads the boolean true.
    const manifests = `${chartRender('mcp-a', 'team-a')}---
apiVersion: v1
kind: ConfigMap
metadata:
  name: on
  namespace: team-a
`;
    expect(() =>
      checkAllowedObjects({
        manifests,
        release: 'mcp-a',
        namespace: 'team-a',
        values: {},
      }),
    ).toThrow(/ConfigMap\/\(no name\)/);
  });

  it('refuses a document that is not an object', () => {
    expect(() =>
      checkAllowedObjects({
        manifests: `${chartRender('team-a', 'ns-a')}---\n- a\n- b\n`,
        release: 'team-a',
        namespace: 'ns-a',
        values: {},
      }),
    ).toThrow('document 6 that is not a Kubernetes object');
  });
});
