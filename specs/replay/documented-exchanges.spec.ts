/**
 * Every documented exchange of the three APIs (`fixtures/exchanges/`), loaded with the fixture loader and
 * replayed against the reference server started in-process, once per profile. The reference server must
 * answer every one as documented; every fixture must run under each profile it names; and every behaviour
 * of the catalogue that a documented exchange shows must be exercised by at least one of them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BEHAVIOURS, type BehaviourId } from '../../src/contract/behaviours.js';
import { PROFILE_NAMES, type ProfileName } from '../../src/contract/profiles.js';
import { openTarget } from '../../src/conformance/target.js';
import { loadFixtures, type LoadedFixture } from '../../src/replay/load.js';
import { describeMismatches, replayFixtures, type ReplayResult } from '../../src/replay/run.js';
import { defaultWorld } from '../../src/world/default.js';
import type { CampaignMapping, Inlet, World } from '../../src/world/types.js';

const FIXTURES = 'fixtures/exchanges';

/**
 * The Campaign mappings the status fixtures name, each ending as one documented status example. The
 * default world has only a mapping that succeeds at once; until it holds these, they are added here, the
 * default world's own entries winning when it has them.
 */
const STATUS_MAPPINGS: readonly CampaignMapping[] = [
  // Stays In Progress far longer than a run lasts, for "already in progress" and the In Progress status.
  { id: 'SlowMapping', published: true, stopped: true, outcome: { status: 'success', numRecords: 15 }, processingMs: 3_600_000 },
  { id: 'FetchFailsMapping', published: true, stopped: true, outcome: { status: 'failed', reason: 'fetch' } },
  { id: 'UploadFailsMapping', published: true, stopped: true, outcome: { status: 'failed', reason: 'upload' } },
  { id: 'AbortedMapping', published: true, stopped: true, outcome: { status: 'aborted' } },
];

/**
 * An inlet that requires authentication, for the documented 401. Listed after the default world's inlet, so
 * `${inletId}` stays the tutorials' inlet; no token is listed, so none is accepted.
 */
const AUTHENTICATED_INLET: Omit<Inlet, 'org'> = {
  id: '4e1f7a9c2b3d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7',
  authenticationRequired: true,
  name: 'Authenticated web events',
};

/** The default world, with what the fixtures need and it does not hold yet; its own entries win. */
function exchangesWorld(): World {
  const world = defaultWorld();
  const knownMappings = new Set(world.campaignMappings.map((m) => m.id));
  world.campaignMappings.push(...STATUS_MAPPINGS.filter((m) => !knownMappings.has(m.id)));
  const org = world.inlets[0]?.org ?? world.orgs[0]?.id ?? '';
  if (!world.inlets.some((i) => i.authenticationRequired)) world.inlets.push({ ...AUTHENTICATED_INLET, org });
  return world;
}

/**
 * Behaviours no documented exchange can show against the default world, and why. Every other behaviour of
 * the catalogue must be exercised.
 */
const NOT_SHOWN: Partial<Record<BehaviourId, string>> = {
  'batch.status.legal-transitions': 'a property of every status a batch shows over time, checked by verify, not one exchange',
};

let fixtures: LoadedFixture[];
const results = new Map<ProfileName, ReplayResult>();

beforeAll(async () => {
  fixtures = await loadFixtures([FIXTURES]);
  for (const profile of PROFILE_NAMES) {
    const world = exchangesWorld();
    const target = await openTarget({ world, profile, env: {} });
    try {
      results.set(profile, await replayFixtures(fixtures, { url: target.url, headers: target.headers, profile, world }));
    } finally {
      await target.close();
    }
  }
}, 120_000);

afterAll(() => results.clear());

function resultOf(profile: ProfileName): ReplayResult {
  const result = results.get(profile);
  if (result === undefined) throw new Error(`no replay under ${profile}`);
  return result;
}

/** What failed, step by step, so a failure reads as the mismatches themselves. */
function failures(result: ReplayResult): string[] {
  return result.fixtures
    .filter((f) => f.outcome === 'failed')
    .flatMap((f) => f.steps.filter((s) => s.outcome === 'failed').map((s) => `${f.name} step ${s.index + 1} (${s.name}): ${describeMismatches(s).join('; ')}`));
}

describe('the documented exchanges load', () => {
  it('every fixture under fixtures/exchanges loads without a problem, in the five API folders', () => {
    expect(fixtures.length).toBeGreaterThan(0);
    const folders = new Set(fixtures.map((f) => f.fixture.name.split('/')[0]));
    expect([...folders].sort()).toEqual(['batch', 'campaign', 'catalog', 'export', 'streaming']);
  });

  it.each(PROFILE_NAMES)('every fixture that names %s runs under it: none is skipped for a run variable the world lacks', (profile) => {
    const named = fixtures.filter((f) => f.fixture.profiles.includes(profile)).map((f) => f.fixture.name);
    const ran = resultOf(profile)
      .fixtures.filter((f) => f.outcome !== 'skipped')
      .map((f) => f.name);
    const skipped = resultOf(profile)
      .fixtures.filter((f) => f.outcome === 'skipped' && named.includes(f.name))
      .map((f) => `${f.name}: ${f.reason ?? ''}`);
    expect(skipped).toEqual([]);
    expect(ran.sort()).toEqual(named.sort());
  });
});

describe.each(PROFILE_NAMES)('the reference server answers every documented exchange as documented (%s)', (profile) => {
  it('no fixture fails and no check fails', () => {
    const result = resultOf(profile);
    expect(failures(result)).toEqual([]);
    expect(result.checks.filter((c) => !c.ok).map((c) => c.subject)).toEqual([]);
    expect(result.counts.failed).toBe(0);
  });
});

describe('coverage of the behaviour catalogue', () => {
  it('every fixture runs under at least one profile', () => {
    const ranSomewhere = new Set(PROFILE_NAMES.flatMap((p) => resultOf(p).fixtures.filter((f) => f.outcome !== 'skipped').map((f) => f.name)));
    expect(fixtures.map((f) => f.fixture.name).filter((name) => !ranSomewhere.has(name))).toEqual([]);
  });

  it('under docs, every fixture runs but those written for another profile only', () => {
    const docsOnlyElsewhere = fixtures.filter((f) => !f.fixture.profiles.includes('docs')).map((f) => f.fixture.name);
    const skipped = resultOf('docs')
      .fixtures.filter((f) => f.outcome === 'skipped')
      .map((f) => f.name);
    expect(skipped.sort()).toEqual(docsOnlyElsewhere.sort());
  });

  it('every behaviour a documented exchange shows is exercised by a passing check', () => {
    const exercised = new Set(PROFILE_NAMES.flatMap((p) => resultOf(p).checks.filter((c) => c.ok).map((c) => c.behaviour)));
    const expected = BEHAVIOURS.map((b) => b.id as BehaviourId).filter((id) => NOT_SHOWN[id] === undefined);
    expect(expected.filter((id) => !exercised.has(id))).toEqual([]);
  });

  it('the behaviours left out are in the catalogue and really not exercised', () => {
    const catalogue = new Set<string>(BEHAVIOURS.map((b) => b.id));
    const exercised = new Set(PROFILE_NAMES.flatMap((p) => resultOf(p).checks.map((c) => c.behaviour)));
    for (const id of Object.keys(NOT_SHOWN)) {
      expect(catalogue.has(id), id).toBe(true);
      expect(exercised.has(id as BehaviourId), id).toBe(false);
    }
  });
});
