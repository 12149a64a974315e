import { pick } from '../../../contract/streaming.js';
import { advice, defineRule } from '../../engine.js';
import { has, own, type MessageContext } from '../context.js';
import { tutorial } from '../sources.js';
import { preview } from '../json-type.js';

// Milliseconds since the epoch for 2001-09-09 and 2286-11-20: 13-digit values. A 10-digit value is seconds.
const MIN_MS = 1_000_000_000_000;
const MAX_MS = 9_999_999_999_999;

function problem(value: unknown, form: 'number' | 'string' | 'either'): string | null {
  let ms: number;
  if (typeof value === 'number') {
    if (form === 'string') return 'is a number; the OpenAPI file types it as a string of milliseconds';
    ms = value;
  } else if (typeof value === 'string') {
    if (form === 'number') return 'is a string; the tutorial sends a number of milliseconds';
    if (!/^\d+$/.test(value)) return `is ${preview(value)}, not a number of milliseconds`;
    ms = Number(value);
  } else {
    return `is ${value === null ? 'null' : typeof value}, not a millisecond time`;
  }
  if (!Number.isInteger(ms)) return `is ${ms}, not a whole number of milliseconds`;
  if (ms < MIN_MS) return `is ${ms}, which reads as ${ms >= 1_000_000_000 ? 'seconds' : 'a time before 2001'}: give milliseconds since the epoch`;
  if (ms > MAX_MS) return `is ${ms}, too large for milliseconds since the epoch`;
  return null;
}

export default defineRule<MessageContext, { problem: string }>({
  id: 'streaming.header.created-at-invalid',
  title: 'header.createdAt is not a millisecond time',
  description:
    'header.createdAt dates the message in milliseconds since the epoch: a number in the tutorials, a string in the OpenAPI file. No source says the platform rejects other values, so this is a warning.',
  source: tutorial('Stream to a dataset: request'),
  outcome: () => advice('warn'),
  message: ({ problem }) => `header.createdAt ${problem}.`,
  check: (ctx) => {
    if (!has(ctx.header, 'createdAt')) return null;
    const found = problem(own(ctx.header, 'createdAt'), pick(ctx.profile, 'streaming.createdAt.type').value);
    return found === null ? null : { pointer: `${ctx.base}/header/createdAt`, params: { problem: found } };
  },
});
