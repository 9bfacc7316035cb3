// Reads a request body and parses it as JSON or multipart/form-data. Multipart uses Node's
// built-in WHATWG Request parser, so the simulator needs no dependency.

import type { IncomingMessage } from 'node:http';
import type { MultipartBody } from './types';

export interface ParsedBody {
  json?: unknown;
  jsonInvalid: boolean;
  multipart?: MultipartBody;
  /** What the request log shows: parsed JSON, the multipart summary, or the raw text. */
  logged?: unknown;
}

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function parseBody(raw: Buffer, contentType: string, method: string): Promise<ParsedBody> {
  if (raw.length === 0) return { jsonInvalid: false };
  if (contentType.startsWith('multipart/form-data')) {
    const multipart = await parseMultipart(raw, contentType, method);
    return { jsonInvalid: false, multipart, logged: multipart ?? raw.toString('utf8') };
  }
  const text = raw.toString('utf8');
  try {
    const json: unknown = JSON.parse(text);
    return { json, jsonInvalid: false, logged: json };
  } catch {
    return { jsonInvalid: true, logged: text };
  }
}

async function parseMultipart(raw: Buffer, contentType: string, method: string): Promise<MultipartBody | undefined> {
  try {
    const form = await new Request('http://127.0.0.1/', { method, headers: { 'content-type': contentType }, body: new Uint8Array(raw) }).formData();
    const result: MultipartBody = { fields: {}, files: [] };
    form.forEach((value, field) => {
      if (typeof value === 'string') {
        const previous = result.fields[field];
        result.fields[field] = previous === undefined ? value : [...(Array.isArray(previous) ? previous : [previous]), value];
      } else {
        result.files.push({ field, name: value.name, type: value.type, size: value.size });
      }
    });
    return result;
  } catch {
    return undefined;
  }
}
