import { InputError } from '@backstage/errors';
import {
  DeployAnswers,
  deployAnswersSchema,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-common';
import { z } from 'zod';

/**
 * The deploy action's input is the typed answers of `-common`
 * (`deployAnswersSchema`), validated again inside the handler: the form and
 * the scaffolder's own schema check are not trusted (a template can pass
 * anything, and mock contexts skip the scaffolder's check).
 */

export type DeployInput = DeployAnswers;

/**
 * Parses an action's input with its strict schema, or throws one InputError naming every bad
 * field (unknown keys listed by name). The deploy answers and the day-2 inputs share it.
 */
export function parseStrict<S extends z.ZodTypeAny>(
  schema: S,
  raw: unknown,
  actionId: string,
): z.output<S> {
  const parsed = schema.safeParse(raw);
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
  throw new InputError(`Invalid ${actionId} input: ${problems.join('; ')}`);
}

/** Parses the deploy answers or throws one InputError naming every bad field. */
export function parseDeployInput(raw: unknown): DeployInput {
  return parseStrict(deployAnswersSchema, raw, 'mcp-kubernetes:deploy');
}
