import type { SourceRef } from './sources.js';

/**
 * Where two sources disagree, the contract keeps every reading under a name and a profile picks one.
 * Nothing in the rules reads a source directly: it asks `pick(profile, disagreementId)`.
 */
export interface Reading<T> {
  value: T;
  sources: SourceRef[];
  /** Why this reading exists, in plain words (shown by `aep-harness profiles`). */
  note: string;
}

export interface Disagreement<T, R extends string = string> {
  id: string;
  question: string;
  readings: Record<R, Reading<T>>;
}

export const PROFILE_NAMES = ['docs', 'openapi', 'strict'] as const;
export type ProfileName = (typeof PROFILE_NAMES)[number];

export interface Profile {
  name: ProfileName;
  description: string;
}

export const PROFILES: Record<ProfileName, Profile> = {
  docs: {
    name: 'docs',
    description:
      "The default: follows Adobe's tutorials, which are what the platform was observed to do when they were written.",
  },
  openapi: {
    name: 'openapi',
    description: "Follows Adobe's OpenAPI files (Streaming Ingestion, Batch Ingestion, Catalog, Data Access) where they differ from the tutorials: every answer they declare is the one sent.",
  },
  strict: {
    name: 'strict',
    description:
      'Takes the stricter reading of every disagreement, so that a payload that passes will pass under any of them.',
  },
};

export function isProfileName(name: string): name is ProfileName {
  return (PROFILE_NAMES as readonly string[]).includes(name);
}

/** One reading of a disagreement: its value, why it exists, and where it is written. */
export const reading = <T>(value: T, note: string, ...sources: SourceRef[]): Reading<T> => ({ value, note, sources });

/** For each profile, the name of the reading it takes for every disagreement of a set. */
export type Picks<Ds extends Record<string, Disagreement<unknown>>> = {
  [P in ProfileName]: { [D in keyof Ds]: keyof Ds[D]['readings'] };
};

/**
 * The `pick(profile, id)` of one set of disagreements: the reading the profile takes, with its value
 * typed. Every API's contract module makes its own from its disagreements and picks.
 */
export function picker<Ds extends Record<string, Disagreement<unknown>>>(disagreements: Ds, picks: Picks<Ds>) {
  return <D extends keyof Ds>(profile: ProfileName, id: D): Ds[D]['readings'][keyof Ds[D]['readings']] => {
    const readings = (disagreements[id] as Disagreement<unknown>).readings as Record<PropertyKey, unknown>;
    return readings[picks[profile][id] as PropertyKey] as Ds[D]['readings'][keyof Ds[D]['readings']];
  };
}
