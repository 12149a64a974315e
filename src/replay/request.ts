/**
 * A fixture step's request as it goes on the wire: `${name}` substituted in the path, headers and body,
 * the target's credentials added unless the step sets (or omits) the same header.
 */
import type { FileBody } from './load.js';
import type { FixtureRequest } from './fixture-types.js';
import { substituteText, substituteValue, type Lookup } from './substitute.js';

export interface WireRequest {
  method: string;
  /** Path and query, substituted. */
  path: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
}

export function buildRequest(request: FixtureRequest, file: FileBody | undefined, targetHeaders: Readonly<Record<string, string>>, scope: Lookup): WireRequest {
  const omitted = new Set((request.omitHeaders ?? []).map((h) => h.toLowerCase()));
  const own = Object.entries(request.headers ?? {}).map(([name, value]) => [name, substituteText(value, scope)] as const);
  const ownNames = new Set(own.map(([name]) => name.toLowerCase()));
  const headers: Record<string, string> = {};
  // A step's explicit header wins over the target's, whatever its case.
  for (const [name, value] of Object.entries(targetHeaders)) {
    if (!omitted.has(name.toLowerCase()) && !ownNames.has(name.toLowerCase())) headers[name] = value;
  }
  for (const [name, value] of own) headers[name] = value;

  let body: string | Uint8Array | undefined;
  if (request.json !== undefined) {
    body = JSON.stringify(substituteValue(request.json, scope));
    if (!ownNames.has('content-type')) headers['Content-Type'] = 'application/json';
  } else if (request.text !== undefined) {
    body = substituteText(request.text, scope);
  } else if (file !== undefined) {
    // A text file gets `${name}` (its placeholders were applied at load); other bytes go as they are.
    body = file.text !== undefined ? substituteText(file.text, scope) : file.bytes;
  } else if (request.generate !== undefined) {
    body = Buffer.alloc(request.generate.size, request.generate.fill ?? ' ');
  }
  return { method: request.method, path: substituteText(request.path, scope), headers, ...(body !== undefined ? { body } : {}) };
}
