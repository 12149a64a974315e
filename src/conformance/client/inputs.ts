/**
 * The inputs a scenario hands to the client: NDJSON of streaming messages (valid ones from the generators,
 * and for some scenarios a few made faulty by a named mutation whose documented verdict is known), and a
 * batch file of records. Generated with a seed, so the same run hands over the same bytes.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { invalidRecord, mutationNamed, validMessage, type MutationName, type StreamableDataset, type StreamingMessage } from '../../generate/index.js';
import { messageId, messageKey, type ScenarioInputs } from '../../rules/client/index.js';
import type { ProfileName } from '../../contract/profiles.js';
import type { Inlet, World } from '../../world/types.js';

export interface MessageInputs {
  file: string;
  inputs: ScenarioInputs;
  bytes: number;
  count: number;
}

const identity = (message: unknown) => {
  const id = messageId(message);
  return { key: messageKey(message), ...(id !== undefined ? { id } : {}) };
};

/**
 * Valid messages for the inlet until `minBytes` of NDJSON (or `count` messages), then the named faulty ones
 * put in among them at fixed places.
 */
export async function writeMessages(
  path: string,
  world: World,
  inlet: Inlet,
  opts: { seed: number; profile: ProfileName; count?: number; minBytes?: number; faults?: readonly MutationName[]; multibyte?: boolean },
): Promise<MessageInputs> {
  const arbitrary = validMessage(world, inlet, { profile: opts.profile });
  const valid: StreamingMessage[] = [];
  let bytes = 0;
  let round = 0;
  const wanted = () => (opts.count !== undefined ? valid.length < opts.count : bytes < (opts.minBytes ?? 0));
  while (wanted()) {
    const batch = fc.sample(arbitrary, { seed: opts.seed + round++, numRuns: opts.count ?? 100 });
    for (const message of batch) {
      if (!wanted()) break;
      if (opts.multibyte === true && valid.length % 3 === 0) withLongPageName(message);
      valid.push(message);
      bytes += Buffer.byteLength(JSON.stringify(message)) + 1;
    }
  }
  const lines: unknown[] = [...valid];
  const faulty: ScenarioInputs['faulty'] = [];
  (opts.faults ?? []).forEach((name, k) => {
    const base = valid[k % valid.length]!;
    const broken = mutationNamed(name).apply(base, world, inlet);
    // Its own _id: the faulty message is another event, not a second sending of the valid one it came from.
    const entity = (broken as { body?: { xdmEntity?: Record<string, unknown> } } | null)?.body?.xdmEntity;
    if (entity !== undefined && typeof entity['_id'] === 'string') entity['_id'] = `${entity['_id']}-${name}`;
    faulty.push({ ...identity(broken), fault: name });
    // Spread the faulty messages through the file: a client must read every entry, not the first or the last.
    lines.splice(Math.min(lines.length, 1 + k * 3), 0, broken);
  });
  const text = lines.map((m) => JSON.stringify(m)).join('\n') + '\n';
  await writeFile(path, text);
  return { file: path, inputs: { valid: valid.map(identity), faulty }, bytes: Buffer.byteLength(text), count: lines.length };
}

/**
 * A page name of 120 Japanese characters: 360 bytes in UTF-8, 120 units in UTF-16. On a third of the
 * messages it makes the request's size in characters fall well short of its size in bytes, so a client
 * that measures "1 MB" in characters (as `String.length` does) sends requests over the limit. Only where
 * the generated entity already has a page name, so the schema is known to take one.
 */
const LONG_PAGE_NAME = 'ウェブページの詳細名前'.repeat(12);

function withLongPageName(message: StreamingMessage): void {
  const details = (message.body.xdmEntity as { web?: { webPageDetails?: Record<string, unknown> } }).web?.webPageDetails;
  if (details !== undefined && typeof details['name'] === 'string') details['name'] = LONG_PAGE_NAME;
}

export interface BatchInputs {
  file: string;
  records: number;
  /** How the batch ends on the reference server if uploaded and completed as it is. */
  expected: 'success' | 'failed';
}

/** JSON records, one per line, for the dataset; `failing` of them break its schema in the documented way. */
export async function writeBatchFile(dir: string, dataset: StreamableDataset, opts: { seed: number; records: number; failing?: number }): Promise<BatchInputs> {
  const lines = fc.sample(dataset.entity(), { seed: opts.seed, numRuns: opts.records }).map((r) => JSON.stringify(r));
  const failing = opts.failing ?? 0;
  if (failing > 0) {
    const invalid = invalidRecord(dataset);
    // A schema without the documented date-time field: a record that is not JSON fails the batch all the same.
    const broken = invalid ? fc.sample(invalid, { seed: opts.seed + 1, numRuns: failing }).map((r) => JSON.stringify(r.record)) : Array.from({ length: failing }, () => '{"not": json');
    broken.forEach((line, k) => lines.splice(Math.min(lines.length, 2 + k * 4), 0, line));
  }
  const file = join(dir, failing > 0 ? 'records-failing.json' : 'records.json');
  await writeFile(file, lines.join('\n') + '\n');
  return { file, records: lines.length, expected: failing > 0 ? 'failed' : 'success' };
}
