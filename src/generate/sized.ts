/**
 * Requests of a chosen size on either side of the streaming request limit ("greater than 1MB" is answered
 * 413; the profile says how many bytes "1 MB" is). A few valid messages are repeated until the request
 * reaches the size, so every message stays valid and the only thing under test is the size. The expected
 * answer is computed from the bytes of the request as built, never from a rule.
 */
import fc from 'fast-check';
import type { ProfileName } from '../contract/profiles.js';
import { pick } from '../contract/streaming.js';
import type { Inlet, World } from '../world/types.js';
import { ENVELOPE_BYTES, validMessage, type StreamingMessage, type StreamingRequest } from './messages.js';

export type LimitSide = 'under' | 'over';

export interface SizedRequestCase {
  request: StreamingRequest;
  /** The UTF-8 size of the request as sent. */
  bytes: number;
  /** The profile's reading of "1 MB". */
  limit: number;
  side: LimitSide;
  /** How far from the limit the size was aimed at. */
  distance: number;
  /** 413 when the request is greater than the limit; otherwise 207 with one entry per message. */
  expected: { status: 413 } | { status: 207; messages: number };
}

export interface SizedRequestOptions {
  profile?: ProfileName;
  /** Only one side of the limit; default both. */
  side?: LimitSide;
  /** The farthest from the limit a size is aimed at, in bytes; default 64 KiB. */
  maxDistance?: number;
}

/** The profile's request limit in bytes. */
export function requestLimit(profile: ProfileName): number {
  return pick(profile, 'streaming.requestLimit.bytes').value;
}

/**
 * Repeats `pool` in turn until the request is as large as it can be without passing `target` (under) or
 * just passes it (over). Sizes are added up per message instead of serialising the request each time.
 */
export function padRequest(pool: readonly StreamingMessage[], target: number, side: LimitSide): { request: StreamingRequest; bytes: number } {
  const sizes = pool.map((m) => Buffer.byteLength(JSON.stringify(m), 'utf8'));
  const messages: StreamingMessage[] = [];
  let bytes = ENVELOPE_BYTES;
  for (let i = 0; ; i = (i + 1) % pool.length) {
    const next = bytes + sizes[i]! + (messages.length > 0 ? 1 : 0);
    if (side === 'under' && next > target && messages.length > 0) break;
    messages.push(pool[i]!);
    bytes = next;
    if (side === 'over' && bytes > target) break;
  }
  return { request: { messages }, bytes };
}

export function sizedRequest(world: World, inlet: Inlet, opts: SizedRequestOptions = {}): fc.Arbitrary<SizedRequestCase> {
  const profile = opts.profile ?? 'docs';
  const limit = requestLimit(profile);
  const maxDistance = Math.max(1, opts.maxDistance ?? 64 * 1024);
  const side = opts.side !== undefined ? fc.constant(opts.side) : fc.constantFrom<LimitSide>('under', 'over');
  return fc
    .record(
      {
        pool: fc.array(validMessage(world, inlet, { profile }), { minLength: 1, maxLength: 4 }),
        side,
        distance: fc.integer({ min: 1, max: maxDistance }),
      },
      { noNullPrototype: true },
    )
    .map(({ pool, side, distance }): SizedRequestCase => {
      const target = side === 'over' ? limit + distance : limit - distance;
      const { request, bytes } = padRequest(pool, target, side);
      // "thrown when the total payload request is greater than 1MB": at the limit itself, still 207.
      const expected = bytes > limit ? ({ status: 413 } as const) : ({ status: 207, messages: request.messages.length } as const);
      return { request, bytes, limit, side, distance, expected };
    });
}
