/** What every route of the reference server shares: the world, the profile, the store, time and ids. */
import { randomBytes, randomInt } from 'node:crypto';
import type { ProfileName } from '../contract/profiles.js';
import { StreamingAnalyser } from '../rules/streaming/analyse.js';
import type { World } from '../world/types.js';
import type { Clock, Store } from './store/types.js';

export interface ServerContext {
  world: World;
  profile: ProfileName;
  store: Store;
  clock: Clock;
  /** Whether `x-aep-harness-fault` is obeyed. */
  faults: boolean;
  log: (line: string) => void;
  /** The analyser for an inlet of the world, built once per inlet; undefined for an unknown inlet. */
  analyser(inletId: string): StreamingAnalyser | undefined;
  ids: IdSource;
}

export interface IdSource {
  /** A collection batch id in the form the tutorials show: `1565628583792:1485:153`. */
  collectionBatchId(now: number): string;
  /** A Catalog batch id: 32 lower-case hex digits. */
  catalogBatchId(): string;
}

export const systemClock: Clock = { now: () => Date.now() };

export function randomIds(): IdSource {
  let sequence = 0;
  return {
    collectionBatchId: (now) => `${now}:${randomInt(1000, 10000)}:${(sequence = (sequence + 1) % 100000)}`,
    catalogBatchId: () => randomBytes(16).toString('hex'),
  };
}

export function createContext(opts: Omit<ServerContext, 'analyser' | 'ids'> & { ids?: IdSource }): ServerContext {
  const analysers = new Map<string, StreamingAnalyser>();
  return {
    ...opts,
    ids: opts.ids ?? randomIds(),
    analyser(inletId) {
      let analyser = analysers.get(inletId);
      if (analyser === undefined && opts.world.inlets.some((inlet) => inlet.id === inletId)) {
        analyser = new StreamingAnalyser({ world: opts.world, profile: opts.profile, inletId });
        analysers.set(inletId, analyser);
      }
      return analyser;
    },
  };
}
