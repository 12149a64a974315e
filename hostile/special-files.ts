/**
 * Inputs that are not regular files, run as real processes (a thread cannot be freed from a blocked
 * read): a FIFO with a writer, `/dev/zero` as a payload and as a world's jsonSchema. Each process has a
 * deadline and a watch on its resident memory: past `MAX_RESIDENT_BYTES` it is killed and counted as a
 * crash (an unbounded read), before it can take the machine's memory. Resident memory, not an address-space
 * limit: Node reserves address space by the gigabyte without using it, so `ulimit -v` aborts a healthy
 * process on some runs and not on others.
 */
import { spawn } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { closeSync, constants, createWriteStream, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { looksLikeCrash, ROOT, worldNaming } from './corpus.js';

export interface SpecialOutcome {
  label: string;
  kind: 'ok' | 'crash' | 'hang' | 'wrong';
  detail: string;
}

/** Resident memory past which a command is stopped: the bounded reads keep at most 256 MiB. */
const MAX_RESIDENT_BYTES = 1536 * 1024 * 1024;

function residentBytes(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match === null ? 0 : Number(match[1]) * 1024;
  } catch {
    return 0;
  }
}

function runCli(argv: string[], cwd: string, timeoutMs: number): Promise<{ code: number | null; signal: string | null; out: string; hung: boolean }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), join(ROOT, 'src/cli/bin.ts'), ...argv], { cwd, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    let hung = false;
    let peak = 0;
    const watch = setInterval(() => {
      peak = Math.max(peak, child.pid === undefined ? 0 : residentBytes(child.pid));
      if (peak > MAX_RESIDENT_BYTES) child.kill('SIGKILL');
    }, 50);
    const timer = setTimeout(() => {
      hung = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      clearInterval(watch);
      if (peak > MAX_RESIDENT_BYTES) out = `stopped: resident memory past ${MAX_RESIDENT_BYTES / 1024 / 1024} MiB (an unbounded read)\n${out}`;
      resolve({ code, signal, out, hung });
    });
  });
}

export async function specialFiles(work: string, timeoutMs: number): Promise<SpecialOutcome[]> {
  const request = join(ROOT, 'fixtures/payloads/web-events.json');
  const fifo = join(work, 'request.fifo');
  execFileSync('mkfifo', [fifo]);
  writeFileSync(join(work, 'world-dev-zero.yaml'), worldNaming('/dev/zero'));
  const worldFifo = join(work, 'schema.fifo');
  execFileSync('mkfifo', [worldFifo]);
  writeFileSync(join(work, 'world-fifo.yaml'), worldNaming(worldFifo));

  const cases: { label: string; argv: string[]; feed?: { path: string; text: string }; expect(code: number | null, out: string): string | undefined }[] = [
    {
      label: 'preflight: a FIFO with a writer',
      argv: ['preflight', fifo],
      feed: { path: fifo, text: readFileSync(request, 'utf8') },
      expect: (code, out) => (code === 0 && out.includes('predicted: 207') ? undefined : `exit ${String(code)}, not the 207 the same bytes get from a file: ${out.split('\n').find((l) => /error|empty/.test(l)) ?? out.slice(0, 160)}`),
    },
    { label: 'preflight: /dev/zero as a payload', argv: ['preflight', '/dev/zero'], expect: (code) => (code === 3 ? undefined : `exit ${String(code)}, not 3`) },
    { label: 'preflight --world: a jsonSchema naming /dev/zero', argv: ['preflight', '--world', join(work, 'world-dev-zero.yaml'), request], expect: (code) => (code === 2 || code === 3 ? undefined : `exit ${String(code)}, not 2 or 3`) },
    {
      label: 'preflight --world: a jsonSchema naming a FIFO with a writer',
      argv: ['preflight', '--world', join(work, 'world-fifo.yaml'), request],
      feed: { path: worldFifo, text: JSON.stringify({ type: 'object' }) },
      expect: (code) => (code !== null && code <= 3 ? undefined : `exit ${String(code)}`),
    },
  ];
  return Promise.all(
    cases.map(async (c): Promise<SpecialOutcome> => {
      const running = runCli(c.argv, work, timeoutMs);
      if (c.feed !== undefined) {
        // The writer opens once the reader has; it closes after its text, as a pipe's writer does.
        const writer = createWriteStream(c.feed.path);
        writer.on('error', () => {});
        writer.end(c.feed.text);
      }
      const result = await running;
      // A writer still waiting for a reader (the command never opened the FIFO) is let go.
      if (c.feed !== undefined) closeSync(openSync(c.feed.path, constants.O_RDONLY | constants.O_NONBLOCK));
      if (result.hung) return { label: c.label, kind: 'hang', detail: `no exit within ${timeoutMs} ms` };
      if (result.signal !== null || (result.code !== null && result.code > 4) || looksLikeCrash(result.out)) return { label: c.label, kind: 'crash', detail: `exit ${String(result.code ?? result.signal)}: ${result.out.split('\n').filter((l) => l.trim() !== '').slice(0, 2).join(' / ').slice(0, 200)}` };
      const wrong = c.expect(result.code, result.out);
      return wrong === undefined ? { label: c.label, kind: 'ok', detail: '' } : { label: c.label, kind: 'wrong', detail: wrong };
    }),
  );
}
