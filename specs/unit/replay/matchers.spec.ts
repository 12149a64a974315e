/** Each matcher passing and failing, and the JSON pointer every mismatch names. */
import { describe, expect, it } from 'vitest';
import { matchValue, formatMismatch, type MatchContext } from '../../../src/replay/matchers.js';
import { Scope } from '../../../src/replay/substitute.js';
import { runVariables } from '../../../src/replay/variables.js';
import { defaultWorld } from '../../../src/world/default.js';

const INLET = '9b0cb233972f3b0092992284c7353f5eead496218e8441a79b25e9421ea127f5';
const ORG = '5D2E1F8A5C3E4B7A0A495E2C@AdobeOrg';

function ctx(captures: Record<string, unknown> = {}, root?: unknown): MatchContext {
  const scope = new Scope(runVariables(defaultWorld()), { fileName: 'a.json' });
  for (const [k, v] of Object.entries(captures)) scope.capture(k, v);
  return { scope, ...(root !== undefined ? { root } : {}) };
}
const lines = (expected: unknown, actual: unknown, c = ctx()) => matchValue(expected, actual, c).map(formatMismatch);

describe('objects, arrays and values', () => {
  it('an object matches the keys it lists; extra keys are allowed', () => {
    expect(lines({ status: 'loading' }, { status: 'loading', id: 'x' })).toEqual([]);
    expect(lines({ status: 'loading' }, { status: 'success' })).toEqual(['/status: expected "loading", got "success"']);
    expect(lines({ status: 'loading' }, {})).toEqual(['/status: expected "loading", got absent']);
    expect(lines({ a: 1 }, [1])).toEqual(['(body): expected an object, got [1]']);
  });

  it('$exact: true refuses keys it does not list', () => {
    expect(lines({ $exact: true, a: 1 }, { a: 1 })).toEqual([]);
    expect(lines({ $exact: true, a: 1 }, { a: 1, b: 'x' })).toEqual(['/b: expected absent (the object is $exact), got "x"']);
  });

  it('an array matches element by element with the same length', () => {
    expect(lines([1, 2], [1, 2])).toEqual([]);
    expect(lines([1, 2], [1, 3])).toEqual(['/1: expected 2, got 3']);
    expect(lines({ responses: [{ a: 1 }] }, { responses: [{ a: 1 }, { a: 2 }] })).toEqual(['/responses: expected 1 element, got 2']);
    expect(lines([1], 'x')).toEqual(['(body): expected a list of 1, got "x"']);
  });

  it('values are compared after ${name} substitution, in keys too, and types are kept', () => {
    expect(lines({ id: '${batchId}' }, { id: 42 }, ctx({ batchId: 42 }))).toEqual([]);
    expect(lines({ '${batchId}': { status: 'loading' } }, { b1: { status: 'loading' } }, ctx({ batchId: 'b1' }))).toEqual([]);
    expect(lines({ path: '/files/${fileName}' }, { path: '/files/a.json' })).toEqual([]);
    expect(lines({ n: 1 }, { n: '1' })).toEqual(['/n: expected 1, got "1"']);
  });

  it('a name nothing gives is a mismatch that says so, not a crash', () => {
    expect(lines({ id: '${nothing}' }, { id: 'x' })[0]).toMatch(/^\/id: expected a value for \$\{nothing\}: no step captures it/);
  });

  it('pointers escape ~ and / in keys', () => {
    expect(lines({ 'a/b': { '~c': 1 } }, { 'a/b': { '~c': 2 } })).toEqual(['/a~1b/~0c: expected 1, got 2']);
  });
});

describe('matchers', () => {
  const cases: [string, unknown, unknown[], unknown[]][] = [
    ['any', { $match: 'any' }, [null, 0, 'x', {}], [undefined]],
    ['absent', { $match: 'absent' }, [undefined], [null, 0, { xactionId: 'b:3' }]],
    ['id', { $match: 'id' }, ['a1', 3520], ['', null, {}, Number.NaN]],
    ['time', { $match: 'time' }, [1732371600000, '1732371600000', '2024-11-23T14:20:00Z', '2024-11-23T14:20:00.123+01:00'], ['2024-11-23 14:20:00', 'yesterday', -1, 1.5]],
    ['string', { $match: 'string' }, ['', 'x'], [1, null]],
    ['number', { $match: 'number' }, [0, 1.5], ['1', Number.POSITIVE_INFINITY]],
    ['regex', { $match: 'regex', pattern: '^\\d+:\\d+$' }, ['12:3'], ['a12:3', 12]],
    ['oneOf', { $match: 'oneOf', values: ['active', 'success', { $match: 'number' }] }, ['active', 'success', 7], ['failed', undefined]],
  ];
  for (const [name, matcher, passing, failing] of cases) {
    it(`${name}: passes and fails`, () => {
      for (const value of passing) expect(matchValue({ v: matcher }, { v: value }, ctx()), `${name} ${String(value)}`).toEqual([]);
      for (const value of failing) expect(matchValue({ v: matcher }, value === undefined ? {} : { v: value }, ctx()), `${name} ${String(value)}`).toHaveLength(1);
    });
  }

  it('absent names the pointer and what was there', () => {
    expect(lines({ responses: [{ $match: 'any' }, { $match: 'absent' }] }, { responses: [{}, { xactionId: 'b:1' }] })).toEqual([
      '/responses/1: expected absent, got {xactionId: "b:1"}',
    ]);
  });

  it('xactionId: <batchId>:<index>, the batch from `batch`, a captured batchId, or the answer\'s own batchId', () => {
    const body = { batchId: '1565638336649:1750:244', responses: [{ xactionId: '1565638336649:1750:244:0' }, { xactionId: '1565638336649:1750:244:2' }] };
    const expected = { responses: [{ xactionId: { $match: 'xactionId', index: 0 } }, { xactionId: { $match: 'xactionId', index: 1 } }] };
    expect(lines(expected, body, ctx({}, body))).toEqual(['/responses/1/xactionId: expected "1565638336649:1750:244:1", got "1565638336649:1750:244:2"']);
    expect(lines({ x: { $match: 'xactionId', index: 4, batch: '${b}' } }, { x: 'B:4' }, ctx({ b: 'B' }))).toEqual([]);
    expect(lines({ x: { $match: 'xactionId', index: 4 } }, { x: 'C:4' }, ctx({ batchId: 'C' }))).toEqual([]);
  });

  it('documented: the contract\'s text with the inlet and org, or the mapping id, filled in', () => {
    const unknown = `inletId: [${INLET}] imsOrgId: [${ORG}] Message has unknown xdm format`;
    expect(lines({ m: { $match: 'documented', text: 'streaming.unknownXdmFormat' } }, { m: unknown })).toEqual([]);
    expect(lines({ m: { $match: 'documented', text: 'streaming.absentOrWrongImsOrg' } }, { m: unknown })).toEqual([
      `/m: expected "inletId: [${INLET}] imsOrgId: [${ORG}] Message has an absent or wrong ims org in the header", got "${unknown}"`,
    ]);
    expect(lines({ m: { $match: 'documented', text: 'streaming.unknownXdmFormat', org: 'other@AdobeOrg' } }, { m: unknown })).toHaveLength(1);
    expect(lines({ info: { $match: 'documented', text: 'campaign.trigger.submitted' } }, { info: 'Ingestion request submitted successfully for the Mapping ID: ProfileToAEP' })).toEqual([]);
    expect(lines({ info: { $match: 'documented', text: 'campaign.trigger.not-stopped', value: 'EventsToAEP' } }, { info: 'Unable to submit data ingestion request, XDM Mapping ID: EventsToAEP is not stopped' })).toEqual([]);
    expect(lines({ message: { $match: 'documented', text: 'gateway.apiKeyMissing' } }, { message: 'Api Key is required' })).toEqual([]);
  });
});
