/**
 * A mismatch fails the behaviour it concerns, not every behaviour its step exercises: a 207 with one wrong
 * entry says which documented behaviour is broken.
 */
import { describe, expect, it } from 'vitest';
import type { BehaviourId } from '../../../src/contract/behaviours.js';
import { documentedMessage } from '../../../src/contract/streaming.js';
import { attributeMismatches } from '../../../src/replay/attribution.js';
import { matchValue } from '../../../src/replay/matchers.js';
import { Scope } from '../../../src/replay/substitute.js';
import { runVariables } from '../../../src/replay/variables.js';
import { defaultWorld } from '../../../src/world/default.js';

const world = defaultWorld();
const inlet = world.inlets[0]!;
const scope = new Scope(runVariables(world));
const unknown = documentedMessage('unknownXdmFormat', inlet.id, inlet.org);
const wrongOrg = documentedMessage('absentOrWrongImsOrg', inlet.id, inlet.org);

const STEP_BEHAVIOURS: BehaviourId[] = [
  'streaming.batch.status-207',
  'streaming.batch.body-shape',
  'streaming.batch.one-entry-per-message',
  'streaming.batch.xaction-id',
  'streaming.batch.valid-accepted',
  'streaming.message.unknown-xdm-format',
  'streaming.message.wrong-ims-org',
];

/** The partial-failure fixture's expectation: accepted, unknown xdm format, wrong org, accepted. */
const expected = {
  inletId: '${inletId}',
  batchId: { $match: 'id' },
  responses: [
    { xactionId: { $match: 'xactionId', index: 0 } },
    { statusCode: 400, message: { $match: 'documented', text: 'streaming.unknownXdmFormat', inlet: '${inletId}', org: '${orgId}' } },
    { statusCode: 400, message: { $match: 'documented', text: 'streaming.absentOrWrongImsOrg', inlet: '${inletId}', org: '${orgId}' } },
    { xactionId: { $match: 'xactionId', index: 3 } },
  ],
};

const documentedAnswer = () => ({
  inletId: inlet.id,
  batchId: 'b1',
  receivedTimeMs: 1,
  responses: [{ xactionId: 'b1:0' }, { statusCode: 400, message: unknown }, { statusCode: 400, message: wrongOrg }, { xactionId: 'b1:3' }],
});

/** The behaviours that fail when the target answers `body` with `status`. */
function failing(body: unknown, status = 207): BehaviourId[] {
  const mismatches = matchValue(expected, body, { scope, root: body });
  if (status !== 207) mismatches.push({ path: 'status', expected: '207', actual: String(status) });
  const attributed = attributeMismatches(STEP_BEHAVIOURS, mismatches, {
    expected,
    actual: body,
    matches: (e, a) => matchValue(e, a, { scope, root: body }).length === 0,
  });
  return [...attributed].filter(([, list]) => list.length > 0).map(([id]) => id);
}

describe('attributing the mismatches of a 207 to the behaviours they break', () => {
  it('the documented answer fails nothing', () => {
    expect(failing(documentedAnswer())).toEqual([]);
  });

  it('200 instead of 207: only the status behaviour', () => {
    expect(failing(documentedAnswer(), 200)).toEqual(['streaming.batch.status-207']);
  });

  it('an entry left out, or one too many: only one entry per message', () => {
    const missing = documentedAnswer();
    missing.responses.pop();
    expect(failing(missing)).toEqual(['streaming.batch.one-entry-per-message']);
    const extra = documentedAnswer();
    extra.responses.push({ xactionId: 'b1:4' });
    expect(failing(extra)).toEqual(['streaming.batch.one-entry-per-message']);
  });

  it('two entries swapped: only one entry per message, in order', () => {
    const swapped = documentedAnswer();
    [swapped.responses[1], swapped.responses[2]] = [swapped.responses[2]!, swapped.responses[1]!];
    expect(failing(swapped)).toEqual(['streaming.batch.one-entry-per-message']);
    const acceptedSwapped = documentedAnswer();
    [acceptedSwapped.responses[0], acceptedSwapped.responses[3]] = [acceptedSwapped.responses[3]!, acceptedSwapped.responses[0]!];
    expect(failing(acceptedSwapped)).toEqual(['streaming.batch.one-entry-per-message']);
  });

  it('an xactionId off by one: only the xactionId behaviour', () => {
    const off = documentedAnswer();
    off.responses[0] = { xactionId: 'b1:1' };
    off.responses[3] = { xactionId: 'b1:4' };
    expect(failing(off)).toEqual(['streaming.batch.xaction-id']);
  });

  it('a valid message rejected: only valid messages are accepted', () => {
    const rejected = documentedAnswer();
    rejected.responses[3] = { statusCode: 400, message: unknown };
    expect(failing(rejected)).toEqual(['streaming.batch.valid-accepted']);
  });

  it('a message of another org accepted: only the wrong-org behaviour', () => {
    const accepted = documentedAnswer();
    accepted.responses[2] = { xactionId: 'b1:2' };
    expect(failing(accepted)).toEqual(['streaming.message.wrong-ims-org']);
  });

  it("a changed word of the documented text: only that text's behaviour", () => {
    const changed = documentedAnswer();
    changed.responses[1] = { statusCode: 400, message: unknown.replace('unknown', 'unknwon') };
    expect(failing(changed)).toEqual(['streaming.message.unknown-xdm-format']);
  });

  it('a mismatch no behaviour claims fails every behaviour of the step', () => {
    const attributed = attributeMismatches(['batch.create', 'catalog.batch.read'], [{ path: '/status', expected: '"loading"', actual: '"success"' }], {
      expected: {},
      actual: {},
      matches: () => false,
    });
    expect([...attributed].map(([id, list]) => [id, list.length])).toEqual([
      ['batch.create', 1],
      ['catalog.batch.read', 1],
    ]);
  });
});
