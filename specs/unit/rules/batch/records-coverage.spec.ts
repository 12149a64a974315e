/** Every batch record rule id has a describe of its documented behaviour in this folder. */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BATCH_RECORD_RULE_IDS } from '../../../../src/rules/ids.js';
import { BATCH_RULES } from '../../../../src/rules/batch/records/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const specTexts = readdirSync(here)
  .filter((name) => name.endsWith('.spec.ts'))
  .map((name) => readFileSync(join(here, name), 'utf8'));

describe('every batch record rule has a describe of its documented behaviour', () => {
  it.each(BATCH_RECORD_RULE_IDS)('%s', (id) => {
    expect(specTexts.some((text) => text.includes(`describe('${id}: `) || text.includes(`describe("${id}: `))).toBe(true);
  });
  it('and the rule list holds exactly the closed set of ids, each once', () => {
    expect(BATCH_RULES.map((rule) => rule.id).sort()).toEqual([...BATCH_RECORD_RULE_IDS].sort());
  });
});
