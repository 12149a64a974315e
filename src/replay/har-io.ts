/**
 * HAR 1.2 in and out for recorded exchanges. Out: the redacted exchanges of a recording, as browsers'
 * and proxies' HAR files are, so `check-trace` and other tools read them. In: a HAR captured elsewhere,
 * read by the trace reader (`lifecycle/trace/har.ts`, which checks its shape and names what is wrong),
 * turned into exchanges that go through the same redaction and checks as proxied ones.
 */
import { readHar } from '../lifecycle/trace/har.js';
import type { TraceEntry } from '../lifecycle/trace/model.js';
import { VERSION } from '../version.js';
import type { RecordedExchange, RedactedExchange, RecordedHeader, WrittenBody } from './record/exchange.js';

interface HarNameValue {
  name: string;
  value: string;
}

const nameValues = (headers: readonly RecordedHeader[]): HarNameValue[] => headers.map((h) => ({ name: h.name, value: h.value }));

function cookies(headers: readonly RecordedHeader[], name: 'cookie' | 'set-cookie'): HarNameValue[] {
  // Cookie values are credentials: the HAR names each cookie, its value is the redacted header's.
  return headers
    .filter((h) => h.name.toLowerCase() === name)
    .flatMap((h) => (name === 'cookie' ? h.value.split(';') : [h.value.split(';')[0] ?? '']))
    .map((pair) => pair.trim())
    .filter((pair) => pair !== '')
    .map((pair) => {
      const at = pair.indexOf('=');
      return at === -1 ? { name: pair, value: '' } : { name: pair.slice(0, at), value: pair.slice(at + 1) };
    });
}

/** HAR 1.2's `comment` on a body that was not written: why, its size and its SHA-256. */
function withheldComment(body: WrittenBody): Record<string, string> {
  if (body.withheld === undefined) return {};
  return { comment: `body withheld, it could not be redacted safely: ${body.withheld.reason}; ${body.bytes} bytes, sha256 ${body.withheld.sha256}` };
}

function contentType(headers: readonly RecordedHeader[]): string {
  return headers.find((h) => h.name.toLowerCase() === 'content-type')?.value ?? '';
}

function toHar(exchanges: readonly RedactedExchange[]): Record<string, unknown> {
  return {
    log: {
      version: '1.2',
      creator: { name: 'aep-harness record', version: VERSION },
      entries: exchanges.map((e) => {
        const url = new URL(e.request.url);
        const request: Record<string, unknown> = {
          method: e.request.method,
          url: e.request.url,
          httpVersion: e.request.httpVersion,
          headers: nameValues(e.request.headers),
          queryString: [...url.searchParams].map(([name, value]) => ({ name, value })),
          cookies: cookies(e.request.headers, 'cookie'),
          headersSize: -1,
          bodySize: e.request.body.bytes,
        };
        if (e.request.body.bytes > 0) {
          request['postData'] = {
            mimeType: contentType(e.request.headers),
            text: e.request.body.text,
            ...(e.request.body.encoding ? { encoding: e.request.body.encoding } : {}),
            ...withheldComment(e.request.body),
          };
        }
        return {
          startedDateTime: e.startedDateTime,
          time: e.timeMs,
          request,
          response: {
            status: e.response.status,
            statusText: e.response.statusText,
            httpVersion: e.response.httpVersion,
            headers: nameValues(e.response.headers),
            cookies: cookies(e.response.headers, 'set-cookie'),
            content: {
              size: e.response.body.bytes,
              mimeType: contentType(e.response.headers),
              text: e.response.body.text,
              ...(e.response.body.encoding ? { encoding: e.response.body.encoding } : {}),
              ...withheldComment(e.response.body),
            },
            redirectURL: '',
            headersSize: -1,
            bodySize: e.response.body.bytes,
          },
          cache: {},
          timings: { send: 0, wait: e.timeMs, receive: 0 },
        };
      }),
    },
  };
}

export function harText(exchanges: readonly RedactedExchange[]): string {
  return `${JSON.stringify(toHar(exchanges), null, 2)}\n`;
}

/** The raw bodies of a HAR entry: the trace reader keeps them as text, base64 ones decoded. */
function fromEntry(entry: TraceEntry, raw: Record<string, unknown> | undefined): RecordedExchange {
  const request = raw?.['request'] as Record<string, unknown> | undefined;
  const response = raw?.['response'] as Record<string, unknown> | undefined;
  const body = (part: Record<string, unknown> | undefined, key: 'postData' | 'content', fallback: string | undefined): Buffer => {
    const holder = part?.[key] as { text?: unknown; encoding?: unknown } | undefined;
    if (typeof holder?.text === 'string') return holder.encoding === 'base64' ? Buffer.from(holder.text, 'base64') : Buffer.from(holder.text, 'utf8');
    return Buffer.from(fallback ?? '', 'utf8');
  };
  const time = typeof raw?.['time'] === 'number' ? Math.round(raw['time']) : 0;
  const requestBody = body(request, 'postData', entry.requestBody?.text);
  return {
    index: entry.index,
    startedDateTime: entry.startedDateTime,
    timeMs: time,
    request: {
      method: entry.method,
      url: entry.url.href,
      httpVersion: typeof request?.['httpVersion'] === 'string' ? request['httpVersion'] : 'HTTP/1.1',
      headers: entry.requestHeaders.map((h) => ({ name: h.name, value: h.value })),
      body: requestBody,
      ...(entry.requestBody !== undefined && entry.requestBody.bytes !== requestBody.length ? { bytes: entry.requestBody.bytes } : {}),
    },
    response: {
      status: entry.status,
      statusText: typeof response?.['statusText'] === 'string' ? response['statusText'] : '',
      httpVersion: typeof response?.['httpVersion'] === 'string' ? response['httpVersion'] : 'HTTP/1.1',
      headers: entry.responseHeaders.map((h) => ({ name: h.name, value: h.value })),
      body: body(response, 'content', entry.responseBody),
    },
  };
}

/** Reads a HAR text into exchanges; throws the trace reader's `TraceError` when it is not a HAR. */
export function exchangesFromHar(text: string): RecordedExchange[] {
  const trace = readHar(text);
  // readHar checked the shape; the raw entries give what it does not keep (timings, statusText, encodings).
  const raw = (JSON.parse(text) as { log: { entries: Record<string, unknown>[] } }).log.entries;
  return trace.entries.map((entry) => fromEntry(entry, raw[entry.index]));
}
