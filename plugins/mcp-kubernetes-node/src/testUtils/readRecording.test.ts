import { readRecording } from '@mcp-kubernetes/plugin-mcp-kubernetes-node/testUtils';

describe('readRecording', () => {
  it('reads a recorded answer of the API server by file name', () => {
    const pod = JSON.parse(readRecording('15-pod-get-running.json'));
    expect(pod.kind).toBe('Pod');
    expect(pod.metadata.namespace).toBe('mcp-team-a');
  });

  it.each([
    '../recordedSeed.ts',
    '../../../package.json',
    '/etc/passwd',
    '.',
    '..',
    '%2e%2e',
    'kube-api/01-version.json',
  ])('refuses %j, which is not a recording file name', file => {
    expect(() => readRecording(file)).toThrow(/file name from __fixtures__/);
  });
});
