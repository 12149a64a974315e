/**
 * Unbounded reads and wrong verdicts found by the bad-input probe: a world whose `jsonSchema` named
 * /dev/zero grew past 6 GB, one naming a FIFO hung; NDJSON and batch files read from a pipe were "empty";
 * a CSV that is not UTF-8 passed pre-flight while `serve` failed it; a world file with invalid UTF-8 loaded.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfigFile } from '../../src/config/load.js';
import { READ_LIMITS, readBounded, spoolIfStream } from '../../src/parse/read-bounded.js';
import { loadFixtures } from '../../src/replay/load.js';
import { FixtureError } from '../../src/replay/fixture-error.js';
import { preflightBatchFile } from '../../src/rules/batch/preflight-file.js';
import { readFileRecords } from '../../src/server/batch-records.js';
import { loadWorld } from '../../src/world/load.js';
import { WorldError } from '../../src/world/world-error.js';
import { runCli } from '../cli/run-cli.js';
import { FLAT_DATASET_ID, flatWorld } from '../unit/rules/batch/helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'aep-bounded-reads-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ORG = '5D2E1F8A5C3E4B7A0A495E2C@AdobeOrg';
const worldNaming = (jsonSchema: string) => `orgs:
  - id: ${ORG}
    sandboxes: [prod]
inlets:
  - id: inlet-1
    org: ${ORG}
    authenticationRequired: false
schemas:
  - id: https://ns.adobe.com/acme/schemas/s1
    version: 1
    class: profile
    jsonSchema: ${jsonSchema}
datasets: []
campaignMappings: []
`;

function write(name: string, content: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

function mkfifo(name: string): string {
  const path = join(dir, name);
  const made = spawnSync('mkfifo', [path]);
  if (made.status !== 0) throw new Error(`mkfifo failed: ${made.stderr.toString()}`);
  return path;
}

/** A writer process for a FIFO: it opens it, writes `text` and closes it. */
function writeToFifo(path: string, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('sh', ['-c', 'cat > "$1"', 'sh', path], { stdio: ['pipe', 'ignore', 'ignore'] });
    child.on('error', reject);
    child.on('exit', () => resolve());
    child.stdin.end(text);
  });
}

describe('a world whose jsonSchema names /dev/zero is refused at the schema limit', () => {
  it('loads no world: the schema file is too large, an input error (exit 3)', async () => {
    const world = write('zero.yaml', worldNaming('/dev/zero'));
    const error = (await loadWorld(world).catch((e: unknown) => e)) as WorldError;
    expect(error).toBeInstanceOf(WorldError);
    expect(error.unreadable).toBe(true);
    expect(error.message).toContain('schemas[0].jsonSchema: cannot read "/dev/zero": file is too large: more than 16.0 MiB');
    const result = await runCli(['preflight', '--world', world, '--no-config', write('m.json', '{}')]);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('file is too large');
  });
});

describe('a world whose jsonSchema names a FIFO does not hang', () => {
  it('a FIFO nobody writes to is an input error after the wait', async () => {
    const fifo = mkfifo('schema.fifo');
    const error = (await loadWorld(write('fifo.yaml', worldNaming(fifo))).catch((e: unknown) => e)) as WorldError;
    expect(error).toBeInstanceOf(WorldError);
    expect(error.unreadable).toBe(true);
    expect(error.message).toContain('is a named pipe (FIFO) that no program opened for writing within 5 s');
  });

  it('a FIFO with a writer is read as a stream', async () => {
    const fifo = mkfifo('schema-written.fifo');
    const writing = writeToFifo(fifo, JSON.stringify({ type: 'object', properties: { _id: { type: 'string' } } }));
    const world = await loadWorld(write('fifo-written.yaml', worldNaming(fifo)));
    await writing;
    expect(world.schemas[0]!.jsonSchema).toEqual({ type: 'object', properties: { _id: { type: 'string' } } });
  });

  it('a bounded read of a FIFO with a short wait names the FIFO', async () => {
    const fifo = mkfifo('short.fifo');
    await expect(readBounded(fifo, { maxBytes: 1024, writerWaitMs: 50 })).rejects.toThrow('within 0.05 s');
  });
});

describe('a world file with invalid UTF-8 is an input error, not a payload problem', () => {
  it('loadWorld names the byte, line and column; the command exits 3', async () => {
    const text = worldNaming('s.json').replace('inlet-1', 'inlet-\u00e9');
    const latin1 = write('latin1.yaml', Buffer.from(text, 'latin1'));
    write('s.json', '{"type":"object"}');
    const error = (await loadWorld(latin1).catch((e: unknown) => e)) as WorldError;
    expect(error).toBeInstanceOf(WorldError);
    expect(error.unreadable).toBe(true);
    expect(error.message).toMatch(/latin1\.yaml:5:\d+: file is not valid UTF-8: byte 0xE9/);
    const result = await runCli(['preflight', '--world', latin1, '--no-config', write('m2.json', '{}')]);
    expect(result.code).toBe(3);
  });

  it('a world file past the limit is refused before it is read', async () => {
    const big = write('big.yaml', Buffer.alloc(READ_LIMITS.world + 1, 0x20));
    const error = (await loadWorld(big).catch((e: unknown) => e)) as WorldError;
    expect(error.unreadable).toBe(true);
    expect(error.message).toContain('file is too large: 16.0 MiB (16777217 bytes); the limit is 16.0 MiB');
  });
});

describe('configurations and fixtures are read bounded and as UTF-8', () => {
  it('a configuration that is not UTF-8 is an unreadable ConfigError (exit 3)', async () => {
    const config = write('aep-harness.config.yaml', Buffer.from([0x72, 0x75, 0x6c, 0x65, 0x73, 0x3a, 0x20, 0xff, 0x0a]));
    const error = (await loadConfigFile(config, dir).catch((e: unknown) => e)) as ConfigError;
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.unreadable).toBe(true);
    expect(error.message).toContain('file is not valid UTF-8: byte 0xFF');
  });

  it('a configuration naming /dev/zero stops at its limit', async () => {
    const error = (await loadConfigFile('/dev/zero', dir).catch((e: unknown) => e)) as ConfigError;
    expect(error.unreadable).toBe(true);
    expect(error.message).toContain('file is too large: more than 1.0 MiB');
  });

  it('a fixture in UTF-16LE is refused with the hint', async () => {
    const fixture = write('utf16.yaml', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('name: x\n', 'utf16le')]));
    const error = (await loadFixtures([fixture]).catch((e: unknown) => e)) as FixtureError;
    expect(error).toBeInstanceOf(FixtureError);
    expect(error.message).toContain('the file looks like UTF-16; save it as UTF-8');
  });
});

describe('NDJSON and batch files read from a pipe are not "file is empty"', () => {
  const event = JSON.stringify({ _id: 'p1', firstName: 'Ann' });

  it('a batch file from a FIFO with a writer is judged on its records', async () => {
    const fifo = mkfifo('batch.fifo');
    const writing = writeToFifo(fifo, `${event}\n`);
    const report = await preflightBatchFile(fifo, { world: flatWorld(), datasetId: FLAT_DATASET_ID, format: 'json', jobs: 1 });
    await writing;
    expect(report.inputError).toBeUndefined();
    expect(report.bytes).toBe(event.length + 1);
    expect(report.predicted).toMatchObject({ kind: 'batch-file', counts: { records: 1, valid: 1, failed: 0 } });
  });

  it('preflight of NDJSON through process substitution reads the messages', () => {
    const message = JSON.stringify({ header: {}, body: {} });
    const script = `node --import tsx src/cli/bin.ts preflight --kind ndjson --format json --no-config <(printf '%s\\n' '${message}')`;
    const result = spawnSync('bash', ['-c', script], { cwd: join(import.meta.dirname, '../..'), encoding: 'utf8', timeout: 60_000 });
    const report = JSON.parse(result.stdout) as { files: { inputError?: unknown; bytes: number; predicted: { counts: { messages: number } } }[] };
    expect(report.files[0]!.inputError).toBeUndefined();
    expect(report.files[0]!.predicted.counts.messages).toBe(1);
  });

  it('a pipe is copied to a temporary file at most READ_LIMITS.stream long, and the copy is removed', async () => {
    const spooled = await spoolIfStream('/dev/null');
    expect(spooled.spooled).toBe(true);
    expect(existsSync(spooled.path)).toBe(true);
    await spooled.release();
    expect(existsSync(spooled.path)).toBe(false);
    await expect(spoolIfStream('/dev/zero', { maxBytes: 4096 })).rejects.toThrow('file is too large: more than 4.0 KiB (4096 bytes); the limit is 4.0 KiB (4096 bytes)');
  });
});

describe('a batch file that is not UTF-8 fails in pre-flight as it fails on the server', () => {
  const cases: { name: string; file: string; format: 'csv' | 'json'; bytes: Buffer; datasetId?: string }[] = [
    { name: 'a CSV with an invalid byte', file: 'people.csv', format: 'csv', bytes: Buffer.from('_id,firstName\nc1,Ren\xe9e\n', 'latin1') },
    { name: 'a CSV in UTF-16LE', file: 'people16.csv', format: 'csv', bytes: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('_id,firstName\nc1,Ann\n', 'utf16le')]) },
    { name: 'a CSV with an invalid byte for a nested schema', file: 'nested.csv', format: 'csv', bytes: Buffer.from('_id\n\xe9\n', 'latin1'), datasetId: '5f0c0c7f6c5f1b194c1e0b4a' },
    { name: 'single-line JSON with an invalid byte', file: 'people.json', format: 'json', bytes: Buffer.from('{"_id":"c1"}\n{"_id":"\xe9"}\n', 'latin1') },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const path = write(c.file, c.bytes);
      const world = flatWorld();
      const datasetId = c.datasetId ?? FLAT_DATASET_ID;
      const served = await readFileRecords(path, c.bytes, c.format, { isMultiLineJson: false, schema: world.schemas.find((s) => s.id === world.datasets.find((d) => d.id === datasetId)!.schema) });
      expect(served).toEqual({ ok: false, code: 'harness.unreadable-file', description: `${path}: the file is not valid UTF-8 text` });
      const report = await preflightBatchFile(path, { world, datasetId, format: c.format, jobs: 1 });
      expect(report.inputError?.message).toContain('the file is not valid UTF-8 text');
      expect(report.predicted).toMatchObject({ status: 'failed' });
      expect((report.predicted as { errors: unknown[] }).errors).toContainEqual(served.ok ? undefined : { code: served.code, description: served.description });
    });
  }
});
