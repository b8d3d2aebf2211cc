import { PolicyViolation } from '@mcp-kubernetes/plugin-mcp-kubernetes-common';
import { getPath, isPlainObject } from '../values';
import { PolicyRule, violation } from './types';

/**
 * `network-policy.no-widening`: the chart's network policies are a short
 * allow list; the values that add to it (Cilium `extraIngress`/`extraEgress`,
 * `ingressFromEntities`/`ingressFromEndpoints`, the plain NetworkPolicy's
 * `ingressFrom`, `extraEgress` and `apiServerCIDRs`) must not open it to
 * everyone: no world/all-like entities, no CIDR of /8 or wider, no selector
 * that matches every peer, no rule without a peer (which Cilium and
 * Kubernetes read as "any peer").
 */

const RULE = 'network-policy.no-widening' as const;

/** Cilium entities that stand for "everyone" or a whole cluster/network. */
const WIDE_ENTITIES = new Set([
  'all',
  'world',
  'world-ipv4',
  'world-ipv6',
  'cluster',
  'remote-node',
]);

/** Prefixes this short or shorter cover a sixteenth of the internet or more. */
const MAX_WIDE_PREFIX = 8;

const HINT =
  'Name the peers the server really needs (an endpoint selector with labels, a narrow CIDR such as 10.0.0.0/24, or the kube-apiserver/host entities); the platform team can relax network-policy.no-widening for an environment.';

/** `10.0.0.0/8` -> 8; no prefix means a single address. Undefined when unreadable. */
export function cidrPrefix(cidr: string): number | undefined {
  const text = cidr.trim();
  const slash = text.indexOf('/');
  if (slash === -1) return text.includes(':') ? 128 : 32;
  const bits = text.slice(slash + 1);
  if (!/^[0-9]{1,3}$/.test(bits)) return undefined;
  return Number(bits);
}

function isWideCidr(cidr: unknown): boolean {
  if (typeof cidr !== 'string') return false;
  const prefix = cidrPrefix(cidr);
  // An unreadable CIDR is refused too: the policy cannot tell how wide it is.
  return prefix === undefined || prefix <= MAX_WIDE_PREFIX;
}

/** An endpoint/pod/namespace selector with no label requirement matches everything. */
function isEmptySelector(selector: unknown): boolean {
  if (!isPlainObject(selector)) return false;
  const labels = selector.matchLabels;
  const expressions = selector.matchExpressions;
  const hasLabels = isPlainObject(labels) && Object.keys(labels).length > 0;
  const hasExpressions = Array.isArray(expressions) && expressions.length > 0;
  return !hasLabels && !hasExpressions;
}

const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

type Direction = 'from' | 'to';

/** Peer fields of a Cilium rule in one direction. */
const CILIUM_PEERS = {
  from: [
    'fromEntities',
    'fromCIDR',
    'fromCIDRSet',
    'fromEndpoints',
    'fromRequires',
    'fromGroups',
    'fromNodes',
  ],
  to: [
    'toEntities',
    'toCIDR',
    'toCIDRSet',
    'toEndpoints',
    'toRequires',
    'toGroups',
    'toNodes',
    'toFQDNs',
    'toServices',
  ],
};

function ciliumRule(
  rule: unknown,
  path: string,
  direction: Direction,
): PolicyViolation[] {
  const found: PolicyViolation[] = [];
  const wide = (where: string, what: string) =>
    found.push(
      violation(
        RULE,
        where,
        `${where} opens the CiliumNetworkPolicy to ${what}.`,
        HINT,
      ),
    );
  if (!isPlainObject(rule)) return found;
  const d = direction;
  if (!CILIUM_PEERS[d].some(key => rule[key] !== undefined)) {
    wide(
      path,
      `every ${
        d === 'from' ? 'source' : 'destination'
      } (the rule names no peer)`,
    );
    return found;
  }
  asList(rule[`${d}Entities`]).forEach((entity, i) => {
    if (typeof entity === 'string' && WIDE_ENTITIES.has(entity)) {
      wide(`${path}.${d}Entities[${i}]`, `the "${entity}" entity`);
    }
  });
  asList(rule[`${d}CIDR`]).forEach((cidr, i) => {
    if (isWideCidr(cidr)) wide(`${path}.${d}CIDR[${i}]`, `the CIDR ${cidr}`);
  });
  asList(rule[`${d}CIDRSet`]).forEach((set, i) => {
    const cidr = isPlainObject(set) ? set.cidr : undefined;
    if (isWideCidr(cidr)) {
      wide(`${path}.${d}CIDRSet[${i}].cidr`, `the CIDR ${cidr}`);
    }
  });
  asList(rule[`${d}Endpoints`]).forEach((selector, i) => {
    if (isEmptySelector(selector)) {
      wide(`${path}.${d}Endpoints[${i}]`, 'every endpoint (empty selector)');
    }
  });
  if (d === 'to') {
    asList(rule.toFQDNs).forEach((fqdn, i) => {
      const pattern = isPlainObject(fqdn) ? fqdn.matchPattern : undefined;
      if (typeof pattern === 'string' && /^[*.]+$/.test(pattern.trim())) {
        wide(
          `${path}.toFQDNs[${i}].matchPattern`,
          `every host name ("${pattern}")`,
        );
      }
    });
  }
  return found;
}

/** A NetworkPolicyPeer list: empty selectors and wide ipBlocks. */
function networkPolicyPeers(peers: unknown, path: string): PolicyViolation[] {
  const found: PolicyViolation[] = [];
  asList(peers).forEach((peer, i) => {
    const where = `${path}[${i}]`;
    if (!isPlainObject(peer)) return;
    const ipBlock = peer.ipBlock;
    if (isPlainObject(ipBlock) && isWideCidr(ipBlock.cidr)) {
      found.push(
        violation(
          RULE,
          `${where}.ipBlock.cidr`,
          `${where}.ipBlock.cidr opens the NetworkPolicy to ${String(
            ipBlock.cidr,
          )}.`,
          HINT,
        ),
      );
    }
    for (const key of ['namespaceSelector', 'podSelector'] as const) {
      if (key in peer && isEmptySelector(peer[key])) {
        found.push(
          violation(
            RULE,
            `${where}.${key}`,
            `${where}.${key} is empty, so it matches every ${
              key === 'namespaceSelector' ? 'namespace' : 'pod'
            }.`,
            HINT,
          ),
        );
      }
    }
    if (
      !('ipBlock' in peer) &&
      !('namespaceSelector' in peer) &&
      !('podSelector' in peer)
    ) {
      found.push(violation(RULE, where, `${where} names no peer.`, HINT));
    }
  });
  return found;
}

export const noNetworkPolicyWidening: PolicyRule = ({ values }) => {
  const found: PolicyViolation[] = [];
  const cnp = 'ciliumNetworkPolicy';
  asList(getPath(values, `${cnp}.extraIngress`)).forEach((rule, i) =>
    found.push(...ciliumRule(rule, `${cnp}.extraIngress[${i}]`, 'from')),
  );
  asList(getPath(values, `${cnp}.extraEgress`)).forEach((rule, i) =>
    found.push(...ciliumRule(rule, `${cnp}.extraEgress[${i}]`, 'to')),
  );
  asList(getPath(values, `${cnp}.ingressFromEntities`)).forEach((entity, i) => {
    if (typeof entity === 'string' && WIDE_ENTITIES.has(entity)) {
      const where = `${cnp}.ingressFromEntities[${i}]`;
      found.push(
        violation(
          RULE,
          where,
          `${where} opens the CiliumNetworkPolicy to the "${entity}" entity.`,
          HINT,
        ),
      );
    }
  });
  asList(getPath(values, `${cnp}.ingressFromEndpoints`)).forEach(
    (selector, i) => {
      if (isEmptySelector(selector)) {
        const where = `${cnp}.ingressFromEndpoints[${i}]`;
        found.push(
          violation(
            RULE,
            where,
            `${where} is an empty selector, so every endpoint may connect.`,
            HINT,
          ),
        );
      }
    },
  );

  const np = 'networkPolicy';
  found.push(
    ...networkPolicyPeers(
      getPath(values, `${np}.ingressFrom`),
      `${np}.ingressFrom`,
    ),
  );
  asList(getPath(values, `${np}.extraEgress`)).forEach((rule, i) => {
    const where = `${np}.extraEgress[${i}]`;
    if (!isPlainObject(rule)) return;
    const to = rule.to;
    if (!Array.isArray(to) || to.length === 0) {
      found.push(
        violation(
          RULE,
          where,
          `${where} has no "to" peers, so it allows every destination.`,
          HINT,
        ),
      );
      return;
    }
    found.push(...networkPolicyPeers(to, `${where}.to`));
  });
  asList(getPath(values, `${np}.apiServerCIDRs`)).forEach((cidr, i) => {
    if (isWideCidr(cidr)) {
      const where = `${np}.apiServerCIDRs[${i}]`;
      found.push(
        violation(
          RULE,
          where,
          `${where} (${String(cidr)}) is far wider than a kube-apiserver.`,
          HINT,
        ),
      );
    }
  });
  return found;
};
