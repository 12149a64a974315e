/**
 * Reading a HAR 1.2 file (the format browsers' developer tools and proxies export) into a trace, checking
 * the parts the checker needs and saying plainly, with a JSON pointer, what is missing or of the wrong
 * type. Only what the checker reads is required: `log.entries[]` with `startedDateTime`,
 * `request.{method,url,headers}` and `response.{status,headers}`; bodies are optional.
 */
import { findSyntaxError } from '../../parse/syntax.js';
import { entryPointer, TraceError, type Trace, type TraceEntry, type TraceHeader } from './model.js';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  return `a ${typeof v}`;
}

function need<T>(value: unknown, pointer: string, what: string, ok: (v: unknown) => v is T): T {
  if (value === undefined) throw new TraceError(`${pointer} is missing: a HAR entry needs ${what}`, pointer.slice(0, pointer.lastIndexOf('/')));
  if (!ok(value)) throw new TraceError(`${pointer} is ${typeName(value)}, not ${what}`, pointer);
  return value;
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isArray = (v: unknown): v is unknown[] => Array.isArray(v);
const isInteger = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

function readHeaders(value: unknown, pointer: string): TraceHeader[] {
  const list = need(value, pointer, 'an array of {name, value}', isArray);
  return list.map((h, k) => {
    const at = `${pointer}/${k}`;
    const header = need(h, at, 'an object {name, value}', isObject);
    return { name: need(header['name'], `${at}/name`, 'a string', isString), value: need(header['value'], `${at}/value`, 'a string', isString) };
  });
}

function decodeBody(text: string, encoding: unknown): { text: string; bytes: number } {
  if (encoding === 'base64') {
    const bytes = Buffer.from(text, 'base64');
    return { text: bytes.toString('utf8'), bytes: bytes.length };
  }
  return { text, bytes: Buffer.byteLength(text, 'utf8') };
}

function readEntry(raw: unknown, index: number): TraceEntry {
  const at = entryPointer(index);
  const entry = need(raw, at, 'an object', isObject);
  const startedDateTime = need(entry['startedDateTime'], `${at}/startedDateTime`, 'an ISO 8601 date-time string', isString);
  const startedMs = Date.parse(startedDateTime);
  if (Number.isNaN(startedMs)) throw new TraceError(`${at}/startedDateTime "${startedDateTime}" is not an ISO 8601 date-time`, `${at}/startedDateTime`);
  const request = need(entry['request'], `${at}/request`, 'an object', isObject);
  const method = need(request['method'], `${at}/request/method`, 'a string', isString);
  const rawUrl = need(request['url'], `${at}/request/url`, 'an absolute URL string', isString);
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    throw new TraceError(`${at}/request/url is not an absolute URL`, `${at}/request/url`);
  }
  const requestHeaders = readHeaders(request['headers'], `${at}/request/headers`);
  const response = need(entry['response'], `${at}/response`, 'an object', isObject);
  const status = need(response['status'], `${at}/response/status`, 'an integer HTTP status', isInteger);
  const responseHeaders = readHeaders(response['headers'], `${at}/response/headers`);
  const result: TraceEntry = { index, startedDateTime, startedMs, method: method.toUpperCase(), url, status, requestHeaders, responseHeaders };
  const postData = request['postData'];
  if (postData !== undefined) {
    const post = need(postData, `${at}/request/postData`, 'an object', isObject);
    if (post['text'] !== undefined) {
      const text = need(post['text'], `${at}/request/postData/text`, 'a string', isString);
      result.requestBody = decodeBody(text, post['encoding']);
      const bodySize = request['bodySize'];
      // A recorder that kept the size but not every byte (binary parts) still tells how many were sent.
      if (isInteger(bodySize) && bodySize > 0 && post['encoding'] !== 'base64') result.requestBody.bytes = bodySize;
    }
  }
  const content = response['content'];
  if (content !== undefined) {
    const c = need(content, `${at}/response/content`, 'an object', isObject);
    if (c['text'] !== undefined) result.responseBody = decodeBody(need(c['text'], `${at}/response/content/text`, 'a string', isString), c['encoding']).text;
  }
  return result;
}

/** Reads a HAR text; throws a TraceError that says what is wrong and where. */
export function readHar(text: string): Trace {
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch {
    const syntax = findSyntaxError(text);
    throw new TraceError(
      `not a HAR file: the JSON is malformed${syntax ? ` (${syntax.message})` : ''}`,
      undefined,
      syntax ? { line: syntax.line, column: syntax.column } : undefined,
    );
  }
  if (!isObject(root)) throw new TraceError(`not a HAR file: the top level is ${typeName(root)}, not an object with a "log"`, '');
  const log = root['log'];
  if (log === undefined) throw new TraceError('not a HAR file: there is no "log" object at the top level', '');
  if (!isObject(log)) throw new TraceError(`/log is ${typeName(log)}, not an object`, '/log');
  const entries = need(log['entries'], '/log/entries', 'an array of entries', isArray);
  return { entries: entries.map(readEntry) };
}
