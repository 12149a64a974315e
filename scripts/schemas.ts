/**
 * The JSON Schemas shipped in `schemas/` for editors, each made from the schema the harness validates
 * with, so the two cannot drift: the configuration file (`config/schema.ts`), the world file
 * (`world/world-file.schema.ts`) and the fixture format (`replay/fixture-schema.ts`).
 * `write-schemas.ts` writes them; `specs/config/schemas.spec.ts` fails when a file differs.
 */
import { configSchema } from '../src/config/schema.js';
import { fixtureSchema } from '../src/replay/fixture-schema.js';
import { WORLD_FILE_SCHEMA } from '../src/world/world-file.schema.js';

export const SCHEMAS_DIR = new URL('../schemas/', import.meta.url);

export function shippedSchemas(): Record<string, Record<string, unknown>> {
  return {
    'config.schema.json': configSchema(),
    'world.schema.json': {
      $schema: 'http://json-schema.org/draft-07/schema#',
      title: 'aep-harness world file (the tenant: orgs, inlets, XDM schemas, datasets)',
      description: 'References between lists, unique ids and the XDM schemas themselves are checked when the harness loads the file.',
      ...WORLD_FILE_SCHEMA,
    },
    'fixture.schema.json': fixtureSchema(),
  };
}

/** A schema as its file holds it. */
export function schemaText(schema: unknown): string {
  return `${JSON.stringify(schema, null, 2)}\n`;
}
