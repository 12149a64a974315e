/**
 * JSON Schema `pattern` and `patternProperties` on a linear-time engine.
 *
 * A world's XDM schemas come from users' tenants, so a pattern is untrusted input: ECMAScript's
 * backtracking `RegExp` takes exponential time on `^(a+)+$` against `aaaa…!`, and one such message would
 * stall pre-flight and every client of `serve`. re2js (a pure-JavaScript port of RE2) matches in time
 * linear in the input, for any pattern it accepts.
 *
 * JSON Schema says patterns are ECMA-262 regular expressions, and ajv runs them with the `u` flag. RE2's
 * syntax differs, so each pattern is first checked by ECMAScript's parser (compiling only, never matching:
 * a pattern ECMAScript refuses stays a schema error, as before) and then rewritten, atom by atom, into RE2
 * syntax with ECMAScript's meaning:
 * - `.` excludes the four ECMAScript line terminators (RE2's excludes only `\n`);
 * - `\s`/`\S` are ECMAScript's white space and line terminators (RE2's `\s` is ASCII only);
 * - `\uXXXX`, `\u{…}`, `\xHH`, `\cX`, `\0` and literal characters become `\x{…}` code points;
 * - `\p{…}`: general categories by short or long name (`L`, `Letter`, `gc=Lu`), scripts (`sc=Greek`),
 *   `Any` and `ASCII`; `\d`, `\w`, `\b` are ASCII in both.
 * What RE2 cannot run in linear time (backreferences, lookahead, lookbehind, a repeat count above 1000,
 * other Unicode properties) is `unsupported`, with the reason.
 */
import { RE2JS } from 're2js';

export type Re2Translation = { ok: true; source: string } | { ok: false; reason: string };

/** Something with a `test` method, as ajv calls a compiled pattern. */
export interface PatternTester {
  test(value: string): boolean;
}

/** ECMAScript's WhiteSpace and LineTerminator code points: what `\s` matches with the `u` flag. */
const WHITE_SPACE: readonly (readonly [number, number])[] = [
  [0x09, 0x0d],
  [0x20, 0x20],
  [0xa0, 0xa0],
  [0x1680, 0x1680],
  [0x2000, 0x200a],
  [0x2028, 0x2029],
  [0x202f, 0x202f],
  [0x205f, 0x205f],
  [0x3000, 0x3000],
  [0xfeff, 0xfeff],
];
const MAX_CODE_POINT = 0x10ffff;

const GENERAL_CATEGORIES: Record<string, string> = {
  Other: 'C', Control: 'Cc', cntrl: 'Cc', Format: 'Cf', Unassigned: 'Cn', Private_Use: 'Co', Surrogate: 'Cs',
  Letter: 'L', Cased_Letter: 'LC', Lowercase_Letter: 'Ll', Modifier_Letter: 'Lm', Other_Letter: 'Lo',
  Titlecase_Letter: 'Lt', Uppercase_Letter: 'Lu', Mark: 'M', Combining_Mark: 'M', Spacing_Mark: 'Mc',
  Enclosing_Mark: 'Me', Nonspacing_Mark: 'Mn', Number: 'N', Decimal_Number: 'Nd', digit: 'Nd',
  Letter_Number: 'Nl', Other_Number: 'No', Punctuation: 'P', punct: 'P', Connector_Punctuation: 'Pc',
  Dash_Punctuation: 'Pd', Close_Punctuation: 'Pe', Final_Punctuation: 'Pf', Initial_Punctuation: 'Pi',
  Other_Punctuation: 'Po', Open_Punctuation: 'Ps', Symbol: 'S', Currency_Symbol: 'Sc', Modifier_Symbol: 'Sk',
  Math_Symbol: 'Sm', Other_Symbol: 'So', Separator: 'Z', Line_Separator: 'Zl', Paragraph_Separator: 'Zp',
  Space_Separator: 'Zs',
};
const SHORT_CATEGORIES = new Set(Object.values(GENERAL_CATEGORIES));

function hex(cp: number): string {
  return `\\x{${cp.toString(16)}}`;
}

function rangesText(ranges: readonly (readonly [number, number])[]): string {
  return ranges.map(([lo, hi]) => (lo === hi ? hex(lo) : `${hex(lo)}-${hex(hi)}`)).join('');
}

function complement(ranges: readonly (readonly [number, number])[]): [number, number][] {
  const out: [number, number][] = [];
  let next = 0;
  for (const [lo, hi] of ranges) {
    if (lo > next) out.push([next, lo - 1]);
    next = hi + 1;
  }
  if (next <= MAX_CODE_POINT) out.push([next, MAX_CODE_POINT]);
  return out;
}

const ANY_CHAR = `[${hex(0)}-${hex(MAX_CODE_POINT)}]`;
const NO_CHAR = `[^${hex(0)}-${hex(MAX_CODE_POINT)}]`;
const DOT = `[^${hex(0x0a)}${hex(0x0d)}${hex(0x2028)}${hex(0x2029)}]`;

class Unsupported extends Error {}

/** A class item: the text RE2 reads inside brackets, and whether it is one code point (a range end). */
type ClassItem = { text: string; codePoint?: number; bare?: true };

/**
 * Rewrites an ECMAScript pattern (read with the `u` flag) into RE2 syntax with the same meaning, or says
 * why it cannot be. The pattern must already be one ECMAScript accepts.
 */
export function translateToRe2(pattern: string): Re2Translation {
  try {
    return { ok: true, source: new Translator(pattern).pattern() };
  } catch (error) {
    if (error instanceof Unsupported) return { ok: false, reason: error.message };
    throw error;
  }
}

class Translator {
  private readonly cps: number[];
  private at = 0;

  constructor(source: string) {
    this.cps = Array.from(source, (c) => c.codePointAt(0)!);
  }

  pattern(): string {
    let out = '';
    while (this.at < this.cps.length) out += this.atom();
    return out;
  }

  private peek(offset = 0): number | undefined {
    return this.cps[this.at + offset];
  }

  private char(offset = 0): string {
    const cp = this.peek(offset);
    return cp === undefined ? '' : String.fromCodePoint(cp);
  }

  private atom(): string {
    const c = this.char();
    this.at++;
    switch (c) {
      case '\\':
        return this.escapeOutsideClass();
      case '[':
        return this.characterClass();
      case '(':
        return this.group();
      case '.':
        return DOT;
      case ')':
      case '|':
      case '^':
      case '$':
      case '*':
      case '+':
      case '?':
        return c;
      case '{':
        return this.braceQuantifier();
      default:
        return literal(this.cps[this.at - 1]!);
    }
  }

  private braceQuantifier(): string {
    let text = '{';
    while (this.at < this.cps.length && this.char() !== '}') {
      text += this.char();
      this.at++;
    }
    this.at++;
    return `${text}}`;
  }

  private group(): string {
    if (this.char() !== '?') return '(?:'; // captures do not matter to a test
    const next = this.char(1);
    if (next === ':') {
      this.at += 2;
      return '(?:';
    }
    if (next === '=' || next === '!') throw new Unsupported('it uses a lookahead ((?= or (?!), which no linear-time engine runs');
    if (next === '<' && (this.char(2) === '=' || this.char(2) === '!')) {
      throw new Unsupported('it uses a lookbehind ((?<= or (?<!), which no linear-time engine runs in general');
    }
    if (next === '<') {
      // A named group: the name matters only to \k<name>, which is refused below.
      while (this.at < this.cps.length && this.char() !== '>') this.at++;
      this.at++;
      return '(?:';
    }
    throw new Unsupported(`it uses the group syntax (?${next}, which RE2 does not read the same way`);
  }

  /** `\X` outside brackets. */
  private escapeOutsideClass(): string {
    const c = this.char();
    if (c === 'b' || c === 'B') {
      this.at++;
      return `\\${c}`;
    }
    if (/^[1-9]$/.test(c)) throw new Unsupported(`it uses a backreference (\\${c}), which no linear-time engine runs`);
    if (c === 'k') throw new Unsupported('it uses a named backreference (\\k<…>), which no linear-time engine runs');
    const item = this.classEscape();
    if (item.codePoint !== undefined) return item.text;
    if (item.text === '') return NO_CHAR; // \P{Any}
    return item.bare ? item.text : `[${item.text}]`;
  }

  /**
   * An escape that may stand inside brackets: a code point (`codePoint` set), or a set of code points as
   * RE2 class-body text (`\d`, `\p{L}` or ranges).
   */
  private classEscape(): ClassItem {
    const c = this.char();
    this.at++;
    switch (c) {
      case 'd':
      case 'D':
      case 'w':
      case 'W':
        return { text: `\\${c}`, bare: true };
      case 's':
        return { text: rangesText(WHITE_SPACE) };
      case 'S':
        return { text: rangesText(complement(WHITE_SPACE)) };
      case 't':
        return codePoint(0x09);
      case 'n':
        return codePoint(0x0a);
      case 'v':
        return codePoint(0x0b);
      case 'f':
        return codePoint(0x0c);
      case 'r':
        return codePoint(0x0d);
      case '0':
        return codePoint(0);
      case 'c': {
        const letter = this.peek()!;
        this.at++;
        return codePoint(letter % 32);
      }
      case 'x': {
        const value = Number.parseInt(this.char() + this.char(1), 16);
        this.at += 2;
        return codePoint(value);
      }
      case 'u':
        return codePoint(this.unicodeEscape());
      case 'p':
      case 'P':
        return this.property(c === 'P');
      default:
        // An identity escape: with the `u` flag, only syntax characters, `/` and (in brackets) `-`.
        return codePoint(this.cps[this.at - 1]!);
    }
  }

  /** After `\u`: `{…}`, or four hex digits, with a following `\uDC00`-`\uDFFF` joined to its lead surrogate. */
  private unicodeEscape(): number {
    if (this.char() === '{') {
      let digits = '';
      this.at++;
      while (this.char() !== '}') {
        digits += this.char();
        this.at++;
      }
      this.at++;
      return Number.parseInt(digits, 16);
    }
    const read4 = (from: number): number => Number.parseInt(this.cps.slice(from, from + 4).map((cp) => String.fromCodePoint(cp)).join(''), 16);
    const value = read4(this.at);
    this.at += 4;
    if (value >= 0xd800 && value <= 0xdbff && this.char() === '\\' && this.char(1) === 'u' && /^[0-9a-fA-F]{4}$/.test(this.cps.slice(this.at + 2, this.at + 6).map((cp) => String.fromCodePoint(cp)).join(''))) {
      const trail = read4(this.at + 2);
      if (trail >= 0xdc00 && trail <= 0xdfff) {
        this.at += 6;
        return 0x10000 + ((value - 0xd800) << 10) + (trail - 0xdc00);
      }
    }
    return value;
  }

  /** `\p{…}` / `\P{…}` as RE2 class-body text. */
  private property(negated: boolean): ClassItem {
    let body = '';
    this.at++; // {
    while (this.char() !== '}') {
      body += this.char();
      this.at++;
    }
    this.at++;
    const [key, value] = body.includes('=') ? body.split('=', 2) as [string, string] : [undefined, body];
    let name: string | undefined;
    if (key === 'gc' || key === 'General_Category') name = GENERAL_CATEGORIES[value] ?? (SHORT_CATEGORIES.has(value) ? value : undefined);
    else if (key === 'sc' || key === 'Script') name = value;
    else if (key === undefined) {
      if (value === 'ASCII') return { text: rangesText(negated ? [[0x80, MAX_CODE_POINT]] : [[0, 0x7f]]) };
      if (value === 'Any') return { text: negated ? '' : rangesText([[0, MAX_CODE_POINT]]) };
      name = GENERAL_CATEGORIES[value] ?? (SHORT_CATEGORIES.has(value) ? value : undefined);
    }
    if (name === undefined) throw new Unsupported(`it uses the Unicode property \\${negated ? 'P' : 'p'}{${body}}, which RE2 does not have`);
    return { text: `\\${negated ? 'P' : 'p'}{${name}}`, bare: true };
  }

  private characterClass(): string {
    let negated = false;
    if (this.char() === '^') {
      negated = true;
      this.at++;
    }
    const items: string[] = [];
    while (this.at < this.cps.length && this.char() !== ']') {
      const start = this.classAtom();
      if (start.codePoint !== undefined && this.char() === '-' && this.char(1) !== ']' && this.char(1) !== '') {
        this.at++;
        const end = this.classAtom();
        items.push(`${start.text}-${end.text}`);
      } else {
        items.push(start.text);
      }
    }
    this.at++; // ]
    const body = items.join('');
    // RE2 has no empty class: [] matches nothing and [^] any character, as in ECMAScript.
    if (body === '') return negated ? ANY_CHAR : NO_CHAR;
    return `[${negated ? '^' : ''}${body}]`;
  }

  private classAtom(): ClassItem {
    const c = this.char();
    this.at++;
    if (c === '\\') {
      if (this.char() === 'b') {
        this.at++;
        return codePoint(0x08); // [\b] is a backspace
      }
      return this.classEscape();
    }
    return codePoint(this.cps[this.at - 1]!);
  }
}

function codePoint(cp: number): ClassItem {
  return { text: hex(cp), codePoint: cp };
}

function literal(cp: number): string {
  return (cp >= 0x30 && cp <= 0x39) || (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a) ? String.fromCodePoint(cp) : hex(cp);
}

/** Why a pattern cannot run on the linear-time engine; undefined when it can. Throws when ECMAScript refuses it. */
export function linearPatternProblem(pattern: string, flags = 'u'): string | undefined {
  const compiled = compileLinear(pattern, flags);
  return compiled.ok ? undefined : compiled.reason;
}

type Compiled = { ok: true; tester: PatternTester } | { ok: false; reason: string };

/** The most backtracking choices per start position a pattern may have to run on ECMAScript's engine. */
const MAX_CHOICES = 1000;

/**
 * True when ECMAScript's backtracking engine is itself bounded on this pattern: no group, no alternation,
 * no unbounded quantifier (`*`, `+`, `{n,}`), and the bounded ones (`?`, `{n,m}`) multiply to at most
 * MAX_CHOICES choices per start position, so the work is linear in the value's length. Most XDM patterns
 * (`^[A-Z]{2}$`, `^\d{5}$`) are such, and RegExp runs them several times faster than re2js.
 */
export function backtrackingIsBounded(pattern: string): boolean {
  let choices = 1;
  /** The token before was a quantifier: a `?` now makes it lazy and adds no choice. */
  let afterQuantifier = false;
  for (let at = 0; at < pattern.length; at++) {
    const c = pattern[at];
    if (c === '(' || c === '|' || c === '*' || c === '+') return false;
    if (c === '?') {
      if (!afterQuantifier) choices *= 2;
      afterQuantifier = !afterQuantifier;
    } else if (c === '{') {
      const bound = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(at));
      if (bound === null) return false;
      if (bound[2] !== undefined) {
        if (bound[3] === '') return false;
        choices *= Number(bound[3]) - Number(bound[1]) + 1;
      }
      at += bound[0].length - 1;
      afterQuantifier = true;
    } else {
      afterQuantifier = false;
      if (c === '\\') {
        const next = pattern[at + 1];
        at++;
        // \p{…}, \P{…}, \u{…}: the braces are the escape's, not a quantifier.
        if ((next === 'p' || next === 'P' || next === 'u') && pattern[at + 1] === '{') at = pattern.indexOf('}', at);
        if (at === -1) return false;
      } else if (c === '[') {
        for (at++; at < pattern.length && pattern[at] !== ']'; at++) if (pattern[at] === '\\') at++;
      }
    }
    if (choices > MAX_CHOICES) return false;
  }
  return true;
}

const cache = new Map<string, Compiled>();
const CACHE_LIMIT = 4096;

/**
 * The linear-time tester for an ECMAScript pattern. Throws a SyntaxError, as `new RegExp` does, when
 * ECMAScript refuses the pattern; returns `ok: false` with the reason when RE2 cannot run it.
 */
function compileLinear(pattern: string, flags: string): Compiled {
  const key = `${flags}/${pattern}`;
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  // ECMAScript's parser decides what a valid pattern is; compiling a RegExp never runs it.
  new RegExp(pattern, flags);
  let compiled: Compiled;
  const translation = translateToRe2(pattern);
  if (translation.ok && backtrackingIsBounded(pattern)) compiled = { ok: true, tester: new RegExp(pattern, flags) };
  else if (!translation.ok) compiled = translation;
  else {
    try {
      compiled = { ok: true, tester: RE2JS.compile(translation.source) };
    } catch (error) {
      const message = error instanceof Error ? error.message.replace(/^error parsing regexp: /, '') : String(error);
      compiled = { ok: false, reason: /repeat count/.test(message) ? 'it repeats more than 1000 times ({n,m} above 1000), more than RE2 allows' : `RE2 cannot read it: ${message}` };
    }
  }
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, compiled);
  return compiled;
}

/** What the harness does with a pattern it cannot run in linear time: it does not check it. */
const NOT_CHECKED: PatternTester = { test: () => true };

/**
 * ajv's `code.regExp` engine: every `pattern` and `patternProperties` key runs on re2js. A pattern RE2
 * cannot run is not checked (every value passes it); world loading names each such pattern once.
 */
export function linearRegExp(pattern: string, flags: string): PatternTester {
  const compiled = compileLinear(pattern, flags);
  return compiled.ok ? compiled.tester : NOT_CHECKED;
}
// ajv keys compiled patterns by `code` in standalone output; the harness never emits standalone code.
linearRegExp.code = 'linearRegExp';
