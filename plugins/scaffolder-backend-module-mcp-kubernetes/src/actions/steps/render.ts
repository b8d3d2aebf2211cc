import { LoggerService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  HelmRunner,
  ManifestFinding,
  parseRenderedManifests,
  RenderedManifests,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-node';
import { checkAllowedObjects } from '../chartObjects';
import { DeployInput } from '../deployInput';

function listFindings(findings: ManifestFinding[]): string {
  return findings
    .map(
      f =>
        `${f.kind}/${f.name}${f.path ? ` ${f.path}` : ''} [${f.rule}]: ${
          f.message
        }`,
    )
    .join('; ');
}

/**
 * Step 4, render and check: `helm template` with exactly the values helm
 * will install, the manifest checks (Pod Security Standards, schemas), and
 * the allow-list (only objects the chart makes for this release, in the
 * target namespace).
 */
export async function renderAndCheck(opts: {
  input: DeployInput;
  values: Readonly<Record<string, unknown>>;
  helmRunner: HelmRunner;
  checkManifests: (
    manifestsYaml: string,
    rendered: RenderedManifests,
  ) => ManifestFinding[];
  /** The values (merged with the chart defaults) passed values.schema.json already. */
  schemaValidated?: boolean;
  signal?: AbortSignal;
  log: LoggerService;
}): Promise<Array<{ kind: string; name: string }>> {
  const { input, values } = opts;
  const { manifests } = await opts.helmRunner.template({
    release: input.releaseName,
    namespace: input.namespace,
    values: values as Record<string, unknown>,
    skipSchemaValidation: opts.schemaValidated,
    signal: opts.signal,
  });
  // Tokenized once for the allow-list and the manifest checks.
  const rendered = parseRenderedManifests(manifests);
  const objects = checkAllowedObjects({
    manifests: rendered,
    release: input.releaseName,
    namespace: input.namespace,
    values: values as Record<string, unknown>,
  });
  const findings = opts.checkManifests(manifests, rendered);
  if (findings.length) {
    throw new InputError(
      `The rendered chart fails ${
        findings.length
      } manifest check(s), nothing was deployed: ${listFindings(findings)}`,
    );
  }
  opts.log.info(
    `Rendered ${objects.length} objects: ${objects
      .map(o => `${o.kind}/${o.name}`)
      .join(', ')}`,
  );
  return objects.map(o => ({ kind: o.kind, name: o.name }));
}
