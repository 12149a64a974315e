/** Writes `schemas/*.json` from the schemas the harness validates with: `node --import tsx scripts/write-schemas.ts`. */
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { SCHEMAS_DIR, schemaText, shippedSchemas } from './schemas.js';

await mkdir(SCHEMAS_DIR, { recursive: true });
for (const [name, schema] of Object.entries(shippedSchemas())) {
  const file = new URL(name, SCHEMAS_DIR);
  await writeFile(file, schemaText(schema));
  process.stdout.write(`wrote ${fileURLToPath(file)}\n`);
}
