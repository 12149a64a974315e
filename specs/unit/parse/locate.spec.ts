import { describe, it, expect } from 'vitest';
import { LineIndex, locatePointers, parsePointer } from '../../../src/parse/index.js';

/** Where `needle` (the n-th occurrence) starts, as the locator should report it. */
function at(text: string, needle: string, occurrence = 1) {
  let offset = -1;
  for (let k = 0; k < occurrence; k++) offset = text.indexOf(needle, offset + 1);
  if (offset === -1) throw new Error(`${needle} not in text`);
  return { ...new LineIndex(text).position(offset), offset };
}

const request = `{
  "header": {
    "schemaRef": { "id": "https://ns.adobe.com/acme/schemas/1", "contentType": "application/vnd.adobe.xed-full+json;version=1" },
    "imsOrgId": "ORG@AdobeOrg"
  },
  "messages": [
    { "header": {}, "body": { "xdmEntity": { "timestamp": "2024-01-01T00:00:00Z" } } },
    { "header": {} },
    { "header": {}, "body": { "xdmEntity": { "timestamp": 17 } } }
  ]
}`;

describe('a pointer to a value that exists', () => {
  it('locates the start of the value, not its key', () => {
    const found = locatePointers(request, ['/messages/2/body/xdmEntity/timestamp', '/header/imsOrgId']);
    expect(found.get('/messages/2/body/xdmEntity/timestamp')).toEqual(at(request, '17'));
    expect(found.get('/header/imsOrgId')).toEqual(at(request, '"ORG@AdobeOrg"'));
  });

  it('locates containers at their opening bracket', () => {
    const found = locatePointers(request, ['/messages', '/messages/1', '/header/schemaRef']);
    expect(found.get('/messages')).toEqual(at(request, '['));
    expect(found.get('/messages/1')).toEqual(at(request, '{ "header": {} }'));
    expect(found.get('/header/schemaRef')).toEqual(at(request, '{ "id"'));
  });

  it('"" is the whole document', () => {
    expect(locatePointers('  \n [1]', ['']).get('')).toEqual({ line: 2, column: 2, offset: 4 });
  });

  it('answers every pointer asked, including repeats in the list', () => {
    const found = locatePointers(request, ['/header', '/header', '/messages/0/header']);
    expect([...found.keys()].sort()).toEqual(['/header', '/messages/0/header']);
  });
});

describe('a pointer to a value that does not exist', () => {
  it('points at the deepest ancestor that does: a missing body points at its message', () => {
    const found = locatePointers(request, ['/messages/1/body', '/messages/1/body/xdmEntity/timestamp']);
    expect(found.get('/messages/1/body')).toEqual(at(request, '{ "header": {} }'));
    expect(found.get('/messages/1/body/xdmEntity/timestamp')).toEqual(at(request, '{ "header": {} }'));
  });

  it('an index past the end, or "-", points at the array', () => {
    const found = locatePointers(request, ['/messages/3', '/messages/-']);
    expect(found.get('/messages/3')).toEqual(at(request, '['));
    expect(found.get('/messages/-')).toEqual(at(request, '['));
  });

  it('an index into an object, or a key into a scalar, stops at the container', () => {
    const found = locatePointers('{"a": {"0": 1}, "s": "x"}', ['/a/0', '/a/1', '/s/length']);
    expect(found.get('/a/0')?.offset).toBe(12);
    expect(found.get('/a/1')?.offset).toBe(6);
    expect(found.get('/s/length')?.offset).toBe(21);
  });

  it('array indices with leading zeros are not indices', () => {
    expect(locatePointers('[10, 20]', ['/01']).get('/01')?.offset).toBe(0);
  });

  it('leaves out pointers that are not RFC 6901 pointers, and everything when there is no value', () => {
    expect(locatePointers('{"a":1}', ['a', '/a~2']).size).toBe(0);
    expect(locatePointers('   ', ['', '/a']).size).toBe(0);
  });
});

describe('escaped pointers (~0 and ~1)', () => {
  const text = '{"a/b": 1, "m~n": 2, "~1": 3, "": 4, " ": 5}';

  it('~1 is "/" and ~0 is "~"', () => {
    const found = locatePointers(text, ['/a~1b', '/m~0n']);
    expect(found.get('/a~1b')?.offset).toBe(text.indexOf('1'));
    expect(found.get('/m~0n')?.offset).toBe(text.indexOf('2'));
  });

  it('~01 is the key "~1", not "/"', () => {
    expect(parsePointer('/~01')).toEqual(['~1']);
    expect(locatePointers(text, ['/~01']).get('/~01')?.offset).toBe(text.indexOf('3'));
  });

  it('"/" is the empty key, and spaces are keys like any other', () => {
    const found = locatePointers(text, ['/', '/ ']);
    expect(found.get('/')?.offset).toBe(text.indexOf('4'));
    expect(found.get('/ ')?.offset).toBe(text.indexOf('5'));
  });

  it('keys written with JSON escapes match their decoded form', () => {
    const escaped = '{"\\u0041\\/b": true}';
    expect(locatePointers(escaped, ['/A~1b']).get('/A~1b')?.offset).toBe(escaped.indexOf('true'));
  });
});

describe('__proto__ keys', () => {
  it('are ordinary keys', () => {
    const text = '{"__proto__": {"polluted": 1}, "constructor": 2, "toString": 3}';
    const found = locatePointers(text, ['/__proto__/polluted', '/constructor', '/toString', '/hasOwnProperty']);
    expect(found.get('/__proto__/polluted')?.offset).toBe(text.indexOf('1'));
    expect(found.get('/constructor')?.offset).toBe(text.indexOf('2'));
    expect(found.get('/toString')?.offset).toBe(text.indexOf('3'));
    expect(found.get('/hasOwnProperty')?.offset).toBe(0);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('duplicate keys', () => {
  it('the last occurrence wins, as in JSON.parse', () => {
    const text = '{"id": "first", "id": "second"}';
    expect(JSON.parse(text).id).toBe('second');
    expect(locatePointers(text, ['/id']).get('/id')?.offset).toBe(text.indexOf('"second"'));
  });

  it('a value only under the replaced duplicate falls back to the surviving one', () => {
    const text = '{"body": {"a": 1}, "body": {"b": 2}}';
    const found = locatePointers(text, ['/body/a', '/body/b']);
    expect(found.get('/body/a')?.offset).toBe(text.indexOf('{"b"'));
    expect(found.get('/body/b')?.offset).toBe(text.indexOf('2'));
  });

  it('a duplicate deep inside an array element', () => {
    const text = '[{"x": 1, "x": 2}, {"x": 3}]';
    const found = locatePointers(text, ['/0/x', '/1/x']);
    expect(found.get('/0/x')?.offset).toBe(text.indexOf('2'));
    expect(found.get('/1/x')?.offset).toBe(text.indexOf('3'));
  });
});

describe('locating inside one line of an NDJSON file', () => {
  it('shifts lines and offsets by the line the record is on', () => {
    const line = '{"header": {}, "body": {"id": 7}}';
    const found = locatePointers(line, ['/body/id'], { baseLine: 12, baseOffset: 1000 });
    expect(found.get('/body/id')).toEqual({ line: 12, column: line.indexOf('7') + 1, offset: 1000 + line.indexOf('7') });
  });
});

describe('text that is not JSON', () => {
  it('locates what it can before the error', () => {
    const found = locatePointers('{"a": 1, "b": [1, 2 oops', ['/a', '/b/1', '/b/5']);
    expect(found.get('/a')?.offset).toBe(6);
    expect(found.get('/b/1')?.offset).toBe(18);
    expect(found.get('/b/5')?.offset).toBe(14);
  });
});

describe('nesting 100 000 deep', () => {
  const depth = 100_000;

  it('locates in deep arrays without overflowing the stack', () => {
    const text = '['.repeat(depth) + '1' + ']'.repeat(depth);
    const found = locatePointers(text, ['/0'.repeat(depth), '/0'.repeat(10), '/0'.repeat(depth - 1) + '/1']);
    expect(found.get('/0'.repeat(depth))?.offset).toBe(depth);
    expect(found.get('/0'.repeat(10))?.offset).toBe(10);
    expect(found.get('/0'.repeat(depth - 1) + '/1')?.offset).toBe(depth - 1);
  });

  it('locates in deep objects without overflowing the stack', () => {
    const text = '{"a":'.repeat(depth) + '"leaf"' + '}'.repeat(depth);
    const deepest = '/a'.repeat(depth);
    const found = locatePointers(text, [deepest, `${deepest}/missing`]);
    expect(found.get(deepest)?.offset).toBe(5 * depth);
    expect(found.get(`${deepest}/missing`)?.offset).toBe(5 * depth);
  });
});
