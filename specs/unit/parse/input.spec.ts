import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { InputError, decodeUtf8, findUtf8Fault, readInputFile } from '../../../src/parse/index.js';
import { describeFsError } from '../../../src/parse/input.js';

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parse-input-'));
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function write(name: string, content: string | Uint8Array): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}

async function readError(promise: Promise<unknown>): Promise<InputError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
  throw new Error('expected an InputError');
}

function decodeError(bytes: Uint8Array): InputError {
  try {
    decodeUtf8(bytes, 'payload.json');
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
  throw new Error('expected an InputError');
}

describe('reading a file the user named', () => {
  it('returns the bytes of a regular file', async () => {
    const file = write('ok.json', '{"a":1}');
    const bytes = await readInputFile(file, { maxBytes: 100 });
    expect(Buffer.from(bytes).toString('utf8')).toBe('{"a":1}');
  });

  it('reads a file exactly at the size limit', async () => {
    const file = write('limit.json', 'x'.repeat(100));
    expect((await readInputFile(file, { maxBytes: 100 })).length).toBe(100);
  });
});

describe('a path that is a directory', () => {
  it('is refused with "is a directory, not a file"', async () => {
    const error = await readError(readInputFile(dir, { maxBytes: 100 }));
    expect(error.message).toBe('is a directory, not a file');
    expect(error.file).toBe(dir);
  });
});

describe('a missing file', () => {
  it('is reported as "no such file", naming the file', async () => {
    const missing = path.join(dir, 'nope.json');
    const error = await readError(readInputFile(missing, { maxBytes: 100 }));
    expect(error.message).toBe('no such file');
    expect(error.file).toBe(missing);
  });

  it('is reported the same way when a part of the path is a file', async () => {
    const file = write('plain.txt', 'x');
    const error = await readError(readInputFile(path.join(file, 'inner.json'), { maxBytes: 100 }));
    expect(error.message).toMatch(/^no such file/);
  });
});

describe('a file the user may not read', () => {
  // Root reads any file, so as root the check runs in a child process that has dropped to user "nobody".
  it('is reported as "permission denied"', async () => {
    const file = write('secret.json', '{}');
    fs.chmodSync(file, 0o000);
    if (process.getuid?.() !== 0) {
      const error = await readError(readInputFile(file, { maxBytes: 100 }));
      expect(error.message).toBe('permission denied');
      return;
    }
    fs.chmodSync(dir, 0o755);
    const inputModule = pathToFileURL(path.join(import.meta.dirname, '../../../src/parse/input.ts')).href;
    const script = `import(${JSON.stringify(inputModule)}).then((m) => m.readInputFile(${JSON.stringify(file)}, { maxBytes: 100 })).then(() => console.log('read'), (e) => console.log(e.message))`;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { uid: 65534, gid: 65534, encoding: 'utf8', cwd: path.join(import.meta.dirname, '../../..') });
    expect(child.stderr).toBe('');
    expect(child.stdout.trim()).toBe('permission denied');
  });
});

describe('a file over the size limit', () => {
  it('is refused before it is read, saying its size and the limit', async () => {
    const file = write('big.json', 'x'.repeat(3000));
    const error = await readError(readInputFile(file, { maxBytes: 2048 }));
    expect(error.message).toContain('3000 bytes');
    expect(error.message).toContain('2048 bytes');
    expect(error.message).toMatch(/too large/);
  });
});

describe('an empty file', () => {
  it('0 bytes is "file is empty"', () => {
    expect(decodeError(new Uint8Array(0)).message).toBe('file is empty');
  });

  it('a file holding only a byte order mark is empty too', () => {
    expect(decodeError(new Uint8Array([0xef, 0xbb, 0xbf])).message).toMatch(/^file is empty/);
  });
});

describe('a byte order mark before the JSON', () => {
  it('is stripped and reported', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"a":"é"}')]);
    expect(decodeUtf8(bytes, 'f.json')).toEqual({ text: '{"a":"é"}', bom: true });
  });

  it('is absent from a plain file', () => {
    expect(decodeUtf8(Buffer.from('[1]'), 'f.json')).toEqual({ text: '[1]', bom: false });
  });

  it('only the first is stripped: a second one is content', () => {
    const bytes = Buffer.from([0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf, 0x31]);
    expect(decodeUtf8(bytes, 'f.json').text).toBe('\uFEFF1');
  });
});

describe('invalid UTF-8', () => {
  it('names the byte offset, line and column of the first bad byte', () => {
    // line 2 is `  "é": "` then a lone 0xFF; "é" is two bytes but one column.
    const bytes = Buffer.concat([Buffer.from('{\n  "é": "'), Buffer.from([0xff]), Buffer.from('"\n}')]);
    const error = decodeError(bytes);
    expect(error.file).toBe('payload.json');
    expect(error.line).toBe(2);
    expect(error.column).toBe(9);
    expect(error.message).toContain('offset 11');
    expect(error.message).toContain('0xFF');
    expect(error.message).toContain('line 2, column 9');
  });

  it('counts the offset in the file, BOM included, and the column without it', () => {
    const bytes = Buffer.from([0xef, 0xbb, 0xbf, 0x22, 0xc3, 0x28, 0x22]);
    const error = decodeError(bytes);
    expect(error.message).toContain('offset 4');
    expect([error.line, error.column]).toEqual([1, 2]);
  });

  it('points at a truncated sequence at the very end', () => {
    const bytes = Buffer.from([0x22, 0x61, 0xe2, 0x82]);
    expect(findUtf8Fault(bytes)).toEqual({ offset: 2, line: 1, column: 3, byte: 0xe2 });
  });

  it('rejects what TextDecoder rejects: overlongs, surrogates, code points above U+10FFFF', () => {
    for (const bad of [[0xc0, 0xaf], [0xe0, 0x80, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xf8]]) {
      expect(findUtf8Fault(Uint8Array.from(bad))?.offset).toBe(0);
    }
  });

  it('counts a four-byte character as two columns, as editors count UTF-16', () => {
    const bytes = Buffer.concat([Buffer.from('"😀'), Buffer.from([0x80])]);
    expect(findUtf8Fault(bytes)).toMatchObject({ offset: 5, column: 4 });
  });

  it('finds nothing wrong in valid UTF-8', () => {
    expect(findUtf8Fault(Buffer.from('{"k":"é😀€"}\n'))).toBeNull();
  });

  it('suggests UTF-8 when the file looks like UTF-16', () => {
    const bytes = Buffer.from('\uFEFF{}', 'utf16le');
    expect(decodeError(bytes).message).toMatch(/UTF-16/);
  });
});

describe('file-system errors in words', () => {
  it.each([
    ['EACCES', 'permission denied'],
    ['EPERM', 'permission denied'],
    ['ENOENT', 'no such file'],
    ['EISDIR', 'is a directory, not a file'],
  ])('%s reads as "%s"', (code, message) => {
    const error = describeFsError(Object.assign(new Error('raw'), { code }), 'f.json');
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toBe(message);
    expect(error.file).toBe('f.json');
  });
});
