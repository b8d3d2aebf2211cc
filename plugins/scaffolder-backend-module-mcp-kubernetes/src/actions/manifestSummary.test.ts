import { summarizeManifests } from './manifestSummary';

describe('summarizeManifests', () => {
  it('lists kind/name of each document, skipping empty ones and nested names', () => {
    const yaml = [
      '---',
      '# Source: mcp-kubernetes/templates/serviceaccount.yaml',
      'apiVersion: v1',
      'kind: ServiceAccount',
      'metadata:',
      '  labels:',
      '    name: not-this-one',
      '  name: "demo-mcp-kubernetes"',
      '---',
      '# Source: empty.yaml',
      '---',
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: demo',
      'spec:',
      '  template:',
      '    metadata:',
      '      name: nested',
      '',
    ].join('\n');
    expect(summarizeManifests(yaml)).toEqual([
      { kind: 'ServiceAccount', name: 'demo-mcp-kubernetes' },
      { kind: 'Deployment', name: 'demo' },
    ]);
  });
});
