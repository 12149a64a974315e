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
    description: "Follows Adobe's OpenAPI file for the Streaming Ingestion API where it differs from the tutorials.",
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
