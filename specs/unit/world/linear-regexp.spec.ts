import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backtrackingIsBounded, linearPatternProblem, linearRegExp, translateToRe2 } from '../../../src/world/linear-regexp.js';
import { unsupportedPatterns } from '../../../src/world/xdm-patterns.js';
import { createXdmAjv } from '../../../src/world/xdm-ajv.js';

/** Values that tell ECMAScript's and RE2's readings apart where they differ: line terminators, white space, astral, non-ASCII. */
const PROBES = ['', 'a', 'A', 'aa', 'ab', 'AB', 'US', 'usa', 'U1', '\n', '\r', '\u2028', '\u2029', '\u00a0', '\ufeff', '\u3000', '\t', '\v', ' ',
  'é', 'É', 'λ', 'Λ', 'ß', '日本', '😀', 'a😀b', '0', '42', '٣', 'a\nb', 'a\rb', 'a b', 'a\u00a0b', '_', '-', '.', '\0', '\b',
  'jane.doe@example.com', 'bad@', 'x@y', '2024-05-01', 'a-b_c', 'abc123', '{}', '[', ']', '\\', '/', 'AB-12', 'ÀÉÎ'];

/** Patterns of the kinds XDM schemas carry, and the constructs whose meaning differs between the two syntaxes. */
const PATTERNS = [
  '^[A-Z]{2}$', '^[a-z]{2,3}$', '^[A-Z]{2}-[0-9]{2}$', '^\\d+$', '^\\d{4}-\\d{2}-\\d{2}$', '^\\w+$', '^[\\w.-]+$',
  '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$', '^\\S+@\\S+\\.\\S+$', '^[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+\\.[a-zA-Z]{2,}$',
  '^\\p{L}+$', '^\\p{Lu}', '^[\\p{L}\\p{N}]+$', '^\\P{L}*$', '^\\p{Letter}+$', '^\\p{gc=Uppercase_Letter}$',
  '^\\p{Script=Greek}+$', '^\\p{sc=Latin}+$', '^\\p{ASCII}*$', '^\\P{ASCII}$', '^\\p{Any}$', '^[\\P{Any}]?$',
  '^.$', '^.*$', '^.+$', '^[^]$', '^[]$', '^[^a]$', '\\s', '\\S', '^[\\s\\S]*$', '^[^\\s]+$', '\\bfoo\\b', 'a\\B',
  '^\\u00e9$', '^\\u{1F600}$', '^\\uD83D\\uDE00$', '^[\\u00C0-\\u017F]+$', '^\\x41', '^\\cJ$', '^\\0$', '^[\\b]$',
  '^\\t|\\v|\\f$', '^[-a]$', '^[a-]$', '^\\-$', '^\\/$', '^\\.$', '^(?:ab|cd)+$', '^(?<year>\\d{4})$', '^(a|b)*?c',
  '^a{2}b{1,}c{0,3}$', '[', 'é', '😀', '^[😀-😂]$', '^[^😀]$', '(a+)+$', '^(a|aa)+$',
].filter((pattern) => {
  try {
    new RegExp(pattern, 'u');
    return true;
  } catch {
    return false;
  }
});

describe('XDM patterns on the linear-time engine give the verdicts ECMAScript gives', () => {
  it('each pattern and probe value: the same answer as RegExp with the u flag', () => {
    expect(PATTERNS.length).toBeGreaterThan(50);
    const disagreements: string[] = [];
    for (const pattern of PATTERNS) {
      const native = new RegExp(pattern, 'u');
      const linear = linearRegExp(pattern, 'u');
      for (const value of PROBES) {
        if (native.test(value) !== linear.test(value)) disagreements.push(`${pattern} on ${JSON.stringify(value)}: RegExp ${native.test(value)}`);
      }
    }
    expect(disagreements).toEqual([]);
  });

  it('random patterns built from the constructs both engines share agree on random values', () => {
    const chars = fc.constantFrom('a', 'b', 'A', '1', ' ', '\n', '\r', '\u2028', '\u00a0', 'é', 'λ', '😀', '_', '-', '.');
    const atom = fc.constantFrom('a', 'b', 'A', '1', '.', '\\d', '\\D', '\\w', '\\W', '\\s', '\\S', '[ab]', '[^a]', '[a-z]', '[\\s1]',
      '[^\\S]', '\\p{L}', '\\P{L}', '\\p{Lu}', '[\\p{Ll}1]', '\\u00e9', '\\u{1F600}', '\\n', '\\r', '[\\-a]', '\\.', 'λ', '😀', '\\b');
    const quantifier = fc.constantFrom('', '', '*', '+', '?', '{2}', '{1,2}', '*?', '+?');
    const piece = fc.tuple(atom, quantifier).map(([a, q]) => (a === '\\b' ? a : a + q));
    const seq = fc.array(piece, { minLength: 1, maxLength: 5 }).map((pieces) => pieces.join(''));
    const pattern = fc.tuple(fc.boolean(), fc.array(seq, { minLength: 1, maxLength: 3 }), fc.boolean(), fc.boolean())
      .map(([start, alternatives, group, end]) => `${start ? '^' : ''}${group ? `(${alternatives.join('|')})+` : alternatives.join('|')}${end ? '$' : ''}`);
    fc.assert(
      fc.property(pattern, fc.array(fc.string({ unit: chars, maxLength: 8 }), { minLength: 1, maxLength: 6 }), (source, values) => {
        const native = new RegExp(source, 'u');
        const linear = linearRegExp(source, 'u');
        for (const value of values) expect(linear.test(value), `${source} on ${JSON.stringify(value)}`).toBe(native.test(value));
      }),
      { numRuns: 400, seed: 1414 },
    );
  });

  it('a pattern ECMAScript refuses is still a schema error, even one RE2 would read', () => {
    expect(() => linearRegExp('(?i)abc', 'u')).toThrow(SyntaxError);
    expect(() => linearRegExp('\\A', 'u')).toThrow(SyntaxError);
    expect(() => createXdmAjv().compile({ type: 'string', pattern: '[[:alpha:]]' })).toThrow(/Invalid regular expression/);
  });
});

describe('catastrophic backtracking is not possible: ^(a+)+$ against many a and a !', () => {
  it('answers no for 40 and for 10 000 a followed by !, yes without the !', () => {
    const validate = createXdmAjv().compile({ type: 'string', pattern: '^(a+)+$' });
    expect(validate(`${'a'.repeat(40)}!`)).toBe(false);
    expect(validate(`${'a'.repeat(10_000)}!`)).toBe(false);
    expect(validate('a'.repeat(10_000))).toBe(true);
  });

  it('patternProperties keys run on the same engine', () => {
    const validate = createXdmAjv().compile({ type: 'object', patternProperties: { '^(a|aa)+$': { type: 'integer' } } });
    expect(validate({ [`${'a'.repeat(60)}`]: 'not an integer' })).toBe(false);
    expect(validate({ [`${'a'.repeat(60)}!`]: 'no pattern names it' })).toBe(true);
  });
});

describe('a pattern RE2 cannot run is not checked, and says why', () => {
  it.each([
    ['(\\w)\\1', /backreference/],
    ['(?<x>a)\\k<x>', /named backreference/],
    ['^(?=.*\\d).{8,}$', /lookahead/],
    ['^(?!admin)', /lookahead/],
    ['(?<=\\$)\\d+', /lookbehind/],
    ['(?<!x)y', /lookbehind/],
    ['^(?:a){1001}$', /more than 1000/],
    ['^\\p{Alphabetic}$', /Unicode property \\p\{Alphabetic\}/],
    ['^\\p{Script_Extensions=Greek}$', /Unicode property/],
  ])('%s', (pattern, reason) => {
    expect(linearPatternProblem(pattern)).toMatch(reason);
    expect(linearRegExp(pattern, 'u').test('anything at all')).toBe(true);
  });

  it('translation names no reason for what it can run', () => {
    expect(translateToRe2('^[A-Z]{2}$')).toEqual({ ok: true, source: '^[\\x{41}-\\x{5a}]{2}$' });
    expect(linearPatternProblem('^\\p{L}+$')).toBeUndefined();
  });
});

describe('unsupportedPatterns finds every pattern RE2 cannot run, by pointer, and only in keyword positions', () => {
  it('walks properties, items, combinators, definitions and patternProperties keys', () => {
    const schema = {
      type: 'object',
      properties: {
        pattern: { type: 'string', pattern: '^ok$' },
        password: { type: 'string', pattern: '^(?=.*\\d).+$' },
        'a/b~c': { type: 'array', items: { type: 'string', pattern: '(x)\\1' } },
      },
      patternProperties: { '^(?!_)': { type: 'string' }, '^x-': { type: 'string' } },
      allOf: [{ properties: { code: { pattern: '^[A-Z]{2}$' } } }, { anyOf: [{ pattern: '(?<=a)b' }] }],
      definitions: { zip: { pattern: '^\\d{5}(?!-)' } },
      enum: [{ pattern: '(?=not a schema)' }],
      'meta:altId': { pattern: '(?=annotation)' },
    };
    expect(unsupportedPatterns(schema).map(({ pointer }) => pointer)).toEqual([
      '/properties/password/pattern',
      '/properties/a~1b~0c/items/pattern',
      '/patternProperties/^(?!_)',
      '/allOf/1/anyOf/0/pattern',
      '/definitions/zip/pattern',
    ]);
  });
});

describe('ECMAScript runs only the patterns on which its backtracking is bounded', () => {
  it.each([
    ['^[A-Z]{2}$', true],
    ['^\\d{5}(-\\d{4})?$', false],
    ['^\\p{Lu}{2,3}$', true],
    ['^[a-z]?[0-9]{1,3}$', true],
    ['^a{2}?b$', true],
    ['^\\d+$', false],
    ['^(a+)+$', false],
    ['^a|b$', false],
    ['^a{1,}$', false],
    ['^[a-z]{1,100}[a-z]{1,100}$', false],
    ['^\\??\\??\\??\\??\\??\\??\\??\\??\\??\\??$', false],
    ['^[+*(|]{2}$', true],
  ])('%s: %s', (pattern, bounded) => {
    expect(backtrackingIsBounded(pattern)).toBe(bounded);
  });

  it('a chain of optional atoms is answered at once whichever engine runs it', () => {
    const pattern = `^${'\\??'.repeat(40)}${'\\?'.repeat(40)}$`;
    expect(linearRegExp(pattern, 'u').test(`${'?'.repeat(40)}!`)).toBe(false);
    expect(linearRegExp(pattern, 'u').test('?'.repeat(60))).toBe(true);
  });
});
