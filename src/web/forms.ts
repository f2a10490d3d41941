/**
 * Reads HTML form posts, `multipart/form-data` (file uploads) or `application/x-www-form-urlencoded`,
 * without a dependency: Node's own fetch implementation (undici) parses multipart bodies.
 */
import type { Request } from 'express';
import { AppError } from '../domain/errors.js';

/** An uploaded file. */
export interface UploadedFile {
  name: string;
  bytes: Uint8Array;
}

/** A parsed form: text fields (the last value of a repeated name wins) and files. */
export interface ParsedForm {
  fields: Record<string, string>;
  /** Every value of each field, for checkbox groups. */
  all: Record<string, string[]>;
  files: Record<string, UploadedFile>;
}

async function readBody(req: Request, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new AppError('body_too_large', `the upload is over the limit of ${limit} bytes`, 413, { limit });
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * Parses the request body of a form post. File inputs left empty are ignored. Throws 413 over
 * `limit` bytes and 400 on a body that is not a form.
 */
export async function parseForm(req: Request, limit: number): Promise<ParsedForm> {
  const type = req.headers['content-type'] ?? '';
  const body = await readBody(req, limit);
  const form: ParsedForm = { fields: {}, all: {}, files: {} };
  const addField = (name: string, value: string) => {
    form.fields[name] = value;
    (form.all[name] ??= []).push(value);
  };
  if (/^application\/x-www-form-urlencoded/i.test(type)) {
    for (const [name, value] of new URLSearchParams(body.toString('utf8'))) addField(name, value);
    return form;
  }
  if (!/^multipart\/form-data/i.test(type)) throw new AppError('bad_request', 'expected a form post (multipart/form-data or urlencoded)', 415);
  let data: FormData;
  try {
    data = await new Response(new Uint8Array(body), { headers: { 'content-type': type } }).formData();
  } catch {
    throw new AppError('malformed_body', 'the multipart form data could not be read', 400);
  }
  for (const [name, value] of data) {
    if (typeof value === 'string') addField(name, value);
    else if (value.name !== '' || value.size > 0) form.files[name] = { name: value.name, bytes: new Uint8Array(await value.arrayBuffer()) };
  }
  return form;
}
