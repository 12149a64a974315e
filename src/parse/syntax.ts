/**
 * The first place a text stops being strict JSON (RFC 8259), in words a payload author understands.
 *
 * Promise: `findSyntaxError(text) === null` exactly when `JSON.parse(text)` succeeds
 * (pinned by a property spec). jsonc-parser's scanner tokenizes; the grammar is checked here with an
 * explicit stack because the library's parse/visit recurse and overflow on deeply nested input.
 *
 * Cost is one scan of the text; callers on a hot path should try JSON.parse first and only
 * come here to explain a failure.
 */
import { createScanner } from 'jsonc-parser';
import { positionAt } from './lines.js';
import { ScanError, Token } from './tokens.js';

export interface SyntaxErrorLocation {
  message: string;
  /** UTF-16 offset in the text; equals the text's length when the input ended too early. */
  offset: number;
  line: number;
  column: number;
}

/** What the grammar allows next. */
const enum Expect {
  TopValue,
  ValueAfterColon,
  FirstElementOrClose,
  ElementAfterComma,
  FirstKeyOrClose,
  KeyAfterComma,
  Colon,
  CommaOrClose,
  End,
}

const OBJECT = 0;
const ARRAY = 1;

class Failure {
  constructor(
    readonly message: string,
    readonly offset: number,
  ) {}
}

export function findSyntaxError(text: string): SyntaxErrorLocation | null {
  const failure = check(text);
  if (failure === null) return null;
  const { line, column } = positionAt(text, failure.offset);
  return { message: failure.message, offset: failure.offset, line, column };
}

function check(text: string): Failure | null {
  const scanner = createScanner(text, false);
  // 0 = object, 1 = array; a number array because nesting may be 100 000 deep and frames must be cheap.
  const open: number[] = [];
  const openedAt: number[] = [];
  let expect = Expect.TopValue;
  let lastComma = -1;
  // End of the last number token, to explain `012`, `0x1F` or `1.2.3` as one malformed number.
  let numberEnd = -1;
  let numberStart = -1;

  const afterValue = (): Expect => (open.length === 0 ? Expect.End : Expect.CommaOrClose);

  for (;;) {
    const token = scanner.scan() as number;
    const offset = scanner.getTokenOffset();
    if (token === Token.Whitespace || token === Token.LineBreak) continue;
    if (token === Token.LineComment || token === Token.BlockComment) return new Failure('comments are not JSON', offset);
    if (token === Token.EOF) {
      if (open.length > 0) {
        const n = open.length;
        return new Failure(`unexpected end of input: ${n} ${n === 1 ? 'bracket' : 'brackets'} still open`, text.length);
      }
      if (expect === Expect.End) return null;
      return new Failure('unexpected end of input: the text holds no JSON value', text.length);
    }

    const malformedNumber = offset === numberEnd ? describeAdjacentToNumber(text, numberStart, scanner.getPosition(), token) : null;
    if (malformedNumber !== null) return new Failure(malformedNumber, numberStart);

    if (token === Token.String) {
      const stringError = scanner.getTokenError() as number;
      if (stringError !== ScanError.None) return explainString(text, offset);
    }
    if (token === Token.Number && (scanner.getTokenError() as number) !== ScanError.None) {
      const end = scanner.getPosition();
      const where = /[eE]/.test(text.slice(offset, end)) ? 'after the exponent' : "after the '.'";
      return new Failure(`a number needs digits ${where}`, end);
    }
    if (token === Token.Unknown && text.charCodeAt(offset) === 0x27) {
      const subject = expect === Expect.FirstKeyOrClose || expect === Expect.KeyAfterComma ? 'property names' : 'strings';
      return new Failure(`single quotes are not JSON: ${subject} use double quotes`, offset);
    }

    switch (expect) {
      case Expect.TopValue:
      case Expect.ValueAfterColon:
      case Expect.FirstElementOrClose:
      case Expect.ElementAfterComma: {
        if (token === Token.OpenBrace || token === Token.OpenBracket) {
          open.push(token === Token.OpenBrace ? OBJECT : ARRAY);
          openedAt.push(offset);
          expect = token === Token.OpenBrace ? Expect.FirstKeyOrClose : Expect.FirstElementOrClose;
          continue;
        }
        if (isScalar(token)) {
          if (token === Token.Number) {
            numberStart = offset;
            numberEnd = scanner.getPosition();
          }
          expect = afterValue();
          continue;
        }
        if (token === Token.CloseBracket && expect === Expect.FirstElementOrClose) {
          closeContainer(open, openedAt);
          expect = afterValue();
          continue;
        }
        if (token === Token.CloseBracket && expect === Expect.ElementAfterComma) {
          return new Failure("trailing comma before ']'", lastComma);
        }
        if (token === Token.CloseBrace || token === Token.CloseBracket) {
          const mismatch = describeMismatch(text, open, openedAt, token);
          if (mismatch !== null) return new Failure(mismatch, offset);
        }
        if (token === Token.Comma && expect === Expect.ElementAfterComma) return new Failure('two commas in a row', offset);
        if (token === Token.Unknown) return new Failure(describeUnknownValue(text, offset, scanner.getTokenValue()), offset);
        return new Failure(expectedValueMessage(expect), offset);
      }

      case Expect.FirstKeyOrClose:
      case Expect.KeyAfterComma: {
        if (token === Token.String) {
          expect = Expect.Colon;
          continue;
        }
        if (token === Token.CloseBrace && expect === Expect.FirstKeyOrClose) {
          closeContainer(open, openedAt);
          expect = afterValue();
          continue;
        }
        if (token === Token.CloseBrace) return new Failure("trailing comma before '}'", lastComma);
        if (token === Token.Comma && expect === Expect.KeyAfterComma) return new Failure('two commas in a row', offset);
        if (token === Token.CloseBracket) {
          const mismatch = describeMismatch(text, open, openedAt, token);
          if (mismatch !== null) return new Failure(mismatch, offset);
        }
        if (token === Token.Unknown || isScalar(token)) return new Failure('property names must be strings in double quotes', offset);
        return new Failure(
          expect === Expect.FirstKeyOrClose
            ? "expected a property name in double quotes or '}'"
            : "expected a property name in double quotes after ','",
          offset,
        );
      }

      case Expect.Colon:
        if (token === Token.Colon) {
          expect = Expect.ValueAfterColon;
          continue;
        }
        return new Failure("expected ':' after the property name", offset);

      case Expect.CommaOrClose: {
        const inObject = open[open.length - 1] === OBJECT;
        if (token === Token.Comma) {
          lastComma = offset;
          expect = inObject ? Expect.KeyAfterComma : Expect.ElementAfterComma;
          continue;
        }
        if ((token === Token.CloseBrace && inObject) || (token === Token.CloseBracket && !inObject)) {
          closeContainer(open, openedAt);
          expect = afterValue();
          continue;
        }
        if (token === Token.CloseBrace || token === Token.CloseBracket) {
          const mismatch = describeMismatch(text, open, openedAt, token);
          if (mismatch !== null) return new Failure(mismatch, offset);
        }
        return new Failure(
          inObject ? "expected ',' or '}' after a property value" : "expected ',' or ']' after an array element",
          offset,
        );
      }

      case Expect.End:
        return new Failure('unexpected text after the JSON value', offset);
    }
  }
}

function isScalar(token: number): boolean {
  return (
    token === Token.String ||
    token === Token.Number ||
    token === Token.True ||
    token === Token.False ||
    token === Token.Null
  );
}

function closeContainer(open: number[], openedAt: number[]): void {
  open.pop();
  openedAt.pop();
}

function expectedValueMessage(expect: Expect): string {
  switch (expect) {
    case Expect.ValueAfterColon:
      return "expected a value after ':'";
    case Expect.FirstElementOrClose:
      return "expected a value or ']'";
    case Expect.ElementAfterComma:
      return "expected a value after ','";
    default:
      return 'expected a JSON value';
  }
}

function describeMismatch(text: string, open: number[], openedAt: number[], token: number): string | null {
  const closing = token === Token.CloseBrace ? "'}'" : "']'";
  if (open.length === 0) return `unexpected ${closing}: no bracket is open`;
  const top = open[open.length - 1];
  if ((top === OBJECT) === (token === Token.CloseBrace)) return null;
  const opener = top === OBJECT ? "'{'" : "'['";
  const { line, column } = positionAt(text, openedAt[openedAt.length - 1]!);
  return `${closing} does not close the ${opener} opened at line ${line}, column ${column}`;
}

function describeAdjacentToNumber(text: string, numberStart: number, tokenEnd: number, token: number): string | null {
  if (token !== Token.Number && token !== Token.Unknown) return null;
  const written = text.slice(numberStart, Math.min(tokenEnd, numberStart + 40));
  if (token === Token.Number && /^-?0[0-9]/.test(written)) return `numbers must not have leading zeros: '${written}'`;
  if (/^-?0[xX]/.test(written)) return `hexadecimal numbers are not JSON: '${written}'`;
  return `malformed number '${written}'`;
}

const KEYWORDS = new Set(['true', 'false', 'null']);

function describeUnknownValue(text: string, offset: number, word: string): string {
  if (word === '-') {
    return text.startsWith('Infinity', offset + 1) ? '-Infinity is not JSON' : "a '-' must be followed by a digit";
  }
  if (word === 'NaN' || word === 'Infinity') return `${word} is not JSON`;
  if (word === 'undefined') return 'undefined is not JSON: use null or leave the property out';
  if (KEYWORDS.has(word.toLowerCase())) return `'${word}' is not JSON: write true, false and null in lower case`;
  if (word.startsWith('+')) return "a number must not start with '+'";
  if (word.startsWith('.')) return "a number needs a digit before the '.'";
  if (word === '/') return "unexpected '/'";
  const code = word.codePointAt(0) ?? 0;
  if (code < 0x20 || code > 0x7e) return `unexpected character ${describeCharacter(code)}`;
  if (/^[A-Za-z_$][\w$]*$/.test(word)) return `unexpected word '${word}': strings must be in double quotes`;
  return `unexpected text '${word.length > 30 ? `${word.slice(0, 30)}…` : word}'`;
}

const NAMED_CHARACTERS: Record<number, string> = {
  0xfeff: 'a byte order mark',
  0xa0: 'a no-break space',
  0x2028: 'a line separator',
  0x2029: 'a paragraph separator',
  0x0b: 'a vertical tab',
  0x0c: 'a form feed',
  0x00: 'a NUL byte',
};

function describeCharacter(code: number): string {
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  const name = NAMED_CHARACTERS[code];
  return name === undefined ? hex : `${hex} (${name})`;
}

/** The scanner says the string is bad but not where; find the first offending code unit. */
function explainString(text: string, start: number): Failure {
  const length = text.length;
  let at = start + 1;
  while (at < length) {
    const code = text.charCodeAt(at);
    if (code === 0x22) break;
    if (code === 0x5c) {
      if (at + 1 >= length) break;
      const escaped = text.charCodeAt(at + 1);
      if (escaped === 0x75) {
        if (!/^[0-9A-Fa-f]{4}$/.test(text.slice(at + 2, at + 6))) {
          return new Failure("'\\u' must be followed by four hex digits", at);
        }
        at += 6;
        continue;
      }
      if ('"\\/bfnrt'.includes(String.fromCharCode(escaped))) {
        at += 2;
        continue;
      }
      return new Failure(`invalid escape '\\${String.fromCodePoint(text.codePointAt(at + 1)!)}' in a string`, at);
    }
    if (code === 0x0a || code === 0x0d) {
      return new Failure("unterminated string: a line break cannot appear inside a string (write \\n)", at);
    }
    if (code < 0x20) {
      return new Failure(`control character ${describeCharacter(code)} inside a string: escape it as \\u${code.toString(16).padStart(4, '0')}`, at);
    }
    at++;
  }
  if (at < length) return new Failure('invalid string', start);
  const { line, column } = positionAt(text, start);
  return new Failure(`unexpected end of input inside a string (it starts at line ${line}, column ${column})`, length);
}
