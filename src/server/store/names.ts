/**
 * Which names the store accepts, and how they become file-system names.
 *
 * Batch ids, dataset ids, file names and failed-output names come from URLs the clients chose, so they
 * are checked before anything touches the disk: no separator, no NUL, not `.` or `..`, not a drive
 * path. Everything else is accepted and percent-encoded for the file system, so a documented file
 * name such as `events 2024:01.json` or `données.parquet` is stored under a name every file system
 * takes. A name with `..` inside (`a..b.json`) is harmless once separators are refused, and accepted.
 */
import { StoreError } from './errors.js';

export type NameKind = 'batch id' | 'dataset id' | 'file name' | 'output name' | 'request id';

/** Room for the suffix the file store adds (`@<random>.tmp`) under the common 255-byte limit. */
export const MAX_ENCODED_NAME_BYTES = 200;

export function checkName(kind: NameKind, value: unknown): string {
  if (typeof value !== 'string' || value.length === 0) throw new StoreError('invalid-name', `the ${kind} must be a non-empty string`);
  const shown = JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
  if (value === '.' || value === '..') throw new StoreError('invalid-name', `the ${kind} ${shown} would name a directory outside the store`);
  if (/[/\\]/.test(value)) throw new StoreError('invalid-name', `the ${kind} ${shown} contains a path separator (/ or \\)`);
  if (value.includes('\0')) throw new StoreError('invalid-name', `the ${kind} ${shown} contains a NUL character`);
  if (/^[A-Za-z]:/.test(value)) throw new StoreError('invalid-name', `the ${kind} ${shown} looks like an absolute (drive) path`);
  let encoded: string;
  try {
    encoded = encodeName(value);
  } catch {
    throw new StoreError('invalid-name', `the ${kind} ${shown} is not well-formed Unicode (a lone surrogate)`);
  }
  if (encoded.length > MAX_ENCODED_NAME_BYTES) {
    throw new StoreError('invalid-name', `the ${kind} ${shown} is too long to store (over ${MAX_ENCODED_NAME_BYTES} bytes once encoded)`);
  }
  return value;
}

/**
 * `encodeURIComponent`, plus `*` (refused by Windows). The result never contains `@`, which the file
 * store uses to separate a name from the random part of a stored copy.
 */
export function encodeName(name: string): string {
  return encodeURIComponent(name).replace(/\*/g, '%2A');
}
