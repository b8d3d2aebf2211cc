import { InputError } from '@backstage/errors';
import {
  DeployAnswers,
  deployAnswersSchema,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-common';

/**
 * The deploy action's input is the typed answers of `-common`
 * (`deployAnswersSchema`), validated again inside the handler: the form and
 * the scaffolder's own schema check are not trusted (a template can pass
 * anything, and mock contexts skip the scaffolder's check).
 */

export type DeployInput = DeployAnswers;

/** Parses the input or throws one InputError naming every bad field. */
export function parseDeployInput(raw: unknown): DeployInput {
  const parsed = deployAnswersSchema.safeParse(raw);
  if (parsed.success) {
    return parsed.data;
  }
  const problems = parsed.error.issues.map(issue => {
    if (issue.code === 'unrecognized_keys') {
      return `unknown input(s) ${issue.keys.join(', ')}`;
    }
    const field = issue.path.join('.') || 'input';
    return issue.message.startsWith(String(issue.path[0] ?? '')) &&
      issue.path.length
      ? issue.message
      : `${field}: ${issue.message}`;
  });
  throw new InputError(
    `Invalid mcp-kubernetes:deploy input: ${problems.join('; ')}`,
  );
}
