/**
 * Batch records that break their dataset's schema in one known way, with the violation the failed-batch
 * file documents for it, so a batch holding one is known to fail, and what its failed file says is known,
 * before any validator runs (DESIGN.md, "Oracles stay independent").
 *
 * The one breakage is the documented one: `timestamp` set to the failed-batch example's value, whose month
 * 00 makes it no RFC 3339 date-time (contract FAILED_BATCH_FILE.documentedExample). The value is read from
 * the documented message, which names it between the brackets, so that the record and the text expected of
 * it cannot drift apart.
 */
import fc from 'fast-check';
import { FAILED_BATCH_FILE } from '../contract/catalog.js';
import { valueAtPointer } from '../parse/locate.js';
import type { XdmEntity } from './entities.js';
import type { StreamableDataset } from './messages.js';

/** A `_validationErrors` item as documented, but for `causingExceptions` and the text after its prefix. */
export interface DocumentedViolation {
  keyword: string;
  /** The message begins so. */
  messagePrefix: string;
  pointerToViolation: string;
  schemaLocation: string;
}

export interface InvalidRecord {
  record: XdmEntity;
  violation: DocumentedViolation;
}

const EXAMPLE = FAILED_BATCH_FILE.documentedExample;

/** `[2018-00-23T22:07:01Z] is not a valid date-time…` → `2018-00-23T22:07:01Z`. */
export const DOCUMENTED_BAD_DATE_TIME: string = (() => {
  const value = /^\[([^\]]+)\]/.exec(EXAMPLE.messagePrefix)?.[1];
  if (value === undefined) throw new Error(`the documented failed-file message names no value: ${EXAMPLE.messagePrefix}`);
  return value;
})();

/** The documented pointer `#/timestamp` as a property name. */
const FIELD = EXAMPLE.pointerToViolation.replace(/^#\//, '');

/** Whether the dataset's schema declares the documented field as a date-time, so the documented value breaks it. */
function admitsDocumentedViolation(dataset: StreamableDataset): boolean {
  const declaration = valueAtPointer(dataset.schema.jsonSchema, `/properties/${FIELD}`) as { type?: unknown; format?: unknown } | null | undefined;
  return declaration?.type === 'string' && declaration.format === 'date-time';
}

/**
 * A valid record of the dataset with the documented field set to the documented invalid date-time; undefined
 * when the dataset's schema does not declare that field as a date-time (the violation would not be the documented one).
 */
export function invalidRecord(dataset: StreamableDataset): fc.Arbitrary<InvalidRecord> | undefined {
  if (!admitsDocumentedViolation(dataset)) return undefined;
  const violation: DocumentedViolation = {
    keyword: EXAMPLE.keyword,
    messagePrefix: EXAMPLE.messagePrefix,
    pointerToViolation: EXAMPLE.pointerToViolation,
    schemaLocation: EXAMPLE.schemaLocation,
  };
  return dataset.entity().map((entity) => ({ record: { ...entity, [FIELD]: DOCUMENTED_BAD_DATE_TIME }, violation }));
}
