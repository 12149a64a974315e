/**
 * The JSON Schemas shipped in `schemas/` for editors: each file is the schema the harness validates with
 * (so they cannot drift), each is a schema a plain validator compiles, and each accepts what the harness
 * accepts: the package's fixtures, its default world, the documented example configuration.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { SCHEMAS_DIR, schemaText, shippedSchemas } from '../../scripts/schemas.js';

const ROOT = join(import.meta.dirname, '../..');
const read = (name: string) => readFileSync(new URL(name, SCHEMAS_DIR), 'utf8');
/** As an editor's validator: draft-07, unknown annotation keywords (`x-message`) ignored. */
const validator = (name: string) => new Ajv({ strict: false, allErrors: true }).compile(JSON.parse(read(name)) as object);

describe('schemas/*.json', () => {
  it.each(Object.entries(shippedSchemas()))('%s is the schema the harness validates with (node --import tsx scripts/write-schemas.ts writes it)', (name, schema) => {
    expect(read(name)).toBe(schemaText(schema));
  });

  it('the fixture schema accepts every fixture of the package', () => {
    const validate = validator('fixture.schema.json');
    const dir = join(ROOT, 'fixtures/exchanges');
    const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.yaml'));
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      expect(validate(parse(readFileSync(join(dir, file), 'utf8'))), `${file}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
  });

  it('the fixture schema refuses a fixture with an unknown key', () => {
    const validate = validator('fixture.schema.json');
    expect(validate(parse(readFileSync(join(ROOT, 'fixtures/replay-bad/several-mistakes.yaml'), 'utf8')))).toBe(false);
  });

  it('the world schema accepts the default world', () => {
    const validate = validator('world.schema.json');
    expect(validate(parse(readFileSync(join(ROOT, 'fixtures/worlds/default/world.yaml'), 'utf8'))), JSON.stringify(validate.errors)).toBe(true);
  });

  it("the configuration schema accepts the example in the README's Configuration section and refuses a misspelt key", () => {
    const validate = validator('config.schema.json');
    const docs = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const example = /```yaml\n(# yaml-language-server[^\n]*\n[\s\S]*?)```/.exec(docs)?.[1];
    expect(example).toBeDefined();
    expect(validate(parse(example!)), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ fromats: ['json'] })).toBe(false);
  });
});
