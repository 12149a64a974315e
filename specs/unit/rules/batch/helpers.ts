/** Small batch files written by the specs, and a world with a flat schema for CSV. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { defaultWorld } from '../../../../src/world/index.js';
import type { World } from '../../../../src/world/types.js';
import { preflightBatchFile, type BatchPreflightOptions } from '../../../../src/rules/batch/preflight-file.js';
import type { FileReport, PredictedBatchFile } from '../../../../src/report/model.js';

export const WEB_EVENT_DATASET_ID = '5f0c0c7f6c5f1b194c1e0b4a';
export const PROFILE_DATASET_ID = '5f0c0c7f6c5f1b194c1e0b4b';
export const FLAT_DATASET_ID = 'flat0000000000000000000a';

const dir = mkdtempSync(join(tmpdir(), 'aep-batch-rules-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

export function writeBatchFile(name: string, content: string | Uint8Array): string {
  const path = join(dir, `${n++}-${name}`);
  writeFileSync(path, content);
  return path;
}

/** The default world plus a flat (CSV-friendly) profile-like schema and its dataset. */
export function flatWorld(): World {
  const world = defaultWorld();
  return {
    ...world,
    schemas: [
      ...world.schemas,
      {
        id: 'https://ns.adobe.com/acme/schemas/flat',
        version: '1',
        class: 'https://ns.adobe.com/xdm/context/profile',
        timeSeries: false,
        jsonSchema: {
          type: 'object',
          properties: { _id: { type: 'string' }, firstName: { type: 'string' }, age: { type: 'integer' }, vip: { type: 'boolean' } },
          additionalProperties: false,
        },
      },
    ],
    datasets: [...world.datasets, { id: FLAT_DATASET_ID, schema: 'https://ns.adobe.com/acme/schemas/flat' }],
  };
}

export async function preflight(path: string, opts: Partial<BatchPreflightOptions> & { datasetId: string }): Promise<FileReport & { predicted: PredictedBatchFile }> {
  const report = await preflightBatchFile(path, { world: flatWorld(), jobs: 1, ...opts });
  if (report.predicted?.kind !== 'batch-file') throw new Error(`no batch-file prediction: ${JSON.stringify(report)}`);
  return report as FileReport & { predicted: PredictedBatchFile };
}

export const event = (id: string, extra: Record<string, unknown> = {}) => JSON.stringify({ _id: id, timestamp: '2024-05-01T10:00:00Z', ...extra });
