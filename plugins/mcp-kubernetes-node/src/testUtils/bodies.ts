import { parse as parseYaml } from 'yaml';
import { decodeProtobufObject } from './protobuf';
import type { ResourceType } from './resources';

/** Request bodies by content type: JSON, apply-patch YAML, and protobuf for what client-go sends so. */

export class BodyDecodeError extends Error {
  constructor(readonly code: number, readonly reason: string, message: string) {
    super(message);
  }
}

/** No Kubernetes type has a `__proto__` field; merging one in would swap an object's prototype. */
function rejectProtoKeys(value: unknown, path: string): void {
  if (!value || typeof value !== 'object') return;
  for (const [k, v] of Object.entries(value)) {
    if (k === '__proto__') {
      throw new BodyDecodeError(
        400,
        'BadRequest',
        `strict decoding error: unknown field "${path}${k}"`,
      );
    }
    rejectProtoKeys(v, `${path}${k}.`);
  }
}

export function decodeBody(
  raw: Buffer,
  contentType: string,
  type: ResourceType,
): unknown {
  const body = decodeByType(raw, contentType, type);
  rejectProtoKeys(body, '');
  return body;
}

function decodeByType(
  raw: Buffer,
  contentType: string,
  type: ResourceType,
): unknown {
  if (!raw.length) return {};
  const mediaType = contentType.split(';')[0].trim().toLowerCase();
  if (mediaType === 'application/vnd.kubernetes.protobuf') {
    return decodeProtobufObject(raw, type);
  }
  const text = raw.toString('utf8');
  try {
    if (mediaType === 'application/apply-patch+yaml') {
      const doc = parseYaml(text, { schema: 'core' });
      if (!doc || typeof doc !== 'object' || Array.isArray(doc))
        throw new Error('the apply configuration must be a single object');
      return doc;
    }
    return JSON.parse(text);
  } catch (e) {
    throw new BodyDecodeError(
      400,
      'BadRequest',
      `the body of the request could not be decoded: ${(e as Error).message}`,
    );
  }
}
