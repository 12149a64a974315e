/**
 * Pre-flight against the generators' oracle: valid requests are predicted accepted, and one named
 * mutation of one message changes exactly that message's entry, to the verdict the mutation carries.
 *
 * Runs: FC_NUM_RUNS (default 60) per property; a failure prints its seed and path, and
 * `FC_SEED=<seed> FC_PATH=<path>` replays it exactly.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { XACTION_ID } from '../../src/contract/streaming.js';
import {
  MUTATIONS,
  mutationNamed,
  validRequest,
  type ExpectedVerdict,
  type Mutation,
  type MutationName,
  type StreamingRequest,
} from '../../src/generate/index.js';
import type { FileReport, PredictedMessage } from '../../src/report/model.js';
import { StreamingAnalyser } from '../../src/rules/streaming/analyse.js';
import { preflightFile } from '../../src/rules/streaming/preflight.js';
import { defaultWorld } from '../../src/world/index.js';

const INLET_ID = '9b0cb233972f3b0092992284c7353f5eead496218e8441a79b25e9421ea127f5';

/** The generators' world and the analyser's are separate copies: nothing the one does reaches the other. */
const world = defaultWorld();
const inlet = world.inlets.find((i) => i.id === INLET_ID)!;
const analyser = new StreamingAnalyser({ world: defaultWorld(), inletId: INLET_ID });

const NUM_RUNS = Number(process.env.FC_NUM_RUNS ?? 60);
/** Each per-mutation property runs a sixth of the main ones: enough to name the failing mutation. */
const PER_MUTATION_RUNS = Math.max(3, Math.ceil(NUM_RUNS / 6));

function params(numRuns: number): fc.Parameters<unknown> {
  return {
    numRuns,
    ...(process.env.FC_SEED !== undefined ? { seed: Number(process.env.FC_SEED) } : {}),
    ...(process.env.FC_PATH !== undefined ? { path: process.env.FC_PATH } : {}),
  };
}

let dir: string;
let fileNumber = 0;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'aep-preflight-property-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function preflightText(text: string, ext: 'json' | 'ndjson'): Promise<FileReport> {
  const file = join(dir, `case-${++fileNumber}.${ext}`);
  await writeFile(file, text, 'utf8');
  try {
    return await preflightFile(file, analyser);
  } finally {
    await rm(file, { force: true });
  }
}

function batchAnswer(report: FileReport) {
  const predicted = report.predicted;
  if (predicted?.kind !== 'batch-request' || predicted.status !== 207) {
    throw new Error(`expected a 207 batch-request prediction, got ${JSON.stringify(predicted)}`);
  }
  return predicted;
}

const xactionId = (index: number) => XACTION_ID.format(XACTION_ID.batchIdPlaceholder, index);

function expectAcceptedAndPassing(entry: PredictedMessage | undefined, index: number): void {
  expect(entry).toEqual({ index, outcome: 'accepted', xactionId: xactionId(index), streamingValidation: { status: 'pass' } });
}

function expectVerdict(entry: PredictedMessage | undefined, index: number, verdict: ExpectedVerdict): void {
  switch (verdict.kind) {
    case 'accepted':
      expectAcceptedAndPassing(entry, index);
      return;
    case 'rejected':
      expect(entry).toEqual({ index, outcome: 'rejected', statusCode: 400, message: verdict.message });
      return;
    case 'error-batch':
      expect(entry).toMatchObject({ index, outcome: 'accepted', xactionId: xactionId(index), streamingValidation: { status: 'fail' } });
      if (entry?.outcome === 'accepted' && entry.streamingValidation.status === 'fail') {
        expect(entry.streamingValidation.errors.length).toBeGreaterThan(0);
      }
      return;
  }
}

/** A valid request with a message index and the name of a mutation; the mutation is applied in the property. */
function mutationCase(names: readonly MutationName[], maxMessages: number) {
  return fc.record({
    request: validRequest(world, inlet, { minMessages: 1, maxMessages }),
    pickIndex: fc.nat(),
    name: fc.constantFrom(...names),
  });
}

/**
 * Applies the named mutation to one message of a (possibly shrunk) valid request and checks the whole
 * prediction: that message gets the mutation's verdict, every other one is accepted and passes.
 */
async function checkMutation(request: StreamingRequest, pickIndex: number, mutation: Mutation): Promise<void> {
  const applicable = request.messages.flatMap((m, i) => (mutation.applies(m, world) ? [i] : []));
  fc.pre(applicable.length > 0);
  const index = applicable[pickIndex % applicable.length]!;
  const original = request.messages[index]!;
  fc.pre(mutation.applies(original, world));

  const mutated = request.messages.map((m, i) => (i === index ? mutation.apply(m, world, inlet) : m));
  const report = await preflightText(JSON.stringify({ messages: mutated }), 'json');
  const answer = batchAnswer(report);

  expect(answer.messages).toHaveLength(request.messages.length);
  const verdict = mutation.expect(inlet);
  answer.messages.forEach((entry, i) => (i === index ? expectVerdict(entry, i, verdict) : expectAcceptedAndPassing(entry, i)));
  expect(answer.counts).toEqual({
    messages: request.messages.length,
    accepted: request.messages.length - (verdict.kind === 'rejected' ? 1 : 0),
    rejected: verdict.kind === 'rejected' ? 1 : 0,
    errorBatch: verdict.kind === 'error-batch' ? 1 : 0,
  });
  // The findings say why, and about the mutated message only.
  const errors = report.findings.filter((f) => f.severity === 'error');
  expect(errors.filter((f) => f.messageIndex !== index)).toEqual([]);
  if (verdict.kind === 'accepted') expect(errors).toEqual([]);
  else expect(errors.length).toBeGreaterThan(0);
}

describe('pre-flight of valid generated requests', () => {
  it('predicts 207 with every message accepted, xactionId <batchId>:index, validation passing, and no error', async () => {
    await fc.assert(
      fc.asyncProperty(validRequest(world, inlet, { minMessages: 1, maxMessages: 60 }), fc.constantFrom(undefined, 2), async (request, indent) => {
        // Compact or pretty-printed: the layout of the file changes where findings are, never the verdict.
        const report = await preflightText(JSON.stringify(request, null, indent), 'json');
        expect(report.inputError).toBeUndefined();
        expect(report.findings.filter((f) => f.severity === 'error')).toEqual([]);
        const answer = batchAnswer(report);
        expect(answer.messages).toHaveLength(request.messages.length);
        answer.messages.forEach((entry, i) => expectAcceptedAndPassing(entry, i));
        expect(answer.body.responses).toEqual(request.messages.map((_, i) => ({ xactionId: xactionId(i) })));
        expect(answer.counts).toEqual({ messages: request.messages.length, accepted: request.messages.length, rejected: 0, errorBatch: 0 });
      }),
      params(NUM_RUNS),
    );
  });

  it('NDJSON: the same messages one per line (LF or CRLF, with or without a final newline) are all accepted', async () => {
    await fc.assert(
      fc.asyncProperty(
        validRequest(world, inlet, { minMessages: 1, maxMessages: 60 }),
        fc.constantFrom('\n', '\r\n'),
        fc.boolean(),
        async (request, newline, finalNewline) => {
          const text = request.messages.map((m) => JSON.stringify(m)).join(newline) + (finalNewline ? newline : '');
          const report = await preflightText(text, 'ndjson');
          expect(report.inputError).toBeUndefined();
          expect(report.findings.filter((f) => f.severity === 'error')).toEqual([]);
          const predicted = report.predicted;
          if (predicted?.kind !== 'message-stream') throw new Error(`expected a message-stream prediction, got ${JSON.stringify(predicted)}`);
          expect(predicted.counts).toEqual({ messages: request.messages.length, accepted: request.messages.length, rejected: 0, errorBatch: 0 });
          expect(predicted.notAccepted).toEqual([]);
        },
      ),
      params(NUM_RUNS),
    );
  });
});

describe('pre-flight of one named mutation of one message', () => {
  it('gives that message the mutation\'s verdict and leaves every other message accepted', async () => {
    await fc.assert(
      fc.asyncProperty(mutationCase(MUTATIONS.map((m) => m.name), 20), async ({ request, pickIndex, name }) => {
        await checkMutation(request, pickIndex, mutationNamed(name));
      }),
      params(NUM_RUNS),
    );
  });

  for (const mutation of MUTATIONS) {
    describe(`mutation ${mutation.name}`, () => {
      it(mutation.description, async () => {
        await fc.assert(
          fc.asyncProperty(mutationCase([mutation.name], 8), async ({ request, pickIndex }) => {
            await checkMutation(request, pickIndex, mutation);
          }),
          params(PER_MUTATION_RUNS),
        );
      });
    });
  }
});
