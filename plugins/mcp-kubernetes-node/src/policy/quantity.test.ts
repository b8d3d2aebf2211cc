import { parseQuantity } from './quantity';

describe('parseQuantity', () => {
  it.each([
    ['500m', 0.5],
    ['2', 2],
    [2, 2],
    ['1k', 1000],
    ['1e3', 1000],
    ['512Mi', 512 * 2 ** 20],
    ['1.5Gi', 1.5 * 2 ** 30],
    ['2G', 2e9],
    ['100n', 100e-9],
    ['1E', 1e18],
  ])('reads %j', (text, expected) => {
    expect(parseQuantity(text)).toBeCloseTo(expected, 12);
  });

  it('orders the values the way the API server does', () => {
    expect(parseQuantity('1500m')!).toBeGreaterThan(parseQuantity('1')!);
    expect(parseQuantity('2Gi')!).toBeGreaterThan(parseQuantity('1024Mi')!);
    expect(parseQuantity('1Gi')!).toBeGreaterThan(parseQuantity('1G')!);
  });

  it.each([
    '',
    'lots',
    '-1',
    '0x10',
    '1GB',
    '1e3Ki',
    '2E3m',
    '1 Gi',
    'Infinity',
    '1Gi\n---\nkind: Secret',
    '%2e%2e',
    '__proto__',
    -1,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    null,
    undefined,
    {},
    ['1'],
  ])('refuses %j', value => {
    expect(parseQuantity(value)).toBeUndefined();
  });
});
