/**
 * check-trace against generated traces. Legal traces are built by walking the batch life cycle's legal
 * edges (create 201, uploads, COMPLETE or ABORT, the platform's steps seen through Catalog GETs, REVERT)
 * and a Campaign request's (trigger, In Progress, an end), interleaved; they give no finding. Then ONE
 * named illegal step is inserted (or a legal one dropped) anywhere it can be, and exactly its finding is
 * reported, at its entry. Runs: FC_NUM_RUNS (default 50); a failure prints the seed and path to replay.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BATCH_EVENT_ACTORS, BATCH_STATUSES, type BatchStatus } from '../../src/contract/batch.js';
import { batchLifecycle, isTerminal } from '../../src/lifecycle/batch.js';
import { checkHarText } from '../../src/lifecycle/trace/index.js';
import { calls as c, toHar, type Call } from '../unit/lifecycle/trace/har-builder.js';

const NUM_RUNS = Number(process.env['FC_NUM_RUNS'] ?? 50);
const LIFECYCLE = batchLifecycle('docs');

interface Step {
  call: Call;
  seg: string;
  kind: 'create' | 'put' | 'initialize' | 'part' | 'complete-file' | 'complete' | 'abort' | 'revert' | 'status' | 'trigger' | 'campaign-status';
  /** The status the checker knows the batch (or Campaign request) to be in after this step. */
  known?: string;
  file?: string;
  range?: [number, number, number];
}

/** Statuses reachable from `from` by the platform alone. */
function platformReach(from: BatchStatus): Set<BatchStatus> {
  const seen = new Set<BatchStatus>([from]);
  const queue = [from];
  while (queue.length > 0) {
    const s = queue.shift()!;
    for (const e of LIFECYCLE.edges) {
      if (e.from === s && BATCH_EVENT_ACTORS[e.event] === 'platform' && !seen.has(e.to)) {
        seen.add(e.to);
        queue.push(e.to);
      }
    }
  }
  return seen;
}

const batchArb = (id: string) =>
  fc
    .record({
      puts: fc.integer({ min: 0, max: 2 }),
      parts: fc.option(fc.array(fc.integer({ min: 1, max: 20 }), { minLength: 1, maxLength: 3 }), { nil: undefined }),
      abort: fc.boolean(),
      walk: fc.array(fc.nat(), { maxLength: 8 }),
      observe: fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
    })
    .map(({ puts, parts, abort, walk, observe }) => {
      const steps: Step[] = [{ call: c.create(id), seg: id, kind: 'create', known: 'loading' }];
      for (let k = 0; k < puts; k++) steps.push({ call: c.put(id, `events-${k}.json`), seg: id, kind: 'put', file: `events-${k}.json` });
      if (parts !== undefined) {
        const file = 'large/part-0.json';
        const total = parts.reduce((a, b) => a + b, 0);
        steps.push({ call: c.initialize(id, file), seg: id, kind: 'initialize', file });
        let start = 0;
        for (const size of parts) {
          steps.push({ call: c.part(id, file, start, start + size - 1, total), seg: id, kind: 'part', file, range: [start, start + size - 1, total] });
          start += size;
        }
        steps.push({ call: c.completeFile(id, file), seg: id, kind: 'complete-file', file });
      }
      if (abort) {
        steps.push({ call: c.action(id, 'ABORT'), seg: id, kind: 'abort', known: 'aborted' });
        if (observe[0]) steps.push({ call: c.status(id, 'aborted'), seg: id, kind: 'status', known: 'aborted' });
        return steps;
      }
      steps.push({ call: c.action(id, 'COMPLETE'), seg: id, kind: 'complete', known: 'loaded' });
      let state: BatchStatus = 'loaded';
      for (let k = 0; k < walk.length; k++) {
        const edges = LIFECYCLE.edges.filter((e) => e.from === state && (BATCH_EVENT_ACTORS[e.event] === 'platform' || e.event === 'revert'));
        const choice = walk[k]! % (edges.length + 1);
        if (choice === edges.length) break;
        const edge = edges[choice]!;
        state = edge.to;
        if (edge.event === 'revert') steps.push({ call: c.action(id, 'REVERT'), seg: id, kind: 'revert', known: 'inactive' });
        else if (observe[k] || isTerminal(state)) steps.push({ call: c.status(id, state), seg: id, kind: 'status', known: state });
      }
      return steps;
    });

const campaignArb = fc
  .record({ polls: fc.integer({ min: 0, max: 2 }), end: fc.constantFrom('Success', 'Failed', 'Aborted') })
  .map(({ polls, end }) => {
    const steps: Step[] = [{ call: c.trigger('ProfileToAEP', 3520), seg: 'campaign', kind: 'trigger', known: 'In Progress' }];
    for (let k = 0; k < polls; k++) steps.push({ call: c.campaignStatus('ProfileToAEP', 3520, 'In Progress'), seg: 'campaign', kind: 'campaign-status', known: 'In Progress' });
    steps.push({ call: c.campaignStatus('ProfileToAEP', 3520, end), seg: 'campaign', kind: 'campaign-status', known: end });
    return steps;
  });

/** Segments interleaved, each kept in its own order. */
const traceArb = fc
  .tuple(fc.array(fc.constant(null), { minLength: 1, maxLength: 2 }), fc.boolean(), fc.array(fc.nat(), { maxLength: 80 }))
  .chain(([batches, campaign, order]) =>
    fc.tuple(fc.tuple(...batches.map((_, k) => batchArb(`01JNB4A3W5Q2C0X8V7T6R5P4N${k}`))), campaign ? campaignArb : fc.constant([] as Step[])).map(([bs, cs]) => {
      const segments = [...bs, cs].filter((s) => s.length > 0).map((s) => [...s]);
      const out: Step[] = [];
      let k = 0;
      while (segments.some((s) => s.length > 0)) {
        const open = segments.filter((s) => s.length > 0);
        out.push(open[(order[k++] ?? 0) % open.length]!.shift()!);
      }
      return out;
    }),
  );

function findingsOf(steps: readonly Step[]): { ruleId: string; messageIndex?: number; severity: string }[] {
  const result = checkHarText(toHar(steps.map((s) => s.call)), 'trace.har');
  if (!result.ok) throw new Error(result.error.message);
  return result.findings.map((f) => ({ ruleId: f.ruleId, messageIndex: f.messageIndex, severity: f.severity }));
}

const knownAt = (steps: readonly Step[], seg: string, position: number): string | undefined =>
  steps.slice(0, position).filter((s) => s.seg === seg && s.known !== undefined).at(-1)?.known;

const insert = (steps: readonly Step[], position: number, step: Step): Step[] => [...steps.slice(0, position), step, ...steps.slice(position)];

/** A named illegal step: where it can go in a trace, and what it does there. Null when the trace offers no place. */
type Mutation = (steps: readonly Step[], pick: number) => { steps: Step[]; at: number; ruleId: string } | null;

const choose = <T>(items: readonly T[], pick: number): T | undefined => (items.length === 0 ? undefined : items[pick % items.length]);
const positions = (from: number, to: number) => Array.from({ length: Math.max(0, to - from + 1) }, (_, k) => from + k);
const indexOf = (steps: readonly Step[], pred: (s: Step) => boolean) => steps.findIndex(pred);

const MUTATIONS: Record<string, Mutation> = {
  'upload after COMPLETE': (steps, pick) => {
    const completes = steps.map((s, i) => [s, i] as const).filter(([s]) => s.kind === 'complete');
    const [complete, i] = choose(completes, pick) ?? [];
    if (complete === undefined || i === undefined) return null;
    const at = choose(positions(i + 1, steps.length), pick >> 3)!;
    return { steps: insert(steps, at, { call: c.put(complete.seg, 'late.json'), seg: complete.seg, kind: 'put' }), at, ruleId: 'trace.client.upload-after-close' };
  },
  'second COMPLETE answered differently': (steps, pick) => {
    const completes = steps.map((s, i) => [s, i] as const).filter(([s]) => s.kind === 'complete');
    const [complete, i] = choose(completes, pick) ?? [];
    if (complete === undefined || i === undefined) return null;
    const at = choose(positions(i + 1, steps.length), pick >> 3)!;
    return { steps: insert(steps, at, { call: c.action(complete.seg, 'COMPLETE', 400), seg: complete.seg, kind: 'complete' }), at, ruleId: 'trace.server.complete-not-idempotent' };
  },
  'status changed illegally': (steps, pick) => {
    const places: [string, number, BatchStatus][] = [];
    for (const seg of new Set(steps.filter((s) => s.kind === 'create').map((s) => s.seg))) {
      const created = indexOf(steps, (s) => s.seg === seg && s.kind === 'create');
      for (const p of positions(created + 1, steps.length)) {
        const known = knownAt(steps, seg, p) as BatchStatus;
        if (isTerminal(known)) continue;
        const reach = platformReach(known);
        for (const s of BATCH_STATUSES) if (!reach.has(s)) places.push([seg, p, s]);
      }
    }
    const [seg, at, status] = choose(places, pick) ?? [];
    if (seg === undefined || at === undefined || status === undefined) return null;
    return { steps: insert(steps, at, { call: c.status(seg, status), seg, kind: 'status' }), at, ruleId: 'trace.server.illegal-transition' };
  },
  'terminal state left': (steps, pick) => {
    const places: [string, number, BatchStatus][] = [];
    for (const seg of new Set(steps.filter((s) => s.kind === 'create').map((s) => s.seg))) {
      const created = indexOf(steps, (s) => s.seg === seg && s.kind === 'create');
      for (const p of positions(created + 1, steps.length)) {
        const known = knownAt(steps, seg, p) as BatchStatus;
        if (!isTerminal(known)) continue;
        for (const s of BATCH_STATUSES) if (s !== known) places.push([seg, p, s]);
      }
    }
    const [seg, at, status] = choose(places, pick) ?? [];
    if (seg === undefined || at === undefined || status === undefined) return null;
    return { steps: insert(steps, at, { call: c.status(seg, status), seg, kind: 'status' }), at, ruleId: 'trace.server.terminal-state-left' };
  },
  'COMPLETE missing': (steps, pick) => {
    const completes = steps.filter((s) => s.kind === 'complete');
    const complete = choose(completes, pick);
    if (complete === undefined) return null;
    const cut = steps.indexOf(complete);
    const kept = steps.filter((s, i) => s.seg !== complete.seg || i < cut);
    const at = kept.map((s, i) => [s, i] as const).filter(([s]) => s.seg === complete.seg).at(-1)![1];
    return { steps: kept, at, ruleId: 'trace.client.complete-missing' };
  },
  'chunk gap': (steps, pick) => {
    const part = choose(steps.filter((s) => s.kind === 'part'), pick);
    if (part === undefined) return null;
    const kept = steps.filter((s) => s !== part);
    const at = indexOf(kept, (s) => s.seg === part.seg && s.kind === 'complete-file');
    return { steps: kept, at, ruleId: 'trace.client.chunk-gap' };
  },
  'chunk overlap': (steps, pick) => {
    const part = choose(steps.filter((s) => s.kind === 'part'), pick);
    if (part === undefined || part.range === undefined) return null;
    const from = steps.indexOf(part);
    const to = indexOf(steps, (s) => s.seg === part.seg && s.kind === 'complete-file');
    const at = choose(positions(from + 1, to), pick >> 3)!;
    const [start, end, total] = part.range;
    const again: Step = { call: c.part(part.seg, part.file!, start, end, total), seg: part.seg, kind: 'part', file: part.file };
    return { steps: insert(steps, at, again), at, ruleId: 'trace.client.chunk-overlap' };
  },
  'Campaign request id changing': (steps, pick) => {
    const trigger = indexOf(steps, (s) => s.kind === 'trigger');
    if (trigger === -1) return null;
    const at = choose(positions(trigger + 1, steps.length), pick)!;
    const known = knownAt(steps, 'campaign', at)!;
    return { steps: insert(steps, at, { call: c.campaignStatus('ProfileToAEP', 3520, known, 3521), seg: 'campaign', kind: 'campaign-status' }), at, ruleId: 'trace.server.campaign-request-id-changed' };
  },
  'upload before create': (steps, pick) => {
    const seg = choose([...new Set(steps.filter((s) => s.kind === 'create').map((s) => s.seg))], pick);
    if (seg === undefined) return null;
    const created = indexOf(steps, (s) => s.seg === seg && s.kind === 'create');
    const at = choose(positions(0, created), pick >> 3)!;
    return { steps: insert(steps, at, { call: c.put(seg, 'early.json'), seg, kind: 'put' }), at, ruleId: 'trace.client.upload-before-create' };
  },
};

describe('generated traces (fast-check)', () => {
  it('a trace along the legal paths gives no finding', () => {
    fc.assert(
      fc.property(traceArb, (steps) => {
        expect(findingsOf(steps)).toEqual([]);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  for (const [name, mutate] of Object.entries(MUTATIONS)) {
    it(`${name}, inserted anywhere it can be, is reported at its entry and nothing else is`, () => {
      fc.assert(
        fc.property(traceArb, fc.nat(), (steps, pick) => {
          const mutated = mutate(steps, pick);
          fc.pre(mutated !== null);
          expect(findingsOf(mutated!.steps)).toEqual([{ ruleId: mutated!.ruleId, messageIndex: mutated!.at, severity: 'error' }]);
        }),
        { numRuns: NUM_RUNS },
      );
    });
  }
});
