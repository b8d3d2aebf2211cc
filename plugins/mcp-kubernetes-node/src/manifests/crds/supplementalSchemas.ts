/**
 * Schemas written for this project where no full CRD schema is available
 * offline. They cover the fields of these kinds that people commonly use and
 * reject unknown ones; they are NOT the upstream schemas.
 *
 * - CiliumNetworkPolicy: the CRD in ./ciliumnetworkpolicies.cilium.io.minimal.json
 *   accepts any spec (x-kubernetes-preserve-unknown-fields), so the rule
 *   structure (selectors, entities, ports, FQDNs) is checked here.
 * - ServiceMonitor (Prometheus Operator): no CRD is vendored at all.
 */

const stringMap = { type: 'object', additionalProperties: { type: 'string' } };
const stringList = { type: 'array', items: { type: 'string' } };

const labelSelector = {
  type: 'object',
  additionalProperties: false,
  properties: {
    matchLabels: stringMap,
    matchExpressions: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['key', 'operator'],
        properties: {
          key: { type: 'string' },
          operator: { enum: ['In', 'NotIn', 'Exists', 'DoesNotExist'] },
          values: stringList,
        },
      },
    },
  },
};

const ciliumEntity = {
  enum: [
    'all',
    'world',
    'cluster',
    'host',
    'remote-node',
    'kube-apiserver',
    'ingress',
    'init',
    'health',
    'unmanaged',
    'none',
  ],
};

// A port number (0-65535) or an IANA service name, as Cilium accepts.
const ciliumPort = {
  type: 'string',
  pattern:
    '^(6553[0-5]|655[0-2][0-9]|65[0-4][0-9]{2}|6[0-4][0-9]{3}|[1-5][0-9]{4}|[0-9]{1,4}|[a-z]([a-z0-9-]{0,13}[a-z0-9])?)$',
};

const fqdnSelector = {
  type: 'object',
  additionalProperties: false,
  properties: {
    matchName: { type: 'string', pattern: '^([-a-zA-Z0-9_]+[.]?)+$' },
    matchPattern: { type: 'string', pattern: '^([-a-zA-Z0-9_*]+[.]?)+$' },
  },
};

const portRule = {
  type: 'object',
  additionalProperties: false,
  properties: {
    ports: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['port'],
        properties: {
          port: ciliumPort,
          endPort: { type: 'integer', minimum: 0, maximum: 65535 },
          protocol: {
            enum: [
              'TCP',
              'UDP',
              'SCTP',
              'ICMP',
              'ICMPv6',
              'VRRP',
              'IGMP',
              'ANY',
            ],
          },
        },
      },
    },
    rules: {
      type: 'object',
      additionalProperties: false,
      properties: {
        http: { type: 'array', items: { type: 'object' } },
        kafka: { type: 'array', items: { type: 'object' } },
        dns: { type: 'array', items: fqdnSelector },
        l7proto: { type: 'string' },
        l7: { type: 'array', items: { type: 'object' } },
      },
    },
    serverNames: stringList,
    terminatingTLS: { type: 'object' },
    originatingTLS: { type: 'object' },
    listener: { type: 'object' },
  },
};

const cidrRule = {
  type: 'object',
  additionalProperties: false,
  properties: {
    cidr: { type: 'string' },
    cidrGroupRef: { type: 'string' },
    except: stringList,
  },
};

const peerProperties = (dir: 'from' | 'to') => ({
  [`${dir}Endpoints`]: { type: 'array', items: labelSelector },
  [`${dir}Entities`]: { type: 'array', items: ciliumEntity },
  [`${dir}CIDR`]: stringList,
  [`${dir}CIDRSet`]: { type: 'array', items: cidrRule },
  [`${dir}Requires`]: { type: 'array', items: labelSelector },
  [`${dir}Groups`]: { type: 'array', items: { type: 'object' } },
  [`${dir}Nodes`]: { type: 'array', items: labelSelector },
  icmps: { type: 'array', items: { type: 'object' } },
  authentication: { type: 'object' },
});

const ingressRule = {
  type: 'object',
  additionalProperties: false,
  properties: {
    ...peerProperties('from'),
    toPorts: { type: 'array', items: portRule },
  },
};

const egressRule = {
  type: 'object',
  additionalProperties: false,
  properties: {
    ...peerProperties('to'),
    toPorts: { type: 'array', items: portRule },
    toFQDNs: { type: 'array', items: fqdnSelector },
    toServices: { type: 'array', items: { type: 'object' } },
  },
};

const ciliumRule = {
  type: 'object',
  additionalProperties: false,
  properties: {
    description: { type: 'string' },
    endpointSelector: labelSelector,
    nodeSelector: labelSelector,
    ingress: { type: 'array', items: ingressRule },
    ingressDeny: { type: 'array', items: ingressRule },
    egress: { type: 'array', items: egressRule },
    egressDeny: { type: 'array', items: egressRule },
    labels: { type: 'array', items: { type: 'object' } },
    enableDefaultDeny: {
      type: 'object',
      additionalProperties: false,
      properties: { ingress: { type: 'boolean' }, egress: { type: 'boolean' } },
    },
  },
  oneOf: [{ required: ['endpointSelector'] }, { required: ['nodeSelector'] }],
};

/** Rule structure of cilium.io/v2 CiliumNetworkPolicy (spec and specs). */
export const ciliumNetworkPolicyRules = {
  type: 'object',
  properties: {
    spec: ciliumRule,
    specs: { type: 'array', items: ciliumRule },
  },
  anyOf: [{ required: ['spec'] }, { required: ['specs'] }],
};

const duration = {
  type: 'string',
  pattern:
    '^(0|(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?)$',
};

const endpoint = {
  type: 'object',
  additionalProperties: false,
  properties: {
    port: { type: 'string' },
    targetPort: { type: ['string', 'integer'] },
    path: { type: 'string' },
    scheme: { enum: ['http', 'https', 'HTTP', 'HTTPS'] },
    params: { type: 'object' },
    interval: duration,
    scrapeTimeout: duration,
    honorLabels: { type: 'boolean' },
    honorTimestamps: { type: 'boolean' },
    trackTimestampsStaleness: { type: 'boolean' },
    tlsConfig: { type: 'object' },
    bearerTokenFile: { type: 'string' },
    bearerTokenSecret: { type: 'object' },
    authorization: { type: 'object' },
    basicAuth: { type: 'object' },
    oauth2: { type: 'object' },
    metricRelabelings: { type: 'array', items: { type: 'object' } },
    relabelings: { type: 'array', items: { type: 'object' } },
    proxyUrl: { type: 'string' },
    followRedirects: { type: 'boolean' },
    enableHttp2: { type: 'boolean' },
    filterRunning: { type: 'boolean' },
  },
};

/** monitoring.coreos.com/v1 ServiceMonitor (main fields). */
export const serviceMonitorSchema = {
  type: 'object',
  required: ['metadata', 'spec'],
  properties: {
    apiVersion: { type: 'string' },
    kind: { type: 'string' },
    metadata: { type: 'object' },
    spec: {
      type: 'object',
      additionalProperties: false,
      required: ['selector'],
      properties: {
        jobLabel: { type: 'string' },
        targetLabels: stringList,
        podTargetLabels: stringList,
        endpoints: { type: 'array', items: endpoint },
        selector: labelSelector,
        selectorMechanism: { enum: ['RelabelConfig', 'RoleSelector'] },
        namespaceSelector: {
          type: 'object',
          additionalProperties: false,
          properties: { any: { type: 'boolean' }, matchNames: stringList },
        },
        sampleLimit: { type: 'integer', minimum: 0 },
        targetLimit: { type: 'integer', minimum: 0 },
        labelLimit: { type: 'integer', minimum: 0 },
        labelNameLengthLimit: { type: 'integer', minimum: 0 },
        labelValueLengthLimit: { type: 'integer', minimum: 0 },
        keepDroppedTargets: { type: 'integer', minimum: 0 },
        attachMetadata: { type: 'object' },
        scrapeClass: { type: 'string' },
        scrapeProtocols: stringList,
        bodySizeLimit: { type: 'string' },
      },
    },
  },
};
