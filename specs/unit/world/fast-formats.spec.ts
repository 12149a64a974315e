import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import addFormatsModule from 'ajv-formats';
import { createXdmAjv } from '../../../src/world/xdm-ajv.js';
import { fastDateTime, isPlainValidDateTime, memoTest, useFastFormats } from '../../../src/world/fast-formats.js';

const formats = addFormatsModule.default;
const fullDateTime = (formats.get('date-time') as unknown as { validate: (s: string) => boolean }).validate;
const fullUri = formats.get('uri') as unknown as (s: string) => boolean;
const fullEmail = formats.get('email') as unknown as RegExp;

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** Date-times near the common spelling: every field over its range and a little past it, any separator and zone. */
const dateTimeLike = fc
  .record({
    year: fc.integer({ min: 0, max: 9999 }),
    month: fc.integer({ min: 0, max: 13 }),
    day: fc.integer({ min: 0, max: 32 }),
    hour: fc.integer({ min: 0, max: 25 }),
    minute: fc.integer({ min: 0, max: 61 }),
    second: fc.integer({ min: 0, max: 61 }),
    fraction: fc.option(fc.stringMatching(/^[0-9]{0,10}$/), { nil: undefined }),
    separator: fc.constantFrom('T', 't', ' ', '_', 'TT'),
    zone: fc.oneof(
      fc.constantFrom('Z', 'z', '', 'ZZ', '+', '-00'),
      fc.record({ sign: fc.constantFrom('+', '-', '~'), h: fc.integer({ min: 0, max: 25 }), m: fc.integer({ min: 0, max: 61 }), colon: fc.constantFrom(':', '', '::') }).map(({ sign, h, m, colon }) => `${sign}${pad(h, 2)}${colon}${pad(m, 2)}`),
    ),
  })
  .map(({ year, month, day, hour, minute, second, fraction, separator, zone }) => `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}${separator}${pad(hour, 2)}:${pad(minute, 2)}:${pad(second, 2)}${fraction === undefined ? '' : `.${fraction}`}${zone}`);

/** One character of a date-time replaced, dropped or added. */
const mutated = fc.tuple(dateTimeLike, fc.nat(), fc.constantFrom('', '0', '9', 'T', 'Z', ':', '-', '.', ' ', 'a', '٣')).map(([text, at, by]) => {
  const i = at % (text.length + 1);
  return `${text.slice(0, i)}${by}${text.slice(i + (by === '' ? 1 : at % 2))}`;
});

describe('fast formats: the verdicts of ajv-formats full formats', () => {
  it('recognises a date-time as plainly valid only when ajv-formats accepts it, and agrees with it everywhere', () => {
    const fast = fastDateTime(fullDateTime);
    const seen = { recognised: 0, leftToFull: 0, invalid: 0 };
    fc.assert(
      fc.property(fc.oneof(dateTimeLike, mutated, fc.string()), (text) => {
        const full = fullDateTime(text);
        if (isPlainValidDateTime(text)) {
          seen.recognised++;
          expect(full).toBe(true);
        } else if (full) seen.leftToFull++;
        else seen.invalid++;
        expect(fast(text)).toBe(full);
      }),
      { numRuns: 20_000 },
    );
    // The generator reaches all three cases, so the agreement above is tested on each.
    expect(seen.recognised).toBeGreaterThan(100);
    expect(seen.leftToFull).toBeGreaterThan(100);
    expect(seen.invalid).toBeGreaterThan(100);
  });

  it('recognises the spellings the platform documents and leaves the rest to ajv-formats', () => {
    for (const text of ['2024-05-01T12:30:00Z', '2024-02-29T23:59:59.123456789+02:00', '1999-12-31t00:00:00-23:59', '2020-01-01T00:00:00.0z']) {
      expect(isPlainValidDateTime(text)).toBe(true);
    }
    // Valid for ajv-formats, but not recognised here: its own check decides.
    for (const text of ['2024-05-01 12:30:00Z', '2016-12-31T23:59:60Z', '2024-05-01T12:30:00+0200']) {
      expect(isPlainValidDateTime(text)).toBe(false);
      expect(fastDateTime(fullDateTime)(text)).toBe(true);
    }
    for (const text of ['2023-02-29T10:00:00Z', '2024-05-01T24:00:00Z', '2024-05-01T12:30:00', '1714566600000', '2024-05-01T12:30:00.Z']) {
      expect(isPlainValidDateTime(text)).toBe(false);
      expect(fastDateTime(fullDateTime)(text)).toBe(false);
    }
  });

  it('memoised uri and email tests give the tests own answers, also past the memo size and length', () => {
    let calls = 0;
    const uri = memoTest((text) => {
      calls++;
      return fullUri(text);
    });
    const email = memoTest((text) => fullEmail.test(text));
    const uris = fc.oneof(fc.webUrl(), fc.string(), fc.constantFrom('https://www.example.com/a b', 'mailto:a@b.c', '/relative', `https://x.example/${'a'.repeat(2000)}`));
    fc.assert(
      fc.property(fc.array(uris, { minLength: 1, maxLength: 20 }), (list) => {
        for (const text of [...list, ...list]) expect(uri(text)).toBe(fullUri(text));
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(fc.oneof(fc.emailAddress(), fc.string()), (text) => {
          expect(email(text)).toBe(fullEmail.test(text));
        }),
      { numRuns: 2000 },
    );
    // A remembered string is not tested again.
    calls = 0;
    uri('https://www.example.com/memo');
    uri('https://www.example.com/memo');
    expect(calls).toBe(1);
    // Past the entry bound the memo starts again, with the same answers.
    for (let i = 0; i < 5000; i++) expect(uri(`https://h${i}.example/`)).toBe(true);
    expect(uri('not a uri')).toBe(false);
  });

  it('compiled schemas give the same errors with the fast formats as with ajv-formats alone', () => {
    const schema = {
      type: 'object',
      properties: {
        timestamp: { type: 'string', format: 'date-time' },
        page: { type: 'string', format: 'uri' },
        ref: { type: 'string', format: 'uri-reference' },
        email: { type: 'string', format: 'email' },
        after: { type: 'string', format: 'date-time', formatMinimum: '2020-01-01T00:00:00Z' },
      },
    };
    const plain = createXdmAjv().compile(schema);
    const fast = useFastFormats(createXdmAjv()).compile(schema);
    const values = fc.record(
      {
        timestamp: fc.oneof(dateTimeLike, mutated),
        page: fc.oneof(fc.webUrl(), fc.string()),
        ref: fc.oneof(fc.webUrl(), fc.string()),
        email: fc.oneof(fc.emailAddress(), fc.string()),
        after: dateTimeLike,
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(values, (value) => {
        expect(fast(value)).toBe(plain(value));
        expect(fast.errors ?? null).toEqual(plain.errors ?? null);
      }),
      { numRuns: 3000 },
    );
  });
});
