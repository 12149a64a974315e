/**
 * The plain loops pre-flight is compared to, each run in its own process by run.ts:
 *
 *   node --import tsx bench/preflight/peer.ts readline FILE
 *   node --import tsx bench/preflight/peer.ts buffer FILE
 *
 * (a) `readline`: the idiomatic loop, `readline.createInterface` over a read stream and `JSON.parse` per line.
 * (b) `buffer`: the strongest plain loop, with the same Buffer line splitting as src/parse/ndjson.ts
 *     (1 MiB chunks, `indexOf(0x0A)`, a copy only for a line that spans chunks, CR stripped, blank lines
 *     skipped) and nothing but `toString` + `JSON.parse` per line: no UTF-8 check, no line records.
 *
 * Both only parse; they judge nothing. A line that does not parse is counted, not fatal.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { cpuNow, cpuSecondsSince, emit, maxRssKiB, retainedHeapUsed, seconds, startHeapSampler, type Figures } from './measure.js';

const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const TAB = 0x09;

interface Tally {
  messages: number;
  unreadable: number;
  /** Keeps the parsed values observable, so nothing can be optimised away. */
  objects: number;
}

function parseLine(text: string, tally: Tally): void {
  try {
    const value: unknown = JSON.parse(text);
    tally.messages++;
    if (typeof value === 'object' && value !== null) tally.objects++;
  } catch {
    tally.unreadable++;
  }
}

/** (a) The idiomatic loop. */
async function readlineLoop(file: string, tally: Tally): Promise<void> {
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() === '') continue;
    parseLine(line, tally);
  }
}

function isBlank(bytes: Buffer, start: number, end: number): boolean {
  for (let at = start; at < end; at++) {
    const byte = bytes[at];
    if (byte !== SPACE && byte !== TAB && byte !== CR) return false;
  }
  return true;
}

/** (b) ndjson.ts's splitting, JSON.parse only. */
async function bufferLoop(file: string, tally: Tally): Promise<void> {
  const stream = createReadStream(file, { highWaterMark: 1024 * 1024 });
  let pieces: Buffer[] = [];
  let pending = 0;
  const finish = (line: Buffer, from: number, to: number): void => {
    if (to > from && line[to - 1] === CR) to--;
    if (isBlank(line, from, to)) return;
    parseLine(line.toString('utf8', from, to), tally);
  };
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    let start = 0;
    for (let newline = chunk.indexOf(LF); newline !== -1; newline = chunk.indexOf(LF, start)) {
      if (pieces.length > 0) {
        pieces.push(chunk.subarray(start, newline));
        const total = pending + (newline - start);
        finish(Buffer.concat(pieces, total), 0, total);
        pieces = [];
        pending = 0;
      } else {
        finish(chunk, start, newline);
      }
      start = newline + 1;
    }
    if (start < chunk.length) {
      pieces.push(chunk.subarray(start));
      pending += chunk.length - start;
    }
  }
  if (pending > 0) finish(Buffer.concat(pieces, pending), 0, pending);
}

async function main(): Promise<void> {
  const [kind, file] = process.argv.slice(2);
  if ((kind !== 'readline' && kind !== 'buffer') || file === undefined) {
    process.stderr.write('usage: peer.ts readline|buffer FILE\n');
    process.exitCode = 2;
    return;
  }
  const { size } = await stat(file);
  const tally: Tally = { messages: 0, unreadable: 0, objects: 0 };
  const sampler = startHeapSampler();
  const cpu = cpuNow();
  const started = process.hrtime.bigint();
  await (kind === 'readline' ? readlineLoop(file, tally) : bufferLoop(file, tally));
  const elapsed = seconds(started);
  const cpuSeconds = cpuSecondsSince(cpu);
  const heap = sampler.stop();
  const retained = retainedHeapUsed();
  if (tally.objects !== tally.messages) throw new Error(`${tally.messages - tally.objects} lines parsed to something other than an object`);
  const figures: Figures = {
    role: kind === 'readline' ? 'peer-readline' : 'peer-buffer',
    file,
    bytes: size,
    messages: tally.messages,
    unreadable: tally.unreadable,
    seconds: elapsed,
    cpuSeconds,
    maxRssKiB: maxRssKiB(),
    peakHeapUsed: heap.peakHeapUsed,
    endHeapUsed: heap.endHeapUsed,
    retainedHeapUsed: retained,
  };
  emit(figures);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
