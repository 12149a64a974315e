/** What the reference client's specs share: the server, a recording fetch, fast timing, and messages. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AepClientOptions, FetchLike } from '../../src/client/index.js';
import { startServer, type RunningServer, type StartServerOptions } from '../../src/server/index.js';
import { defaultWorld } from '../../src/world/default.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export const WORLD = defaultWorld();
export const ORG = WORLD.orgs[0]!.id;
export const INLET = WORLD.inlets[0]!;
/** The web-event dataset of the default world (its schema has `timestamp` as a date-time). */
export const EVENTS_DATASET = WORLD.datasets[0]!.id;
export const TOKEN = 'spec-token-not-a-secret';

/** The fixture's web events, as values. */
export function webEvents(): Record<string, unknown>[] {
  return readFileSync(join(ROOT, 'fixtures/payloads/web-events.ndjson'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

type Event = { header: Record<string, unknown>; body: { xdmEntity: Record<string, unknown> } };

/** `count` distinct valid web events (each its own `_id`), made from the fixture's that have a timestamp (one has none on purpose). */
export function manyEvents(count: number): Event[] {
  const base = (webEvents() as unknown as Event[]).filter((m) => typeof m.body.xdmEntity['timestamp'] === 'string');
  return Array.from({ length: count }, (_, i) => {
    const m = structuredClone(base[i % base.length]!);
    m.body.xdmEntity['_id'] = `spec-${i.toString().padStart(6, '0')}-${String(m.body.xdmEntity['_id'])}`;
    return m;
  });
}

/** Messages of about `bytes` bytes of NDJSON. */
export function eventsOfBytes(bytes: number): Event[] {
  const one = Buffer.byteLength(JSON.stringify(manyEvents(1)[0])) + 1;
  return manyEvents(Math.ceil(bytes / one));
}

/** The web events' records, for a batch file of JSON lines. */
export function records(count: number): Record<string, unknown>[] {
  return manyEvents(count).map((m) => m.body.xdmEntity);
}

export interface Recorded {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body: Buffer;
  status: number;
  /** Set when the spec's fault answered instead of the server. */
  fault?: boolean;
}

/** A fault a spec puts in front of the server: an answer instead of the server's, or undefined to forward. */
export type Fault = (request: { method: string; url: URL; body: Buffer; headers: Record<string, string> }, seen: number) => Response | undefined;

/** A fetch that records every exchange and lets `fault` answer instead of the server. */
export function recordingFetch(fault?: Fault): { fetch: FetchLike; calls: Recorded[] } {
  const calls: Recorded[] = [];
  const impl: FetchLike = async (input, init) => {
    const url = new URL(input);
    const headers = Object.fromEntries(Object.entries((init.headers ?? {}) as Record<string, string>).map(([k, v]) => [k.toLowerCase(), v]));
    const body = init.body === undefined || init.body === null ? Buffer.alloc(0) : Buffer.from(init.body as Uint8Array | string);
    const method = init.method ?? 'GET';
    const answer = fault?.({ method, url, body, headers }, calls.length);
    if (answer !== undefined) {
      calls.push({ method, url, headers, body, status: answer.status, fault: true });
      return answer;
    }
    const response = await fetch(input, init);
    calls.push({ method, url, headers, body, status: response.status });
    return response;
  };
  return { fetch: impl, calls };
}

/**
 * Timing that records each wait the client asks for and waits only a fraction of it for real, so that the
 * server's background work (batch processing, Campaign requests) still moves on.
 */
export function fastTiming(scale = 1 / 50): { waits: number[]; options: Pick<AepClientOptions, 'sleep' | 'random'> } {
  const waits: number[] = [];
  return {
    waits,
    options: {
      sleep: (ms) => {
        waits.push(ms);
        return new Promise((resolve) => setTimeout(resolve, Math.round(ms * scale)));
      },
      random: () => 0.5,
    },
  };
}

export function jsonAnswer(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });
}

export async function withServer<T>(options: StartServerOptions, run: (server: RunningServer) => Promise<T>): Promise<T> {
  const server = await startServer(options);
  try {
    return await run(server);
  } finally {
    await server.close();
  }
}

/** The client options that point at a server, with the default world's ids. */
export function pointedAt(server: RunningServer, extra: AepClientOptions = {}): AepClientOptions {
  return {
    streamingUrl: server.url,
    platformUrl: server.url,
    campaignUrl: server.url,
    inletId: INLET.id,
    orgId: ORG,
    sandboxName: 'prod',
    accessToken: TOKEN,
    apiKey: 'spec-api-key',
    ...extra,
  };
}
