/**
 * The context of a batch request rule: one HTTP request of the batch ingestion API, as a client sends it
 * (method, URL, headers, body), with the endpoint the contract says it is and a JSON pointer for every
 * part, so a finding can be located in the document the request came from (a HAR entry, a fixture).
 */
import { BATCH_BASE, type BatchEndpointName } from '../../../contract/batch.js';
import type { ProfileName } from '../../../contract/profiles.js';

export interface RequestHeader {
  name: string;
  value: string;
  /** Where the header is in the source document. */
  pointer: string;
}

/** Which documented call a request is, read from its method and path (the action is read by the rules). */
export interface BatchRoute {
  /** The endpoint by method and path; a POST on a file is `fileAction` until its action is read. */
  endpoint: BatchEndpointName | 'fileAction';
  batchId?: string;
  datasetId?: string;
  /** The file name as written after `/files/`, decoded; may hold slashes (partition folders). */
  fileName?: string;
}

export interface BatchRequestContext {
  profile: ProfileName;
  method: string;
  url: URL;
  route: BatchRoute;
  headers: readonly RequestHeader[];
  /** The body as text (HAR keeps it so), with its size in bytes; undefined when the request has none. */
  body: { text: string; bytes: number } | undefined;
  /** The body read as JSON, when it is JSON; `undefined` otherwise. */
  json: unknown;
  pointers: { request: string; url: string; headers: string; body: string };
}

/** The header's value (names are case-insensitive, RFC 9110 §5.1); the last one wins when repeated. */
export function header(ctx: BatchRequestContext, name: string): RequestHeader | undefined {
  const lower = name.toLowerCase();
  let found: RequestHeader | undefined;
  for (const h of ctx.headers) if (h.name.toLowerCase() === lower) found = h;
  return found;
}

/** Reads the method and the path after `/data/foundation/import`; undefined when it is no batch call. */
export function routeBatchRequest(method: string, url: URL): BatchRoute | undefined {
  const at = url.pathname.indexOf(BATCH_BASE.path);
  if (at === -1) return undefined;
  const rest = url.pathname.slice(at + BATCH_BASE.path.length);
  const m = method.toUpperCase();
  if (rest === '/batches' || rest === '/batches/') return m === 'POST' ? { endpoint: 'createBatch' } : undefined;
  const file = /^\/batches\/([^/]+)\/datasets\/([^/]+)\/files\/(.*)$/.exec(rest);
  if (file !== null) {
    const ids = { batchId: decode(file[1]!), datasetId: decode(file[2]!), fileName: decode(file[3]!) };
    if (m === 'PUT') return { endpoint: 'uploadFile', ...ids };
    if (m === 'PATCH') return { endpoint: 'uploadFilePart', ...ids };
    if (m === 'POST') return { endpoint: 'fileAction', ...ids };
    if (m === 'HEAD') return { endpoint: 'largeFileStatus', ...ids };
    return undefined;
  }
  const batch = /^\/batches\/([^/]+)\/?$/.exec(rest);
  if (batch !== null && m === 'POST') return { endpoint: 'batchAction', batchId: decode(batch[1]!) };
  return undefined;
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export interface RequestInput {
  method: string;
  url: string;
  /** In order, as sent; a record is read in key order. */
  headers: readonly { name: string; value: string }[] | Readonly<Record<string, string>>;
  body?: string;
  /** Size of the body in bytes when it is not the UTF-8 length of `body` (a HAR's `bodySize`). */
  bodyBytes?: number;
}

/**
 * Builds the context of a request. `base` is the pointer of the request in its document; HAR keeps
 * headers as an array (`/headers/K`) and the body under `/postData/text`.
 */
export function buildRequestContext(input: RequestInput, profile: ProfileName, base = ''): BatchRequestContext | undefined {
  let url: URL;
  try {
    url = new URL(input.url);
  } catch {
    return undefined;
  }
  const route = routeBatchRequest(input.method, url);
  if (route === undefined) return undefined;
  const list = Array.isArray(input.headers)
    ? (input.headers as readonly { name: string; value: string }[])
    : Object.entries(input.headers).map(([name, value]) => ({ name, value }));
  const headers = list.map((h, k) => ({ name: h.name, value: h.value, pointer: `${base}/headers/${k}` }));
  const body =
    input.body === undefined || (input.body === '' && (input.bodyBytes ?? 0) <= 0)
      ? undefined
      : { text: input.body, bytes: input.bodyBytes ?? Buffer.byteLength(input.body, 'utf8') };
  let json: unknown;
  if (body !== undefined) {
    try {
      json = JSON.parse(body.text);
    } catch {
      json = undefined;
    }
  }
  return {
    profile,
    method: input.method.toUpperCase(),
    url,
    route,
    headers,
    body,
    json,
    pointers: { request: base, url: `${base}/url`, headers: `${base}/headers`, body: `${base}/postData/text` },
  };
}

/** The body as a JSON object, or undefined. */
export function bodyObject(ctx: BatchRequestContext): Record<string, unknown> | undefined {
  const v = ctx.json;
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

/** Whether the request carries file bytes (a small file's PUT or a part's PATCH). */
export function carriesFileBytes(ctx: BatchRequestContext): boolean {
  return ctx.route.endpoint === 'uploadFile' || ctx.route.endpoint === 'uploadFilePart';
}

/** The action query parameter of a batch or file action, as written. */
export function actionParameter(ctx: BatchRequestContext): string | null {
  return ctx.url.searchParams.get('action');
}

export const isActionRequest = (ctx: BatchRequestContext): boolean =>
  ctx.route.endpoint === 'batchAction' || ctx.route.endpoint === 'fileAction';
