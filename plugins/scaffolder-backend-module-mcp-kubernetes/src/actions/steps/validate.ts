import { LoggerService } from '@backstage/backend-plugin-api';
import { composeChartValues } from '@mcp-kubernetes/plugin-mcp-kubernetes-common';
import { isDeepStrictEqual } from 'node:util';
import { ValuesSchemaValidator } from '@mcp-kubernetes/plugin-mcp-kubernetes-node';
import { DeployInput } from '../deployInput';
import { guardValues } from '../valuesGuard';

/**
 * Step 2, validate: free-form values (if any) are shape-checked and copied
 * into plain same-realm objects, the typed answers and the server-set keys
 * are merged over them, and the result is checked against the chart schema.
 */
export function buildValidatedValues(opts: {
  input: DeployInput;
  rawValues: unknown;
  validator: ValuesSchemaValidator;
  log: LoggerService;
}): Record<string, unknown> {
  const free = opts.rawValues === undefined ? {} : guardValues(opts.rawValues);
  // Free values must be valid chart values on their own, so a mistake is
  // named even where a typed answer replaces it.
  opts.validator.check(free, { partial: true });
  const values = composeChartValues(opts.input, free);
  const replaced = replacedPaths(free, values);
  if (replaced.length) {
    opts.log.warn(
      `The typed answers replace these free-form values: ${replaced
        .map(p => `values.${p}`)
        .join(', ')}`,
    );
  }
  opts.validator.check(values);
  return values;
}

/** Leaf paths of `free` whose value differs in `final` (the typed answers won there). */
function replacedPaths(
  free: Record<string, unknown>,
  final: Record<string, unknown>,
  prefix = '',
): string[] {
  const out: string[] = [];
  for (const [key, value] of Object.entries(free)) {
    const path = prefix ? `${prefix}.${key}` : key;
    const next = final[key];
    if (
      value &&
      typeof value === 'object' &&
      !Array.isArray(value) &&
      next &&
      typeof next === 'object' &&
      !Array.isArray(next)
    ) {
      out.push(
        ...replacedPaths(
          value as Record<string, unknown>,
          next as Record<string, unknown>,
          path,
        ),
      );
    } else if (!isDeepStrictEqual(value, next)) {
      out.push(path);
    }
  }
  return out;
}
