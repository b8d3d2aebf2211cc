import vm from 'node:vm';
import { guardValues, isPlainObject } from './valuesGuard';

/**
 * The scaffolder's templating sandbox hands the action objects made in
 * another realm; every real run used to fail with "must be plain JSON".
 */
describe('guardValues', () => {
  it('accepts objects made in another realm and returns same-realm copies', () => {
    const foreign = vm.runInNewContext(
      '({ resources: { requests: { cpu: "100m" } }, podLabels: { "app.kubernetes.io/x": "y" }, tolerations: [{ key: "a" }] })',
    );
    expect(Object.getPrototypeOf(foreign) === Object.prototype).toBe(false);
    const clean = guardValues(foreign);
    expect(clean).toEqual({
      resources: { requests: { cpu: '100m' } },
      podLabels: { 'app.kubernetes.io/x': 'y' },
      tolerations: [{ key: 'a' }],
    });
    expect(Object.getPrototypeOf(clean)).toBe(Object.prototype);
    expect(Object.getPrototypeOf((clean.resources as any).requests)).toBe(
      Object.prototype,
    );
    expect(clean).not.toBe(foreign);
  });

  it('accepts null-prototype objects and refuses class instances, Maps and Dates', () => {
    expect(isPlainObject(Object.create(null))).toBe(true);
    expect(isPlainObject(vm.runInNewContext('Object.create(null)'))).toBe(true);
    class Values {
      a = 1;
    }
    expect(isPlainObject(new Values())).toBe(false);
    expect(isPlainObject(new Map())).toBe(false);
    expect(isPlainObject(vm.runInNewContext('new Date()'))).toBe(false);
    expect(() => guardValues({ a: { b: new Values() } })).toThrow(
      'values.a.b: must be plain JSON',
    );
  });

  it.each([
    [
      '{"__proto__": {"polluted": true}}',
      'values.__proto__: key "__proto__" is not allowed',
    ],
    [
      '{"image": {"constructor": {"prototype": {"x": 1}}}}',
      'values.image.constructor: key "constructor" is not allowed',
    ],
    [
      '{"affinity": {"a": [{"prototype": 1}]}}',
      'values.affinity.a[0].prototype: key "prototype" is not allowed',
    ],
  ])('refuses prototype keys anywhere (%s)', (json, message) => {
    // JSON.parse makes "__proto__" an own key, as a request body would.
    expect(() => guardValues(JSON.parse(json))).toThrow(message);
    expect(({} as any).polluted).toBeUndefined();
  });

  it('refuses prototype keys in objects from another realm too', () => {
    const foreign = vm.runInNewContext(
      'JSON.parse(\'{"ingress": {"__proto__": {"enabled": true}}}\')',
    );
    expect(() => guardValues(foreign)).toThrow(
      'values.ingress.__proto__: key "__proto__" is not allowed',
    );
  });

  it('copies hidden (non-enumerable) keys so they are judged, and refuses getters', () => {
    const hidden = {};
    Object.defineProperty(hidden, 'nameOverride', {
      value: 'x',
      enumerable: false,
    });
    // The copy carries the key as a normal one: what the policy judges is what helm gets.
    expect(Object.keys(guardValues(hidden))).toEqual(['nameOverride']);
    const getter = {};
    Object.defineProperty(getter, 'replicaCount', {
      get: () => 3,
      enumerable: true,
    });
    expect(() => guardValues(getter)).toThrow(
      'values.replicaCount: is a getter/setter',
    );
  });

  it('refuses cycles by depth and oversized documents by size', () => {
    const a: Record<string, unknown> = {};
    a.self = a;
    expect(() => guardValues(a)).toThrow('nested deeper than 16 levels');
    expect(() =>
      guardValues({
        extra: Array.from({ length: 10 }, () => 'z'.repeat(8000)),
      }),
    ).toThrow(/values: are \d+ bytes; the limit is 65536/);
  });
});
