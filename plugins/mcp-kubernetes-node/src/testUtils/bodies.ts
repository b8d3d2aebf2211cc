import { parse as parseYaml } from 'yaml';
import { decodeProtobufObject } from './protobuf';
import type { ResourceType } from './resources';

/** Request bodies by content type: JSON, apply-patch YAML, and protobuf for what client-go sends so. */

export class BodyDecodeError extends Error {
  constructor(readonly code: number, readonly reason: string, message: string) {
    super(message);
  }
}

export function decodeBody(
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
