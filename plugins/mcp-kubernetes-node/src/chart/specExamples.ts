/**
 * Reads the install examples and the RBAC list out of the chart spec, so the
 * tests follow the spec as written instead of a hand-copied version of it.
 */

export interface SpecExample {
  /** Nearest heading above the command, `#2` etc. appended when repeated. */
  title: string;
  /** helm arguments after `helm install <release> <chart>`. */
  args: string[];
}

const SPEC_CHART_PATH = './helm/mcp-kubernetes';

/** Every `helm install ... ./helm/mcp-kubernetes ...` command of the spec's bash blocks. */
export function specInstallExamples(spec: string): SpecExample[] {
  const examples: SpecExample[] = [];
  const seen = new Map<string, number>();
  let heading = '';
  let inBash = false;
  let pending = '';
  for (const line of spec.split('\n')) {
    if (!inBash) {
      const h = /^#{2,4}\s+(.*)$/.exec(line);
      if (h) heading = h[1].trim();
      if (/^```bash\s*$/.test(line)) inBash = true;
      continue;
    }
    if (/^```\s*$/.test(line)) {
      inBash = false;
      pending = '';
      continue;
    }
    pending += line.replace(/\\\s*$/, ' ');
    if (/\\\s*$/.test(line)) continue;
    const command = pending.trim();
    pending = '';
    const words = command.split(/\s+/);
    if (
      words[0] !== 'helm' ||
      words[1] !== 'install' ||
      words[3] !== SPEC_CHART_PATH
    )
      continue;
    const count = (seen.get(heading) ?? 0) + 1;
    seen.set(heading, count);
    examples.push({
      title: count > 1 ? `${heading} #${count}` : heading,
      args: words.slice(4),
    });
  }
  return examples;
}

/** The yaml block that starts with `# <fileName>` (e.g. values-vault.yaml). */
export function specYamlBlock(spec: string, fileName: string): string {
  const escaped = fileName.replace(/\./g, '\\.');
  const match = new RegExp(
    `\`\`\`yaml\\n# ${escaped}\\n([\\s\\S]*?)\`\`\``,
  ).exec(spec);
  if (!match)
    throw new Error(`The spec has no yaml block starting with "# ${fileName}"`);
  return match[1];
}

export interface SpecPermission {
  apiGroup: string;
  resource: string;
  readOnly: boolean;
}

// The spec names groups in prose; these are their API group names.
const GROUP_BY_LABEL: Record<string, string> = {
  Core: '',
  Apps: 'apps',
  Networking: 'networking.k8s.io',
  Storage: 'storage.k8s.io',
  Metrics: 'metrics.k8s.io',
  Custom: 'apiextensions.k8s.io',
  RBAC: 'rbac.authorization.k8s.io',
  Batch: 'batch',
  Autoscaling: 'autoscaling',
  Policy: 'policy',
};

/** The "RBAC Permissions" bullet list of the spec, one entry per resource. */
export function specRbacPermissions(spec: string): SpecPermission[] {
  const section = /## RBAC Permissions\n([\s\S]*?)\n## /.exec(spec);
  if (!section)
    throw new Error('The spec has no "## RBAC Permissions" section');
  const permissions: SpecPermission[] = [];
  for (const line of section[1].split('\n')) {
    const m = /^- \*\*(\w+) resources\*\*: (.*)$/.exec(line.trim());
    if (!m) continue;
    const apiGroup = GROUP_BY_LABEL[m[1]];
    if (apiGroup === undefined)
      throw new Error(
        `Unknown resource group "${m[1]}" in the spec's RBAC list`,
      );
    const readOnly = /\(read-only\)/.test(m[2]);
    for (const resource of m[2].replace(/\(read-only\)/, '').split(',')) {
      permissions.push({ apiGroup, resource: resource.trim(), readOnly });
    }
  }
  return permissions;
}

export interface SpecParameter {
  name: string;
  /** The default cell, parsed; undefined when the spec defers to values.yaml. */
  default: unknown;
  defersToValuesFile: boolean;
}

/** Every row of the spec's parameter tables (`| \`name\` | description | default |`). */
export function specParameters(
  spec: string,
  parseValue: (text: string) => unknown,
): SpecParameter[] {
  const rows: SpecParameter[] = [];
  for (const line of spec.split('\n')) {
    const m = /^\| `([\w.]+)` \| [^|]* \| (.*) \|$/.exec(line.trim());
    if (!m) continue;
    const code = /`([^`]*)`/.exec(m[2]);
    const defersToValuesFile = !code && /values\.yaml/.test(m[2]);
    rows.push({
      name: m[1],
      default: code ? parseValue(code[1]) : undefined,
      defersToValuesFile,
    });
  }
  return rows;
}
