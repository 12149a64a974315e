/** The README's "Verifying a client" section is the reference users read: it names every scenario, rule and variable. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLIENT_VARIABLES } from '../../src/client/environment.js';
import { SCENARIO_NAMES } from '../../src/conformance/client/index.js';
import { CLIENT_RULE_IDS } from '../../src/rules/client/index.js';

const readme = readFileSync(join(import.meta.dirname, '../../README.md'), 'utf8');
const section = readme.slice(readme.indexOf('## Verifying a client'), readme.indexOf('## Profiles'));

describe('README: Verifying a client', () => {
  it('lists every scenario, every client rule and every variable a client is given', () => {
    expect(section.length).toBeGreaterThan(1000);
    for (const name of SCENARIO_NAMES) expect(section).toContain(`\`${name}\``);
    for (const id of CLIENT_RULE_IDS) expect(section).toContain(`\`${id}\``);
    for (const variable of CLIENT_VARIABLES) expect(section).toContain(`\`${variable}\``);
  });
});
