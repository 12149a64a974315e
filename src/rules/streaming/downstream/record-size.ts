import { RECORD_SIZE_GUARDRAILS, XDM_CLASSES } from '../../../contract/streaming.js';
import { advice, defineRule } from '../../engine.js';
import { has, own, type MessageContext } from '../context.js';

type Params = { bytes: number; limit: number; kind: string };

/**
 * An upper bound on the UTF-8 size of `value` as JSON, walked without recursion and given up as soon as
 * it passes `cap`: a string counts 6 bytes a character (the longest escape), a number 24. When the bound
 * is under the guardrail the record certainly is, and nothing is serialised.
 */
function sizeBoundOver(value: unknown, cap: number): boolean {
  let total = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === 'string') total += v.length * 6 + 2;
    else if (typeof v === 'number') total += 24;
    else if (typeof v === 'boolean' || v === null) total += 5;
    else if (Array.isArray(v)) {
      total += 2 + v.length;
      for (const item of v) stack.push(item);
    } else if (typeof v === 'object') {
      for (const key in v) {
        total += key.length * 6 + 4;
        stack.push((v as Record<string, unknown>)[key]);
      }
      total += 2;
    }
    if (total > cap) return true;
  }
  return false;
}

function entityBytes(entity: unknown): number | undefined {
  try {
    return Buffer.byteLength(JSON.stringify(entity) ?? '', 'utf8');
  } catch {
    return undefined; // nesting too deep to serialise: the size is then unknown, and other rules speak
  }
}

export default defineRule<MessageContext, Params>({
  id: 'streaming.entity.record-size',
  title: 'Record is over the streaming size guardrail',
  description:
    'The ingestion guardrails set a maximum record size for streaming: 10 KB for an ExperienceEvent and 100 KB for a Profile record (1 MB for streaming sources in general).',
  source: RECORD_SIZE_GUARDRAILS.experienceEvent.source,
  outcome: () => advice('warn'),
  message: ({ bytes, limit, kind }) => `xdmEntity is ${bytes.toLocaleString('en-US')} bytes, over the ${limit / 1024} KB guardrail for ${kind} records.`,
  check: (ctx) => {
    const cls = ctx.targetSchema?.class;
    const kind = cls === XDM_CLASSES.experienceevent ? 'ExperienceEvent' : cls === XDM_CLASSES.profile ? 'Profile' : undefined;
    if (kind === undefined) return null;
    const limit = kind === 'ExperienceEvent' ? RECORD_SIZE_GUARDRAILS.experienceEvent.bytes : RECORD_SIZE_GUARDRAILS.profile.bytes;
    // The message's size bounds the entity's: serialise only when the bound is over the guardrail.
    if (ctx.bytes <= limit || !has(ctx.body, 'xdmEntity')) return null;
    const entity = own(ctx.body, 'xdmEntity');
    if (!sizeBoundOver(entity, limit)) return null;
    const bytes = entityBytes(entity);
    return bytes !== undefined && bytes > limit ? { pointer: `${ctx.base}/body/xdmEntity`, params: { bytes, limit, kind } } : null;
  },
});
