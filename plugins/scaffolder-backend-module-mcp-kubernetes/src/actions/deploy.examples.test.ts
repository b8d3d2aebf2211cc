import { parse } from 'yaml';
import { examples } from './deploy.examples';
import { createHarness } from './__testUtils__/harness';

jest.setTimeout(60_000);

describe('mcp-kubernetes:deploy examples', () => {
  it.each(examples.map(e => [e.description, e] as const))(
    '%s runs through the handler (dry run)',
    async (_d, example) => {
      const step = parse(example.example).steps[0];
      expect(step.action).toBe('mcp-kubernetes:deploy');
      // The examples name clusters of a typical config; map them onto the harness' clusters.
      const h = await createHarness();
      const input = {
        ...step.input,
        cluster:
          step.input.cluster === 'prod-eu-1' ? 'prod-eu-1' : 'dev-cluster',
      };
      const { error, outputs } = await h.run(input, { isDryRun: true });
      expect(error).toBeUndefined();
      expect(outputs.operation).toBe('dry-run');
      expect(outputs.objects).toEqual(
        expect.arrayContaining([
          `Deployment/${step.input.releaseName}-mcp-kubernetes`,
        ]),
      );
    },
  );
});
