/**
 * Kubernetes label selector parsing and matching (=, ==, !=, in, notin, exists, !exists),
 * with kube-apiserver's error wording for the cases the recordings show.
 */

type Requirement =
  | { key: string; op: 'exists' | '!exists' }
  | { key: string; op: '=' | '!='; value: string }
  | { key: string; op: 'in' | 'notin'; values: string[] };

/** A parsed selector; `matches` is true for an empty selector. */
export interface LabelSelector {
  matches(labels: Record<string, string> | undefined): boolean;
}

/** Thrown with the API server's message for a selector it cannot parse. */
export class LabelSelectorParseError extends Error {}

const SPECIAL = new Set(['=', '!', '(', ')', ',', '<', '>']);

function tokenize(input: string): string[] {
  const tokens: string[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i];
    if (c === ' ' || c === '\t') {
      i++;
      continue;
    }
    if (SPECIAL.has(c)) {
      // Two-character operators are read greedily, like the apiserver's lexer ('===' is '==' then '=').
      const two = input.slice(i, i + 2);
      if (two === '==' || two === '!=') {
        tokens.push(two);
        i += 2;
      } else {
        tokens.push(c);
        i++;
      }
      continue;
    }
    let j = i;
    while (j < input.length && !SPECIAL.has(input[j]) && input[j] !== ' ') {
      j++;
    }
    tokens.push(input.slice(i, j));
    i = j;
  }
  return tokens;
}

const isIdentifier = (t: string | undefined) =>
  t !== undefined && !SPECIAL.has(t) && t !== '==' && t !== '!=';

function fail(found: string | undefined, expected: string): never {
  throw new LabelSelectorParseError(
    `unable to parse requirement: found '${
      found ?? ''
    }', expected: ${expected}`,
  );
}

export function parseLabelSelector(
  input: string | null | undefined,
): LabelSelector {
  const requirements: Requirement[] = [];
  const tokens = tokenize(input ?? '');
  let p = 0;
  const peek = () => tokens[p];
  const next = () => tokens[p++];
  while (p < tokens.length) {
    if (peek() === '!') {
      next();
      const key = next();
      if (!isIdentifier(key)) fail(key, 'identifier');
      requirements.push({ key, op: '!exists' });
    } else {
      const key = next();
      if (!isIdentifier(key)) fail(key, '!, identifier');
      const op = peek();
      if (op === undefined || op === ',') {
        requirements.push({ key, op: 'exists' });
      } else if (op === '=' || op === '==' || op === '!=') {
        next();
        const value = peek();
        if (value === undefined || value === ',') {
          requirements.push({ key, op: op === '!=' ? '!=' : '=', value: '' });
        } else {
          if (!isIdentifier(value)) fail(value, 'identifier');
          next();
          requirements.push({ key, op: op === '!=' ? '!=' : '=', value });
        }
      } else if (op === 'in' || op === 'notin') {
        next();
        if (next() !== '(') fail(tokens[p - 1], "'('");
        const values: string[] = [];
        while (peek() !== ')') {
          const v = next();
          if (v === undefined) fail(v, "')'");
          if (v === ',') continue;
          if (!isIdentifier(v)) fail(v, 'identifier');
          values.push(v);
        }
        next();
        requirements.push({ key, op, values });
      } else {
        fail(op, '=, !=, ==, in, notin');
      }
    }
    const sep = next();
    if (sep !== undefined && sep !== ',') fail(sep, "','");
  }
  return {
    matches(labels) {
      const l = labels ?? {};
      return requirements.every(r => {
        const has = Object.prototype.hasOwnProperty.call(l, r.key);
        switch (r.op) {
          case 'exists':
            return has;
          case '!exists':
            return !has;
          case '=':
            return has && l[r.key] === r.value;
          case '!=':
            return !has || l[r.key] !== r.value;
          case 'in':
            return has && r.values.includes(l[r.key]);
          case 'notin':
            return !has || !r.values.includes(l[r.key]);
          default:
            return false;
        }
      });
    },
  };
}
