/** The README's promises, checked: the quick start prints what it says, and every rule is listed. */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BATCH_PLAN_RULE_IDS, BATCH_RECORD_RULE_IDS, BATCH_REQUEST_RULE_IDS, STREAMING_RULE_IDS } from '../../src/rules/ids.js';
import { TRACE_INVARIANT_IDS } from '../../src/lifecycle/trace/invariants.js';
import { BEHAVIOUR_IDS } from '../../src/contract/behaviours.js';
import { RECORD_FINDINGS } from '../../src/replay/record/findings.js';
import { PROFILE_NAMES } from '../../src/contract/profiles.js';
import { runCli } from '../cli/run-cli.js';
import { loadWorld } from '../../src/world/load.js';

const ROOT = join(import.meta.dirname, '../..');
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');

describe('README', () => {
  it('the quick start is npm ci, the preflight command, npm test', () => {
    const quickStart = /## Quick start\s+```sh\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(quickStart?.trim().split('\n')).toEqual(['npm ci', 'npx aep-harness preflight fixtures/payloads/web-events.json', 'npm test']);
  });

  it('the quick-start command prints exactly what the README shows', async () => {
    const shown = /prints:\s+```\n([\s\S]*?)```/.exec(readme)?.[1];
    const { code, stdout } = await runCli(['preflight', 'fixtures/payloads/web-events.json'], { cwd: ROOT });
    expect(code).toBe(0);
    expect(stdout).toBe(shown);
  });

  it('lists every rule id', () => {
    for (const id of [...STREAMING_RULE_IDS, ...BATCH_RECORD_RULE_IDS, ...BATCH_REQUEST_RULE_IDS, ...BATCH_PLAN_RULE_IDS, ...TRACE_INVARIANT_IDS]) expect(readme, id).toContain(`\`${id}\``);
  });

  it('the world file it shows loads, faults and Campaign outcomes included', async () => {
    const snippet = /## The world file\s+```yaml\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(snippet).toBeDefined();
    const dir = mkdtempSync(join(tmpdir(), 'aep-readme-world-'));
    try {
      mkdirSync(join(dir, 'schemas'));
      copyFileSync(join(ROOT, 'fixtures/worlds/default/schemas/web-event.json'), join(dir, 'schemas/web-event.json'));
      writeFileSync(join(dir, 'world.yaml'), snippet!);
      const world = await loadWorld(join(dir, 'world.yaml'));
      expect(world.faults).toHaveLength(2);
      expect(world.campaignMappings[0]?.outcome).toEqual({ status: 'success', numRecords: 15 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('lists every documented behaviour a server is verified against, and recording\'s own findings', () => {
    for (const id of BEHAVIOUR_IDS) expect(readme, id).toContain(`\`${id}\``);
    for (const { id } of Object.values(RECORD_FINDINGS)) expect(readme, id).toContain(`\`${id}\``);
  });

  it('names every profile', () => {
    for (const name of PROFILE_NAMES) expect(readme).toContain(`\`${name}\``);
  });
});
