import { InputError } from '@backstage/errors';
import Ajv, { ErrorObject, ValidateFunction } from 'ajv';

/**
 * Validates values against the chart's values.schema.json; compiled once, reused per deploy.
 *
 * @public
 */
export class ValuesSchemaValidator {
  private readonly validate: ValidateFunction;

  static create(schema: Record<string, unknown>): ValuesSchemaValidator {
    return new ValuesSchemaValidator(schema);
  }

  private constructor(schema: Record<string, unknown>) {
    // strict: false, the chart schema is draft-07 with annotations ajv does not know.
    // unicodeRegExp: false, patterns are written for helm (Go RE2), which
    // accepts identity escapes such as \" that JavaScript's u-mode refuses.
    const ajv = new Ajv({
      allErrors: true,
      strict: false,
      unicodeRegExp: false,
    });
    this.validate = ajv.compile(schema);
  }

  /**
   * Throws an InputError listing every schema error with its values path.
   * `partial`: the values are one layer of several (e.g. free-form values
   * under typed answers), so missing required keys are not errors yet.
   */
  check(values: Record<string, unknown>, opts?: { partial?: boolean }): void {
    if (this.validate(values)) {
      return;
    }
    // `if`/`then` errors only repeat the real error found inside the branch.
    const errors = (this.validate.errors ?? []).filter(
      e => e.keyword !== 'if' && !(opts?.partial && e.keyword === 'required'),
    );
    if (!errors.length) {
      return;
    }
    const problems = errors.slice(0, 20).map(describe);
    throw new InputError(
      `Chart values do not match values.schema.json: ${problems.join('; ')}`,
    );
  }
}

function describe(e: ErrorObject): string {
  const path = `values${e.instancePath
    .replace(/\/(\d+)(?=\/|$)/g, '[$1]')
    .replace(/\//g, '.')}`;
  if (e.keyword === 'additionalProperties') {
    const key = (e.params as { additionalProperty: string }).additionalProperty;
    return `${path}.${key}: unknown key "${key}" (the chart does not read it; remove it or check its spelling)`;
  }
  if (e.keyword === 'enum') {
    return `${path} must be one of ${(
      e.params as { allowedValues: unknown[] }
    ).allowedValues
      .map(v => JSON.stringify(v))
      .join(', ')}`;
  }
  // Never echo the offending value: it may be a credential typed into the wrong field.
  return `${path} ${e.message}`;
}
