/** CLI behaviour pinned as data: every scenario in specs/cli/scenarios/*.yaml runs in-process. */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { runCli, unwrapped } from './run-cli.js';

interface Scenario {
  name: string;
  args: string[];
  files?: Record<string, string>;
  exit: number;
  stdout?: string[];
  stdoutNot?: string[];
  stdoutExact?: string;
  stderr?: string[];
  /** Texts standard error must not hold (a stack frame, the defect line). */
  stderrNot?: string[];
  outputs?: Record<string, string[]>;
  /** What standard input holds (for `-`). */
  stdin?: string;
  /** Paths that must not exist after the run: nothing was written before a refusal. */
  absent?: string[];
}

const DIR = join(import.meta.dirname, 'scenarios');

/** Standard input as a stream of two pieces, as a pipe hands it over. */
async function* streamOf(text: string): AsyncIterable<Uint8Array> {
  const bytes = Buffer.from(text);
  yield bytes.subarray(0, bytes.length >> 1);
  yield bytes.subarray(bytes.length >> 1);
}
const FIXTURES = join(import.meta.dirname, '../../fixtures');
const root = mkdtempSync(join(tmpdir(), 'aep-scenarios-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

for (const file of readdirSync(DIR).filter((f) => f.endsWith('.yaml'))) {
  const scenarios = parseYaml(readFileSync(join(DIR, file), 'utf8')) as Scenario[];
  describe(`CLI scenarios: ${file}`, () => {
    scenarios.forEach((scenario, n) => {
      it(scenario.name, async () => {
        const tmp = join(root, `${file}-${n}`);
        mkdirSync(tmp, { recursive: true });
        const expand = (s: string) => s.replaceAll('$fixtures', FIXTURES).replaceAll('$tmp', tmp);
        for (const [name, content] of Object.entries(scenario.files ?? {})) {
          mkdirSync(dirname(join(tmp, name)), { recursive: true });
          writeFileSync(join(tmp, name), content);
        }
        const result = await runCli(scenario.args.map(expand), { cwd: tmp, ...(scenario.stdin !== undefined ? { stdin: streamOf(scenario.stdin) } : {}) });
        const context = `stdout:\n${result.stdout}\nstderr:\n${result.stderr}`;
        expect(result.code, context).toBe(scenario.exit);
        // Looked for with the text format's wrapped lines joined: a message is one piece however it wraps.
        for (const text of scenario.stdout ?? []) expect(unwrapped(result.stdout), context).toContain(expand(text));
        for (const text of scenario.stdoutNot ?? []) expect(unwrapped(result.stdout), context).not.toContain(expand(text));
        if (scenario.stdoutExact !== undefined) expect(result.stdout).toBe(scenario.stdoutExact);
        for (const text of scenario.stderr ?? []) expect(result.stderr, context).toContain(expand(text));
        for (const text of scenario.stderrNot ?? []) expect(result.stderr, context).not.toContain(expand(text));
        for (const path of scenario.absent ?? []) expect(existsSync(expand(path)), `${expand(path)} exists`).toBe(false);
        for (const [output, texts] of Object.entries(scenario.outputs ?? {})) {
          const written = readFileSync(expand(output), 'utf8');
          for (const text of texts) expect(written).toContain(text);
        }
      });
    });
  });
}
