/** The progress bar: stderr only, only on a terminal, at most ten redraws a second. */
import { describe, expect, it } from 'vitest';
import { progressBar } from '../../../src/cli/progress.js';

describe('progress bar', () => {
  it('draws nothing when stderr is not a terminal', () => {
    let written = '';
    const bar = progressBar({ stderr: { write: (t: string) => (written += t), isTTY: false } });
    bar.update('f.json', 5, 10);
    bar.done();
    expect(written).toBe('');
  });
  it('redraws at most every 100 ms on a terminal, and clears its line when done', () => {
    const writes: string[] = [];
    let now = 0;
    const bar = progressBar({ stderr: { write: (t: string) => writes.push(t), isTTY: true } }, () => now);
    bar.update('f.json', 1, 10);
    now = 50;
    bar.update('f.json', 2, 10);
    now = 150;
    bar.update('f.json', 5, 10);
    expect(writes).toHaveLength(2);
    expect(writes[1]).toContain(' 50% f.json');
    bar.done();
    expect(writes[2]).toBe('\r\x1b[K');
  });
});
