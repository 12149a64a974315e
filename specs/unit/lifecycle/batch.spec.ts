/**
 * The batch life cycle against a table written here from the overview's status table and the ABORT
 * readings (an oracle independent of BATCH_TRANSITIONS), and a property over random event sequences.
 *
 * Runs: FC_NUM_RUNS (default 200); a failure prints its seed and path, and
 * `FC_SEED=<seed> FC_PATH=<path>` replays it exactly.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BATCH_EVENTS, BATCH_STATUSES, type BatchEvent, type BatchStatus } from '../../../src/contract/batch.js';
import { PROFILE_NAMES, type ProfileName } from '../../../src/contract/profiles.js';
import { INITIAL_BATCH_STATUS, batchLifecycle, isFinal, isTerminal, legalSuccessors, transition } from '../../../src/lifecycle/batch.js';

type Expected = Partial<Record<BatchEvent, BatchStatus>>;

/** What the docs (and strict) profile allows: the overview's path, ABORT only while loading, no FAIL. */
const DOCS: Record<BatchStatus, Expected> = {
  loading: { complete: 'loaded', abort: 'aborted', abandon: 'abandoned' },
  loaded: { complete: 'loaded', 'promote-step': 'staging' },
  staging: { complete: 'staging', 'promote-step': 'staged', 'validation-failed': 'failed', retry: 'retrying' },
  staged: { complete: 'staged', 'validation-passed': 'active', retry: 'retrying' },
  retrying: { complete: 'retrying', 'promote-step': 'staging', stall: 'stalled' },
  stalled: { complete: 'stalled' },
  active: { complete: 'active', revert: 'inactive', expire: 'inactive' },
  inactive: { complete: 'inactive', collect: 'deleted' },
  failed: { complete: 'failed' },
  deleted: { complete: 'deleted' },
  aborted: {},
  abandoned: {},
};

/** The openapi profile adds ABORT and FAIL on every batch still processing. */
const PROCESSING: BatchStatus[] = ['loading', 'loaded', 'staging', 'staged', 'retrying', 'stalled'];
const OPENAPI: Record<BatchStatus, Expected> = Object.fromEntries(
  BATCH_STATUSES.map((s) => [s, PROCESSING.includes(s) ? { ...DOCS[s], abort: 'aborted', fail: 'failed' } : DOCS[s]]),
) as Record<BatchStatus, Expected>;

const EXPECTED: Record<ProfileName, Record<BatchStatus, Expected>> = { docs: DOCS, strict: DOCS, openapi: OPENAPI };

describe('batch life cycle: every documented transition is allowed, every other refused with a reason', () => {
  for (const profile of PROFILE_NAMES) {
    describe(`${profile} profile`, () => {
      for (const state of BATCH_STATUSES) {
        for (const event of BATCH_EVENTS) {
          const next = EXPECTED[profile][state][event];
          it(`${state} --${event}--> ${next ?? 'refused'}`, () => {
            const result = transition(state, event, profile);
            if (next === undefined) {
              expect(result.ok).toBe(false);
              if (!result.ok) expect(result.reason).toMatch(new RegExp(state));
            } else {
              expect(result).toMatchObject({ ok: true, next });
            }
            expect(result.sources.length).toBeGreaterThan(0);
          });
        }
      }
    });
  }
});

describe('the documented path to active', () => {
  it('loading, COMPLETE, loaded, staging, staged, active', () => {
    const events: BatchEvent[] = ['complete', 'promote-step', 'promote-step', 'validation-passed'];
    const path = [INITIAL_BATCH_STATUS];
    for (const e of events) {
      const r = transition(path[path.length - 1]!, e);
      if (!r.ok) throw new Error(r.reason);
      path.push(r.next);
    }
    expect(path).toEqual(['loading', 'loaded', 'staging', 'staged', 'active']);
  });

  it('REVERT, then collection: active, inactive, deleted', () => {
    expect(transition('active', 'revert')).toMatchObject({ ok: true, next: 'inactive' });
    expect(transition('inactive', 'collect')).toMatchObject({ ok: true, next: 'deleted' });
  });
});

describe('COMPLETE is safe to retry', () => {
  it('on a batch past loading it answers success and changes nothing', () => {
    for (const state of ['loaded', 'staging', 'active', 'failed'] as const) {
      expect(transition(state, 'complete')).toMatchObject({ ok: true, next: state, idempotent: true });
    }
  });

  it('the first COMPLETE is not marked idempotent', () => {
    expect(transition('loading', 'complete')).not.toHaveProperty('idempotent');
  });

  it('an aborted or abandoned batch was never completed: COMPLETE is refused', () => {
    expect(transition('aborted', 'complete').ok).toBe(false);
    expect(transition('abandoned', 'complete').ok).toBe(false);
  });
});

describe('ABORT per profile', () => {
  it('docs and strict: a loaded batch cannot be aborted, and the reason says why', () => {
    for (const profile of ['docs', 'strict'] as const) {
      const r = transition('loaded', 'abort', profile);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.reason).toMatch(/loaded/);
    }
  });

  it('openapi: a batch still processing can be aborted, a final one cannot', () => {
    expect(transition('staging', 'abort', 'openapi')).toMatchObject({ ok: true, next: 'aborted' });
    expect(transition('active', 'abort', 'openapi').ok).toBe(false);
    expect(transition('failed', 'abort', 'openapi').ok).toBe(false);
  });

  it('FAIL is refused as an action where the profile follows the tutorials', () => {
    const r = transition('loading', 'fail', 'docs');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/FAIL is not a batch action/);
  });
});

describe('legalSuccessors and isFinal', () => {
  it('list the statuses one event leads to', () => {
    expect(legalSuccessors('loading').sort()).toEqual(['aborted', 'abandoned', 'loaded'].sort());
    expect(legalSuccessors('loading', 'openapi').sort()).toEqual(['aborted', 'abandoned', 'failed', 'loaded'].sort());
    expect(legalSuccessors('aborted')).toEqual([]);
    expect(legalSuccessors('active').sort()).toEqual(['inactive']);
  });

  it('final: success, failure, aborted, abandoned, reverted, deleted', () => {
    expect(BATCH_STATUSES.filter(isFinal).sort()).toEqual(['abandoned', 'aborted', 'active', 'deleted', 'failed', 'inactive']);
    expect(BATCH_STATUSES.filter(isTerminal).sort()).toEqual(['abandoned', 'aborted', 'deleted', 'failed']);
  });

  it('legalEvents agrees with transition', () => {
    const lifecycle = batchLifecycle('openapi');
    for (const s of BATCH_STATUSES) {
      expect(lifecycle.legalEvents(s)).toEqual(BATCH_EVENTS.filter((e) => lifecycle.transition(s, e).ok));
    }
  });
});

describe('property: random event sequences', () => {
  const numRuns = Number(process.env.FC_NUM_RUNS ?? 200);
  const params: fc.Parameters<[ProfileName, BatchEvent[]]> = {
    numRuns,
    ...(process.env.FC_SEED !== undefined ? { seed: Number(process.env.FC_SEED) } : {}),
    ...(process.env.FC_PATH !== undefined ? { path: process.env.FC_PATH } : {}),
  };

  it('never leave the final set, never leave a terminal status, and only reach statuses of the table', () => {
    fc.assert(
      fc.property(fc.constantFrom(...PROFILE_NAMES), fc.array(fc.constantFrom(...BATCH_EVENTS), { maxLength: 40 }), (profile, events) => {
        let state: BatchStatus = INITIAL_BATCH_STATUS;
        for (const event of events) {
          const result = transition(state, event, profile);
          if (!result.ok) continue;
          expect(BATCH_STATUSES).toContain(result.next);
          if (isFinal(state)) expect(isFinal(result.next)).toBe(true);
          if (isTerminal(state)) expect(result.next).toBe(state);
          if (result.idempotent === true) expect(result.next).toBe(state);
          state = result.next;
        }
      }),
      params,
    );
  });
});
