/**
 * Reads Kubernetes resource quantities (`500m`, `2`, `512Mi`, `1.5Gi`, `1e3`)
 * as a number of base units, so limits can be compared to policy ceilings.
 *
 * The grammar is the API server's: a decimal, then either an exponent or a
 * binary or decimal suffix (`1e3` and `1Ki`, not `1e3Ki`); anything else,
 * including `''`, `0x10` and `-1`, is not a quantity.
 */
const QUANTITY =
  /^([+]?(?:\d+(?:\.\d*)?|\.\d+))(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]))?$/;

/** Base units per suffix: binary powers of 1024, decimal SI powers of 1000. */
const SUFFIX_SCALE: Readonly<Record<string, number>> = {
  '': 1,
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

/** Returns the quantity in base units, or undefined when the value is not a quantity. @public */
export function parseQuantity(value: unknown): number | undefined {
  if (typeof value === 'number') {
    return Number.isFinite(value) && value >= 0 ? value : undefined;
  }
  if (typeof value !== 'string') {
    return undefined;
  }
  const match = QUANTITY.exec(value.trim());
  if (!match) {
    return undefined;
  }
  const [, mantissa, exponent = '', suffix = ''] = match;
  const scaled = Number(mantissa + exponent) * SUFFIX_SCALE[suffix];
  return Number.isFinite(scaled) ? scaled : undefined;
}
