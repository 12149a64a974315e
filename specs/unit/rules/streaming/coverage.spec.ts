/**
 * Every rule id of the closed set has its documented behaviour pinned here: a `describe` named
 * "<rule id>: <the documented rule in plain words>" in one of this folder's spec files.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { STREAMING_RULE_IDS } from '../../../../src/rules/ids.js';
import { STREAMING_RULES } from '../../../../src/rules/streaming/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const specTexts = readdirSync(here)
  .filter((name) => name.endsWith('.spec.ts'))
  .map((name) => readFileSync(join(here, name), 'utf8'));

describe('every streaming rule has a describe of its documented behaviour', () => {
  it.each(STREAMING_RULE_IDS)('%s', (id) => {
    const named = specTexts.some((text) => text.includes(`describe('${id}: `) || text.includes(`describe("${id}: `));
    expect(named, `no describe('${id}: ...') in specs/unit/rules/streaming`).toBe(true);
  });

  it('and the rule list holds exactly the closed set of ids, each once', () => {
    expect(STREAMING_RULES.map((rule) => rule.id).sort()).toEqual([...STREAMING_RULE_IDS].sort());
  });
});
