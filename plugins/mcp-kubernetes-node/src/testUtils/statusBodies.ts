/**
 * `Status` bodies exactly as kube-apiserver v1.28 writes them (key order kind, apiVersion,
 * metadata, status, message, reason, details, code; details.kind is the resource plural and
 * details.group only appears for non-core groups).
 */

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
}

export interface StatusBody {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure' | 'Success';
  message?: string;
  reason?: string;
  details?: StatusDetails;
  code: number;
}

const REASONS: Record<number, string> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  406: 'NotAcceptable',
  409: 'Conflict',
  410: 'Expired',
  415: 'UnsupportedMediaType',
  422: 'Invalid',
  429: 'TooManyRequests',
  500: 'InternalError',
  503: 'ServiceUnavailable',
  504: 'Timeout',
};

export function failureStatus(
  code: number,
  message: string,
  reason?: string,
  details?: StatusDetails,
): StatusBody {
  const body: StatusBody = {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason: reason ?? REASONS[code] ?? 'Unknown',
    code,
  };
  if (details) {
    // Re-insert `code` after `details` to keep the apiserver's key order.
    delete (body as Partial<StatusBody>).code;
    body.details = cleanDetails(details);
    body.code = code;
  }
  return body;
}

function cleanDetails(d: StatusDetails): StatusDetails {
  const out: StatusDetails = {};
  if (d.name !== undefined) out.name = d.name;
  if (d.group) out.group = d.group;
  if (d.kind !== undefined) out.kind = d.kind;
  return out;
}

export function qualifiedResource(plural: string, group: string): string {
  return group ? `${plural}.${group}` : plural;
}

export function notFound(
  plural: string,
  group: string,
  name: string,
): StatusBody {
  return failureStatus(
    404,
    `${qualifiedResource(plural, group)} "${name}" not found`,
    'NotFound',
    {
      name,
      group,
      kind: plural,
    },
  );
}

export function forbidden(opts: {
  user: string;
  verb: string;
  plural: string;
  subresource?: string;
  group: string;
  namespace?: string;
  name?: string;
}): StatusBody {
  const what = qualifiedResource(opts.plural, opts.group);
  const subject = opts.name ? `${what} "${opts.name}"` : what;
  const resource = opts.subresource
    ? `${opts.plural}/${opts.subresource}`
    : opts.plural;
  const scope = opts.namespace
    ? `in the namespace "${opts.namespace}"`
    : 'at the cluster scope';
  return failureStatus(
    403,
    `${subject} is forbidden: User "${opts.user}" cannot ${opts.verb} resource "${resource}" in API group "${opts.group}" ${scope}`,
    'Forbidden',
    { name: opts.name, group: opts.group, kind: opts.plural },
  );
}

export function unauthorized(): StatusBody {
  return failureStatus(401, 'Unauthorized', 'Unauthorized');
}

export function tooOldResourceVersion(
  requested: string,
  oldest: number,
): StatusBody {
  return failureStatus(
    410,
    `too old resource version: ${requested} (${oldest})`,
    'Expired',
  );
}

/** A watch with `sendInitialEvents` on v1.28, whose WatchList feature gate is off by default. */
export function watchListForbidden() {
  const message =
    'Forbidden: sendInitialEvents is forbidden for watch unless the WatchList feature gate is enabled';
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: `ListOptions.meta.k8s.io "" is invalid: sendInitialEvents: ${message}`,
    reason: 'Invalid',
    details: {
      group: 'meta.k8s.io',
      kind: 'ListOptions',
      causes: [
        { reason: 'FieldValueForbidden', message, field: 'sendInitialEvents' },
      ],
    },
    code: 422,
  };
}
