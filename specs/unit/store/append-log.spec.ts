import { describe, it, expect, afterAll } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppendLog } from '../../../src/server/store/append-log.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'append-log-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('the append queue behind the journal and the records files', () => {
  it('writes whole lines in the order they were appended, and reports each durable in that order', async () => {
    const file = path.join(dir, 'ordered.ndjson');
    const log = new AppendLog(file, 0, { sync: true, keepOpen: true, describe: 'a test log' });
    const durable: number[] = [];
    await Promise.all(Array.from({ length: 100 }, (_, i) => log.append(`${JSON.stringify({ i, pad: 'x'.repeat(i * 37) })}\n`, () => durable.push(i))));
    await log.close();
    expect(durable).toEqual(Array.from({ length: 100 }, (_, i) => i));
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.map((l) => (JSON.parse(l) as { i: number }).i)).toEqual(durable);
    expect(log.durableSize).toBe(fs.statSync(file).size);
  });

  it('appends after the bytes it was told are there, and closes its file when idle if asked', async () => {
    const file = path.join(dir, 'existing.ndjson');
    fs.writeFileSync(file, '[1]\n');
    const log = new AppendLog(file, 4, { sync: false, keepOpen: false, describe: 'a test log' });
    await log.append('[2]\n');
    await log.settled();
    await log.append('[3]\n');
    expect(fs.readFileSync(file, 'utf8')).toBe('[1]\n[2]\n[3]\n');
  });

  it('refuses every append after a write fails, saying so, until the store is reopened', async () => {
    const log = new AppendLog(path.join(dir, 'no-such-dir', 'x.ndjson'), 0, { sync: true, keepOpen: true, describe: 'the journal' });
    const first = log.append('{}\n');
    const second = log.append('{}\n');
    await expect(first).rejects.toMatchObject({ name: 'StoreError', code: 'io', message: expect.stringMatching(/^the journal could not be written; the store takes no more writes until it is reopened: /) });
    await expect(second).rejects.toMatchObject({ code: 'io' });
    await expect(log.append('{}\n')).rejects.toMatchObject({ code: 'io' });
    expect(log.durableSize).toBe(0);
  });
});
