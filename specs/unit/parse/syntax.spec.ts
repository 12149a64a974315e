import { describe, it, expect } from 'vitest';
import { findSyntaxError } from '../../../src/parse/index.js';

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** The error, after checking it agrees with JSON.parse. */
function errorIn(text: string) {
  const error = findSyntaxError(text);
  expect(error === null).toBe(parses(text));
  return error;
}

describe('valid JSON', () => {
  it.each([
    '{}',
    '[]',
    '0',
    '-0.5e+10',
    '"text"',
    'null',
    ' \t\r\n{"a": [1, 2, {"b": null}], "c": "\\u00e9\\n"}\r\n',
    '{"__proto__": 1, "a": 1, "a": 2}',
    '"\u2028 and \u007f are allowed raw"',
  ])('%j has no syntax error', (text) => {
    expect(errorIn(text)).toBeNull();
  });
});

describe('truncated JSON', () => {
  it('points at the end of the input and says how many brackets are open', () => {
    const text = '{\n  "header": {\n    "schemaRef": {"id": "x"';
    expect(errorIn(text)).toEqual({
      message: 'unexpected end of input: 3 brackets still open',
      offset: text.length,
      line: 3,
      column: 28,
    });
  });

  it('says "1 bracket" for one', () => {
    expect(errorIn('[1')?.message).toBe('unexpected end of input: 1 bracket still open');
  });

  it('inside a string, says where the string starts', () => {
    const error = errorIn('{"a": "abc');
    expect(error).toMatchObject({ offset: 10, line: 1, column: 11 });
    expect(error?.message).toMatch(/end of input inside a string.*line 1, column 7/);
  });

  it('an empty or blank text holds no value', () => {
    expect(errorIn('')).toMatchObject({ offset: 0, message: expect.stringMatching(/no JSON value/) });
    expect(errorIn(' \n ')).toMatchObject({ offset: 3, line: 2, column: 2 });
  });
});

describe('trailing commas', () => {
  it("in an object: points at the comma before '}'", () => {
    expect(errorIn('{"a": 1,\n}')).toEqual({ message: "trailing comma before '}'", offset: 7, line: 1, column: 8 });
  });

  it("in an array: points at the comma before ']'", () => {
    expect(errorIn('[1, 2, ]')).toMatchObject({ message: "trailing comma before ']'", offset: 5 });
  });
});

describe('missing commas and colons', () => {
  it('after a property value', () => {
    expect(errorIn('{"a": 1\n "b": 2}')).toMatchObject({
      message: "expected ',' or '}' after a property value",
      line: 2,
      column: 2,
    });
  });

  it('after an array element', () => {
    expect(errorIn('[1 2]')?.message).toBe("expected ',' or ']' after an array element");
  });

  it('after a property name', () => {
    expect(errorIn('{"a" 1}')?.message).toBe("expected ':' after the property name");
  });

  it('two commas in a row', () => {
    expect(errorIn('[1,,2]')).toMatchObject({ message: 'two commas in a row', offset: 3 });
  });
});

describe('JavaScript that is not JSON', () => {
  it.each([
    ['{"a": 1 // note\n}', 'comments are not JSON', 8],
    ['/* header */ {}', 'comments are not JSON', 0],
    ["{'a': 1}", 'single quotes are not JSON: property names use double quotes', 1],
    ["[ 'a' ]", 'single quotes are not JSON: strings use double quotes', 2],
    ['{a: 1}', 'property names must be strings in double quotes', 1],
    ['[NaN]', 'NaN is not JSON', 1],
    ['[Infinity]', 'Infinity is not JSON', 1],
    ['[-Infinity]', '-Infinity is not JSON', 1],
    ['{"a": undefined}', 'undefined is not JSON: use null or leave the property out', 6],
    ['[True]', "'True' is not JSON: write true, false and null in lower case", 1],
    ['[+1]', "a number must not start with '+'", 1],
    ['[.5]', "a number needs a digit before the '.'", 1],
    ['[012]', "numbers must not have leading zeros: '012'", 1],
    ['[0x1F]', "hexadecimal numbers are not JSON: '0x1F'", 1],
    ['[1.]', "a number needs digits after the '.'", 3],
    ['[1e+]', 'a number needs digits after the exponent', 4],
  ])('%j: %s', (text, message, offset) => {
    expect(errorIn(text)).toMatchObject({ message, offset });
  });
});

describe('strings', () => {
  it('a raw line break inside a string', () => {
    expect(errorIn('["a\nb"]')).toMatchObject({ offset: 3, message: expect.stringMatching(/line break/) });
  });

  it('a raw control character inside a string', () => {
    expect(errorIn('["a\tb"]')).toMatchObject({ offset: 3, message: expect.stringMatching(/control character U\+0009/) });
  });

  it('an unknown escape', () => {
    expect(errorIn('["\\x"]')).toMatchObject({ offset: 2, message: "invalid escape '\\x' in a string" });
  });

  it('a short \\u escape', () => {
    expect(errorIn('["\\u12"]')).toMatchObject({ offset: 2, message: "'\\u' must be followed by four hex digits" });
  });
});

describe('brackets that do not match', () => {
  it('names the bracket that is still open and where', () => {
    expect(errorIn('{"a": [1, 2}')).toMatchObject({
      offset: 11,
      message: "'}' does not close the '[' opened at line 1, column 7",
    });
  });

  it('a closing bracket with none open', () => {
    expect(errorIn(']')?.message).toBe("unexpected ']': no bracket is open");
  });
});

describe('text after the value', () => {
  it.each(['{} {}', '[1]]', '1 2', 'null x'])('%j', (text) => {
    expect(errorIn(text)?.message).toBe('unexpected text after the JSON value');
  });

  it('a byte order mark left in the text is not whitespace', () => {
    expect(errorIn('\uFEFF{}')).toMatchObject({ offset: 0, message: expect.stringMatching(/U\+FEFF/) });
  });
});

describe('nesting 100 000 deep', () => {
  const depth = 100_000;

  it('is checked without overflowing the stack', () => {
    expect(findSyntaxError('['.repeat(depth) + ']'.repeat(depth))).toBeNull();
    expect(findSyntaxError('{"a":'.repeat(depth) + '1' + '}'.repeat(depth))).toBeNull();
  });

  it('reports every bracket left open', () => {
    expect(findSyntaxError('{"a":['.repeat(depth / 2))?.message).toBe(
      `unexpected end of input: ${depth} brackets still open`,
    );
  });
});
