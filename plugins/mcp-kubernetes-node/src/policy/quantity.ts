// Deep import: client-node 1.4.0 ships quantityToScalar in dist/util.js but
// does not re-export it from the package index.
import { quantityToScalar } from '@kubernetes/client-node/dist/util.js';

/**
 * Reads Kubernetes resource quantities (`500m`, `2`, `512Mi`, `1.5Gi`, `1e3`)
 * as a number of base units, so limits can be compared to policy ceilings.
 *
 * The unit table is `quantityToScalar` from `@kubernetes/client-node`. The
 * grammar check stays here because that function is lenient with hostile
 * text (`''` is 0, `0x10` is 16, `-1` is accepted) and refuses fractions
 * before big suffixes (`1.5Gi`), which the API server accepts.
 */
const QUANTITY =
  /^([+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])?$/;

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
  const [, mantissa, suffix = ''] = match;
  // Scale the unit rather than the whole text: the library parses the number
  // before k/M/G/Ki/... as a BigInt, which refuses `1.5`.
  const scaled = Number(mantissa) * Number(quantityToScalar(`1${suffix}`));
  return Number.isFinite(scaled) ? scaled : undefined;
}
