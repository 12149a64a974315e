/**
 * The peer, `ajv-cli` (ajv-validator/ajv-cli 5, Ajv 8), validating the same records as the subject.
 *
 * ajv-cli validates JSON (or YAML, JSON5) documents, each file read whole (`fs.readFileSync` + `JSON.parse`).
 * It has no NDJSON mode, so the records are given to it as JSON arrays, validated against a wrapper schema
 * `{ type: 'array', items: { $ref: <the web-event schema> } }` with the world's schema file as `-r`:
 *
 * - **chunks**: the NDJSON cut on line breaks into arrays of about CHUNK_BYTES each, all passed to one
 *   ajv-cli process with `-d "DIR/*.json"` (it validates them one after the other). Works at any size; memory
 *   is bounded by one chunk.
 * - **array**: the whole file as one array in one document. Memory grows with the file, and past V8's
 *   longest string (about 512 MiB) ajv-cli cannot read it at all: it is attempted anyway, and the error kept.
 *
 * The conversion is preparation and is not timed; the peer's time is the child's wall time (start-up and
 * schema compilation included: ajv-cli cannot be timed from inside without changing it).
 */
import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { MiB, SCHEMA_ID } from './generate.js';
import type { BatchFigures } from './measure.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '../..');
export const AJV_CLI = join(ROOT, 'node_modules/ajv-cli/dist/index.js');
const WEB_EVENT_SCHEMA = join(ROOT, 'src/world/default/web-event.schema.json');
export const CHUNK_BYTES = 64 * MiB;

export interface PeerInput {
  mode: 'chunks' | 'array';
  dir: string;
  glob: string;
  files: number;
  records: number;
}

async function closeStream(out: WriteStream): Promise<void> {
  out.end();
  await once(out, 'finish');
}

/** Converts the NDJSON file to JSON arrays for ajv-cli (reused when already converted). */
export async function preparePeerInput(ndjson: string, mode: 'chunks' | 'array'): Promise<PeerInput> {
  const dir = `${ndjson}.ajv-${mode}`;
  const marker = join(dir, 'converted.json');
  try {
    const done = JSON.parse(await readFile(marker, 'utf8')) as PeerInput;
    return done;
  } catch {
    // convert
  }
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const limit = mode === 'chunks' ? CHUNK_BYTES : Number.POSITIVE_INFINITY;
  let files = 0;
  let records = 0;
  let out: WriteStream | undefined;
  let bytes = 0;
  let first = true;
  for await (const line of createInterface({ input: createReadStream(ndjson), crlfDelay: Infinity })) {
    if (line.trim() === '') continue;
    if (out === undefined || bytes >= limit) {
      if (out) {
        out.write(']\n');
        await closeStream(out);
      }
      out = createWriteStream(join(dir, `part-${String(files).padStart(4, '0')}.json`));
      files++;
      out.write('[\n');
      bytes = 2;
      first = true;
    }
    const text = `${first ? '' : ',\n'}${line}`;
    first = false;
    bytes += text.length;
    records++;
    if (!out.write(text)) await once(out, 'drain');
  }
  if (out) {
    out.write('\n]\n');
    await closeStream(out);
  }
  await writeFile(join(dir, 'records.schema.json'), JSON.stringify({ $id: 'urn:bench:batch-records', type: 'array', items: { $ref: SCHEMA_ID } }));
  const input: PeerInput = { mode, dir, glob: join(dir, 'part-*.json'), files, records };
  await writeFile(marker, JSON.stringify(input));
  return input;
}

/** Runs ajv-cli on the converted input, pinned when asked; its figures, or its failure as a figure. */
export async function runPeer(input: PeerInput, source: string, bytes: number, pin: boolean): Promise<BatchFigures> {
  const rssFile = join(input.dir, `rss-${process.pid}.txt`);
  const args = [
    '--import',
    pathToFileURL(join(HERE, 'rss-probe.mjs')).href,
    AJV_CLI,
    'validate',
    '--strict=false',
    '-c',
    'ajv-formats',
    '-s',
    join(input.dir, 'records.schema.json'),
    '-r',
    WEB_EVENT_SCHEMA,
    '-d',
    input.glob,
  ];
  const command = pin ? 'taskset' : process.execPath;
  const argv = pin ? ['-c', '0', process.execPath, ...args] : args;
  const started = process.hrtime.bigint();
  const child = spawn(command, argv, { cwd: ROOT, env: { ...process.env, BENCH_RSS_FILE: rssFile }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const [code] = (await once(child, 'close')) as [number | null];
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  const rss = Number(await readFile(rssFile, 'utf8').catch(() => '0'));
  await rm(rssFile, { force: true });
  const output = `${stdout}\n${stderr}`;
  const valid = (output.match(/ valid$/gm) ?? []).length;
  const invalid = (output.match(/ invalid$/gm) ?? []).length;
  const figures: BatchFigures = {
    role: input.mode === 'chunks' ? 'ajv-cli-chunks' : 'ajv-cli-array',
    jobs: 1,
    file: source,
    bytes,
    records: valid === input.files ? input.records : 0,
    failed: invalid,
    seconds: wall,
    maxRssKiB: rss,
  };
  if (code !== 0 || valid !== input.files) {
    const reason = output.split('\n').find((l) => /RangeError|Error|invalid/.test(l)) ?? output.trim().slice(0, 300);
    figures.error = `ajv-cli exit ${code}, ${valid}/${input.files} documents valid: ${reason.trim()}`;
  }
  return figures;
}

/**
 * So a fast answer is never a skipped check: ajv-cli must call one document invalid that holds a record
 * with `timestamp` as epoch milliseconds (the schema says a date-time string). Returns what it printed.
 */
export async function probePeer(workDir: string): Promise<{ caught: boolean; output: string }> {
  const dir = join(workDir, 'ajv-probe');
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'records.schema.json'), JSON.stringify({ $id: 'urn:bench:batch-records', type: 'array', items: { $ref: SCHEMA_ID } }));
  await writeFile(join(dir, 'part-0000.json'), JSON.stringify([{ _id: 'a', timestamp: 1709272800000, eventType: 'web.webpagedetails.pageViews' }]));
  const figures = await runPeer({ mode: 'chunks', dir, glob: join(dir, 'part-*.json'), files: 1, records: 1 }, 'probe', 0, false);
  await rm(dir, { recursive: true, force: true });
  return { caught: figures.failed === 1, output: figures.error ?? 'reported valid' };
}

/** Removes the converted copies (they are as large as the file). */
export async function removePeerInputs(ndjson: string): Promise<void> {
  const dir = dirname(ndjson);
  for (const name of await readdir(dir)) {
    if (name.startsWith(`${ndjson.slice(dir.length + 1)}.ajv-`)) await rm(join(dir, name), { recursive: true, force: true });
  }
}
