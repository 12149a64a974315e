import { describe, it, expect, beforeAll, afterAll, afterEach, vi } from 'vitest';
import fc from 'fast-check';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InputError, readLineBatches, splitLinesSync, type LineRecord, type ReadLinesOptions } from '../../../src/parse/index.js';

let dir: string;
let fileCount = 0;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parse-ndjson-'));
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});
afterEach(() => {
  vi.restoreAllMocks();
});

function write(content: string | Uint8Array): string {
  const file = path.join(dir, `lines-${fileCount++}.ndjson`);
  fs.writeFileSync(file, content);
  return file;
}

async function readBatches(file: string, opts?: ReadLinesOptions): Promise<LineRecord[][]> {
  const batches: LineRecord[][] = [];
  for await (const batch of readLineBatches(file, opts)) batches.push(batch);
  return batches;
}

async function readAll(file: string, opts?: ReadLinesOptions): Promise<LineRecord[]> {
  return (await readBatches(file, opts)).flat();
}

describe('reading NDJSON line by line', () => {
  it('gives each line its number, byte offset, size and text', async () => {
    const file = write('{"a":1}\n{"b":"é"}\n');
    expect(await readAll(file)).toEqual([
      { lineNumber: 1, byteOffset: 0, bytes: 7, text: '{"a":1}' },
      { lineNumber: 2, byteOffset: 8, bytes: 10, text: '{"b":"é"}' },
    ]);
  });

  it('yields one array per chunk read, not one record per await', async () => {
    const file = write('[1]\n'.repeat(50));
    const batches = await readBatches(file);
    expect(batches).toHaveLength(1);
    expect(batches[0]).toHaveLength(50);
  });

  it('an empty file has no lines', async () => {
    expect(await readAll(write(''))).toEqual([]);
  });
});

describe('CRLF line endings', () => {
  it('strip the \\r from the text and from the size', async () => {
    const file = write('{"a":1}\r\n{"b":2}\r\n');
    expect(await readAll(file)).toEqual([
      { lineNumber: 1, byteOffset: 0, bytes: 7, text: '{"a":1}' },
      { lineNumber: 2, byteOffset: 9, bytes: 7, text: '{"b":2}' },
    ]);
  });

  it('also when the \\r and \\n arrive in different chunks', async () => {
    const file = write('{"a":1}\r\n{"b":2}\r\n');
    const records = await readAll(file, { highWaterMark: 8 });
    expect(records.map((r) => r.text)).toEqual(['{"a":1}', '{"b":2}']);
  });
});

describe('blank lines', () => {
  it('are skipped but still counted', async () => {
    const file = write('\n{"a":1}\n\n   \n\t\r\n{"b":2}\n');
    const records = await readAll(file);
    expect(records.map((r) => [r.lineNumber, r.byteOffset, r.text])).toEqual([
      [2, 1, '{"a":1}'],
      [6, 17, '{"b":2}'],
    ]);
  });
});

describe('a byte order mark on line 1', () => {
  it('is stripped; the offset points after it', async () => {
    const file = write(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"a":1}\n{"b":2}')]));
    expect(await readAll(file)).toEqual([
      { lineNumber: 1, byteOffset: 3, bytes: 7, text: '{"a":1}' },
      { lineNumber: 2, byteOffset: 11, bytes: 7, text: '{"b":2}' },
    ]);
  });

  it('is stripped even when it arrives one byte per chunk', async () => {
    const file = write(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('[1]')]));
    expect(await readAll(file, { highWaterMark: 1 })).toEqual([{ lineNumber: 1, byteOffset: 3, bytes: 3, text: '[1]' }]);
  });

  it('is only a BOM at the start of the file', async () => {
    const file = write(Buffer.concat([Buffer.from('[1]\n'), Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('[2]')]));
    expect((await readAll(file))[1]).toMatchObject({ text: '\uFEFF[2]', bytes: 6 });
  });
});

describe('a line split across chunk boundaries', () => {
  it('is joined whole, with multi-byte characters cut in two put back together', async () => {
    const lines = ['{"name":"Zoë","city":"Zürich"}', '{"emoji":"😀😀"}', '[]'];
    const file = write(lines.join('\n'));
    const records = await readAll(file, { highWaterMark: 7 });
    expect(records.map((r) => r.text)).toEqual(lines);
    expect(records.map((r) => r.byteOffset)).toEqual([0, 33, 54]);
  });
});

describe('a final line without a newline', () => {
  it('is still a line', async () => {
    const file = write('{"a":1}\n{"b":2}');
    expect(await readAll(file)).toEqual([
      { lineNumber: 1, byteOffset: 0, bytes: 7, text: '{"a":1}' },
      { lineNumber: 2, byteOffset: 8, bytes: 7, text: '{"b":2}' },
    ]);
  });

  it('ending in \\r loses the \\r', async () => {
    expect((await readAll(write('[1]\r')))[0]).toMatchObject({ text: '[1]', bytes: 3 });
  });
});

describe('invalid UTF-8 in one line', () => {
  it('marks that line only, without text', async () => {
    const file = write(Buffer.concat([Buffer.from('{"a":1}\n{"b":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}\n{"c":3}\n')]));
    expect(await readAll(file)).toEqual([
      { lineNumber: 1, byteOffset: 0, bytes: 7, text: '{"a":1}' },
      { lineNumber: 2, byteOffset: 8, bytes: 10, text: null, problem: 'invalid-utf8' },
      { lineNumber: 3, byteOffset: 19, bytes: 7, text: '{"c":3}' },
    ]);
  });
});

describe('a line longer than maxLineBytes', () => {
  it('is reported with its true length and never held in memory', async () => {
    const concat = vi.spyOn(Buffer, 'concat');
    const long = `{"body":"${'x'.repeat(10_000 - 11)}"}`;
    expect(long).toHaveLength(10_000);
    const file = write(`{"a":1}\n${long}\n{"b":2}\n`);
    const records = await readAll(file, { maxLineBytes: 100, highWaterMark: 7 });
    expect(records).toEqual([
      { lineNumber: 1, byteOffset: 0, bytes: 7, text: '{"a":1}' },
      { lineNumber: 2, byteOffset: 8, bytes: 10_000, text: null, problem: 'too-long' },
      { lineNumber: 3, byteOffset: 10_009, bytes: 7, text: '{"b":2}' },
    ]);
    // The only copies the reader makes are joins of a line's pieces: none may exceed the limit.
    const joined = concat.mock.calls.map(([pieces]) => pieces.reduce((sum, piece) => sum + piece.length, 0));
    expect(joined.length).toBeGreaterThan(0);
    expect(Math.max(...joined)).toBeLessThanOrEqual(101);
  });

  it('counts exactly: maxLineBytes bytes is allowed, one more is not, a \\r does not count', async () => {
    const file = write(`${'1'.repeat(100)}\r\n${'1'.repeat(101)}\n`);
    const records = await readAll(file, { maxLineBytes: 100, highWaterMark: 16 });
    expect(records.map((r) => [r.bytes, r.problem])).toEqual([
      [100, undefined],
      [101, 'too-long'],
    ]);
  });

  it('is skipped like any blank line when it holds only whitespace, BOM or not', async () => {
    const file = write(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${' '.repeat(300)}\n[1]\n${'\t'.repeat(300)}`)]));
    expect(await readAll(file, { maxLineBytes: 100, highWaterMark: 7 })).toEqual([
      { lineNumber: 2, byteOffset: 304, bytes: 3, text: '[1]' },
    ]);
  });

  it('at the end of the file without a newline', async () => {
    const file = write(`[1]\n${'2'.repeat(500)}`);
    expect((await readAll(file, { maxLineBytes: 100, highWaterMark: 64 }))[1]).toEqual({
      lineNumber: 2,
      byteOffset: 4,
      bytes: 500,
      text: null,
      problem: 'too-long',
    });
  });
});

describe('a path that cannot be read as NDJSON', () => {
  it('a missing file is "no such file"', async () => {
    await expect(readAll(path.join(dir, 'missing.ndjson'))).rejects.toThrow(InputError);
    await expect(readAll(path.join(dir, 'missing.ndjson'))).rejects.toThrow('no such file');
  });

  it('a directory is "is a directory, not a file"', async () => {
    await expect(readAll(dir)).rejects.toThrow('is a directory, not a file');
  });

  it('nonsense options are refused', async () => {
    await expect(readAll(write('[1]'), { highWaterMark: 0 })).rejects.toThrow(RangeError);
  });
});

describe('NDJSON already in memory', () => {
  it('gives the same records as the streaming reader', () => {
    const text = '\uFEFF{"a":1}\r\n\n  \n{"b":"é"}\n[1]';
    expect(splitLinesSync(text)).toEqual([
      { lineNumber: 1, byteOffset: 3, bytes: 7, text: '{"a":1}' },
      { lineNumber: 4, byteOffset: 16, bytes: 10, text: '{"b":"é"}' },
      { lineNumber: 5, byteOffset: 27, bytes: 3, text: '[1]' },
    ]);
  });

  it('marks too-long lines', () => {
    expect(splitLinesSync(`${'x'.repeat(20)}\n[1]`, { maxLineBytes: 10 })[0]).toMatchObject({ problem: 'too-long', bytes: 20 });
  });

  it('agrees with the streaming reader for any text and any chunk size', async () => {
    const piece = fc.constantFrom('{"a":1}', '[]', 'é', '😀', ' ', '\t', '\r', '\n', '\r\n', '\n\n', 'x', '\uFEFF');
    await fc.assert(
      fc.asyncProperty(fc.array(piece, { maxLength: 30 }), fc.integer({ min: 1, max: 16 }), async (pieces, highWaterMark) => {
        const text = pieces.join('');
        const file = write(text);
        try {
          expect(await readAll(file, { highWaterMark, maxLineBytes: 12 })).toEqual(splitLinesSync(text, { maxLineBytes: 12 }));
        } finally {
          fs.rmSync(file);
        }
      }),
      { numRuns: Number(process.env.FC_NUM_RUNS ?? 200) },
    );
  });
});
