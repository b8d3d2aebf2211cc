import { BodyDecodeError } from './bodies';
import type { ResourceType } from './resources';
import type { KubeObject } from './types';

/**
 * Decodes the protobuf bodies client-go's typed clients send (helm's release storage writes its
 * Secrets this way): the `k8s\0` envelope (runtime.Unknown) around a Secret or ConfigMap. Other
 * kinds get 415, which no client in our tests provokes. Answers stay JSON, which the clients
 * accept alongside protobuf.
 */

const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

type Field = { no: number; wire: number; value: bigint | Buffer };

function readVarint(buf: Buffer, start: number): [bigint, number] {
  let result = 0n;
  let shift = 0n;
  let pos = start;
  for (;;) {
    if (pos >= buf.length) throw new Error('truncated varint');
    const byte = buf[pos++];
    result |= BigInt(byte & 0x7f) << shift;
    if (!(byte & 0x80)) return [result, pos];
    shift += 7n;
    if (shift > 70n) throw new Error('varint too long');
  }
}

function fields(buf: Buffer): Field[] {
  const out: Field[] = [];
  let pos = 0;
  while (pos < buf.length) {
    const [tag, p1] = readVarint(buf, pos);
    pos = p1;
    const no = Number(tag >> 3n);
    const wire = Number(tag & 7n);
    if (wire === 0) {
      const [v, p2] = readVarint(buf, pos);
      out.push({ no, wire, value: v });
      pos = p2;
    } else if (wire === 2) {
      const [len, p2] = readVarint(buf, pos);
      const end = p2 + Number(len);
      if (end > buf.length) throw new Error('truncated field');
      out.push({ no, wire, value: buf.subarray(p2, end) });
      pos = end;
    } else if (wire === 1 || wire === 5) {
      const size = wire === 1 ? 8 : 4;
      out.push({ no, wire, value: buf.subarray(pos, pos + size) });
      pos += size;
    } else {
      throw new Error(`unsupported wire type ${wire}`);
    }
  }
  return out;
}

const str = (f: Field) => (f.value as Buffer).toString('utf8');
const bytesOf = (f: Field) => f.value as Buffer;

function mapEntry(f: Field): [string, Buffer] {
  let key = '';
  let value: Buffer = Buffer.alloc(0);
  for (const e of fields(bytesOf(f))) {
    if (e.no === 1) key = str(e);
    if (e.no === 2) value = bytesOf(e);
  }
  return [key, value];
}

function objectMeta(buf: Buffer): KubeObject['metadata'] {
  const meta: KubeObject['metadata'] = {};
  const labels: Record<string, string> = {};
  const annotations: Record<string, string> = {};
  for (const f of fields(buf)) {
    if (f.no === 1) meta.name = str(f);
    else if (f.no === 2) meta.generateName = str(f);
    else if (f.no === 3) meta.namespace = str(f);
    else if (f.no === 5) meta.uid = str(f);
    else if (f.no === 6) meta.resourceVersion = str(f);
    else if (f.no === 11) {
      const [k, v] = mapEntry(f);
      labels[k] = v.toString('utf8');
    } else if (f.no === 12) {
      const [k, v] = mapEntry(f);
      annotations[k] = v.toString('utf8');
    }
  }
  if (Object.keys(labels).length) meta.labels = labels;
  if (Object.keys(annotations).length) meta.annotations = annotations;
  return meta;
}

function decodeSecret(raw: Buffer): KubeObject {
  const obj: KubeObject = { apiVersion: 'v1', kind: 'Secret', metadata: {} };
  const data: Record<string, string> = {};
  const stringData: Record<string, string> = {};
  for (const f of fields(raw)) {
    if (f.no === 1) obj.metadata = objectMeta(bytesOf(f));
    else if (f.no === 2) {
      const [k, v] = mapEntry(f);
      data[k] = v.toString('base64');
    } else if (f.no === 3) obj.type = str(f);
    else if (f.no === 4) {
      const [k, v] = mapEntry(f);
      stringData[k] = v.toString('utf8');
    } else if (f.no === 5) obj.immutable = f.value !== 0n;
  }
  if (Object.keys(data).length) obj.data = data;
  if (Object.keys(stringData).length) obj.stringData = stringData;
  return obj;
}

function decodeConfigMap(raw: Buffer): KubeObject {
  const obj: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: {} };
  const data: Record<string, string> = {};
  const binaryData: Record<string, string> = {};
  for (const f of fields(raw)) {
    if (f.no === 1) obj.metadata = objectMeta(bytesOf(f));
    else if (f.no === 2) {
      const [k, v] = mapEntry(f);
      data[k] = v.toString('utf8');
    } else if (f.no === 3) {
      const [k, v] = mapEntry(f);
      binaryData[k] = v.toString('base64');
    } else if (f.no === 4) obj.immutable = f.value !== 0n;
  }
  if (Object.keys(data).length) obj.data = data;
  if (Object.keys(binaryData).length) obj.binaryData = binaryData;
  return obj;
}

export function decodeProtobufObject(
  body: Buffer,
  type: ResourceType,
): KubeObject {
  const unsupported = () =>
    new BodyDecodeError(
      415,
      'UnsupportedMediaType',
      `the fake API server decodes protobuf only for Secret and ConfigMap, not ${type.kind}; send application/json`,
    );
  if (type.group !== '' || !['Secret', 'ConfigMap'].includes(type.kind))
    throw unsupported();
  if (!body.subarray(0, 4).equals(MAGIC))
    throw new BodyDecodeError(
      400,
      'BadRequest',
      'the protobuf body does not start with the k8s envelope prefix',
    );
  try {
    let raw: Buffer | undefined;
    for (const f of fields(body.subarray(4))) {
      if (f.no === 2) raw = bytesOf(f);
    }
    if (!raw) throw new Error('the envelope carries no object');
    return type.kind === 'Secret' ? decodeSecret(raw) : decodeConfigMap(raw);
  } catch (e) {
    if (e instanceof BodyDecodeError) throw e;
    throw new BodyDecodeError(
      400,
      'BadRequest',
      `the protobuf body could not be decoded: ${(e as Error).message}`,
    );
  }
}
