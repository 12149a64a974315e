/**
 * `verify`'s batch model over the endpoints real clients call beside the tutorials' (HEAD on a file, the
 * batch preview, the Catalog list, a batch's dataset files) and over the outcome's metrics, under every
 * profile: the reference server passes, and each of those behaviours is exercised.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BehaviourId } from '../../src/contract/behaviours.js';
import { PROFILE_NAMES, type ProfileName } from '../../src/contract/profiles.js';
import { openTarget, type Target } from '../../src/conformance/target.js';
import { verifyTarget, type VerifyResult } from '../../src/conformance/verify/index.js';
import { defaultWorld } from '../../src/world/index.js';

const world = defaultWorld();

const BUILT_FOR: BehaviourId[] = ['batch.upload.file-status', 'batch.preview', 'batch.metrics.agree', 'catalog.batches.list', 'export.dataset-files', 'batch.upload.chunked', 'batch.create'];

describe.each(PROFILE_NAMES)('the batch model under %s', (profile: ProfileName) => {
  let target: Target;
  let result: VerifyResult;
  beforeAll(async () => {
    target = await openTarget({ world, profile, env: {} });
    result = await verifyTarget({ url: target.url, headers: target.headers, world, profile, runs: 24, seed: 20241202, only: ['batch'] });
  }, 120_000);
  afterAll(() => target.close());

  it('finds no failure', () => {
    expect(result.failures).toEqual([]);
    expect(result.checks.filter((c) => !c.ok).map((c) => `${c.behaviour}: ${c.subject}`)).toEqual([]);
  });

  it('exercises HEAD, the preview, the Catalog list, the dataset files and the metrics of the outcome', () => {
    const exercised = new Set(result.checks.map((c) => c.behaviour));
    expect(BUILT_FOR.filter((id) => !exercised.has(id))).toEqual([]);
  });
});
