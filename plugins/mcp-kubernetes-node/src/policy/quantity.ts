/**
 * Parses Kubernetes resource quantities (`500m`, `2`, `512Mi`, `1G`, `1e3`)
 * into a number of base units, so limits can be compared to policy ceilings.
 */
const SUFFIXES: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  '': 1,
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

const QUANTITY =
  /^([+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])?$/;

/** Returns the quantity in base units, or undefined when the text is not a quantity. */
export function parseQuantity(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) {
    return value;
  }
  if (typeof value !== 'string') {
    return undefined;
  }
  const match = QUANTITY.exec(value.trim());
  if (!match) {
    return undefined;
  }
  const [, num, suffix = ''] = match;
  return Number(num) * SUFFIXES[suffix];
}
