/**
 * Where the time goes in a V8 .cpuprofile: top functions by self time and by inclusive time, and self
 * time per source file.
 *
 *   node --cpu-prof --cpu-prof-dir=bench/.data/prof --import tsx bench/preflight/subject.ts FILE
 *   node --import tsx bench/preflight/profile-top.ts bench/.data/prof/<the largest>.cpuprofile [--top 30] [--lines NAME]
 *
 * `--lines NAME` also shows the self samples of the functions called NAME line by line. Line numbers are
 * those of the code that ran: under tsx they are not the .ts lines, so for line-level work profile a
 * `tsc` build of src/ (see bench/README.md).
 */
import { existsSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
  /** Samples per source line (1-based) of the function, as V8 records them. */
  positionTicks?: { line: number; ticks: number }[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function where(frame: CallFrame): string {
  let url = frame.url;
  if (url.startsWith('file://')) url = relative(ROOT, fileURLToPath(url.split('?')[0]!));
  if (url === '') return '';
  return `${url}:${frame.lineNumber + 1}`;
}

function fileOf(frame: CallFrame): string {
  const w = where(frame);
  if (w === '') return `(${frame.functionName || 'native'})`;
  const path = w.replace(/:\d+$/, '');
  // Packages collapse to their name; a build of src/ under node_modules/.cache keeps its file names.
  return path.includes('node_modules/.cache/') ? path : path.replace(/^.*node_modules\/((?:@[^/]+\/)?[^/]+)\/.*$/, 'node_modules/$1');
}

function key(frame: CallFrame): string {
  return `${frame.functionName || '(anonymous)'}  ${where(frame)}`;
}

function main(): void {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: 'string', default: '30' }, lines: { type: 'string' } } });
  const file = positionals[0];
  if (file === undefined) throw new Error('usage: profile-top.ts PROFILE.cpuprofile [--top N]');
  const top = Number(values.top);
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const perFile = new Map<string, number>();
  let total = 0;
  let idle = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = profile.timeDeltas[i] ?? 0;
    const node = byId.get(profile.samples[i]!)!;
    total += dt;
    const name = node.callFrame.functionName;
    if (name === '(idle)' || name === '(program)' || name === '(garbage collector)') {
      self.set(`${name}`, (self.get(name) ?? 0) + dt);
      if (name === '(idle)') idle += dt;
      continue;
    }
    const k = key(node.callFrame);
    self.set(k, (self.get(k) ?? 0) + dt);
    const f = fileOf(node.callFrame);
    perFile.set(f, (perFile.get(f) ?? 0) + dt);
    const seen = new Set<string>();
    for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
      const kk = key(byId.get(id)!.callFrame);
      if (seen.has(kk)) continue;
      seen.add(kk);
      inclusive.set(kk, (inclusive.get(kk) ?? 0) + dt);
    }
  }
  const busy = total - idle;
  const pct = (v: number) => `${((100 * v) / busy).toFixed(1).padStart(5)} %`;
  const ms = (v: number) => `${(v / 1000).toFixed(0).padStart(6)} ms`;
  const print = (title: string, entries: Map<string, number>, n: number) => {
    process.stdout.write(`\n${title}\n`);
    for (const [k, v] of [...entries].sort((a, b) => b[1] - a[1]).slice(0, n)) process.stdout.write(`${pct(v)} ${ms(v)}  ${k}\n`);
  };
  process.stdout.write(`${file}: ${(total / 1e6).toFixed(2)} s sampled, ${(idle / 1e6).toFixed(2)} s idle; percentages are of the ${(busy / 1e6).toFixed(2)} s not idle\n`);
  print('Self time by function', self, top);
  print('Self time by file', perFile, top);
  const inclusiveFiltered = new Map([...inclusive].filter(([k]) => !k.startsWith('(root)')));
  print('Inclusive time by function', inclusiveFiltered, top);

  if (values.lines !== undefined) {
    const ticks = new Map<string, Map<number, number>>();
    for (const n of profile.nodes) {
      if (n.callFrame.functionName !== values.lines) continue;
      const url = n.callFrame.url;
      const lines = ticks.get(url) ?? new Map<number, number>();
      ticks.set(url, lines);
      for (const t of n.positionTicks ?? []) lines.set(t.line, (lines.get(t.line) ?? 0) + t.ticks);
    }
    for (const [url, lines] of ticks) {
      const path = url.startsWith('file://') ? fileURLToPath(url) : url;
      const source = existsSync(path) ? readFileSync(path, 'utf8').split('\n') : [];
      const sum = [...lines.values()].reduce((a, b) => a + b, 0);
      process.stdout.write(`\nSelf samples of ${values.lines} by line (${where({ ...n0, url })}, ${sum} samples)\n`);
      for (const [line, count] of [...lines].sort((a, b) => b[1] - a[1]).slice(0, top)) {
        process.stdout.write(`${((100 * count) / sum).toFixed(1).padStart(5)} %  ${String(line).padStart(5)}  ${(source[line - 1] ?? '').trim().slice(0, 110)}\n`);
      }
    }
  }
}

const n0: CallFrame = { functionName: '', url: '', lineNumber: -1, columnNumber: 0 };

main();
