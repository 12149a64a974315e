/**
 * How a stored batch is shown: the create-batch answer (201) and the Catalog batch object (GET
 * /catalog/batch(es)/{ID}, and the 200 of a batch action under the reading that answers one). Field
 * names come from the contract; no field is shown that the contract does not list.
 */
import { batchAnswerStatus, CREATE_BATCH_RESPONSE } from '../contract/batch.js';
import { BATCH_OBJECT_DEFAULTS, catalogTags, errorRows, pickCatalog, type BatchObjectField } from '../contract/catalog.js';
import type { ProfileName } from '../contract/profiles.js';
import type { ApiBatchRecord } from './batch-state.js';

function time(ms: number, profile: ProfileName): number | string {
  return pickCatalog(profile, 'catalog.times.type').value === 'iso-string' ? new Date(ms).toISOString() : ms;
}

/** The Catalog batch object (not yet keyed by id). */
export function catalogBatchObject(batch: ApiBatchRecord, profile: ProfileName): Partial<Record<BatchObjectField, unknown>> {
  const view: Partial<Record<BatchObjectField, unknown>> = {
    id: batch.id,
    imsOrg: batch.imsOrg,
    status: batch.status,
    created: time(batch.created, profile),
    updated: time(batch.updated, profile),
    createdUser: batch.createdUser,
    updatedUser: batch.updatedUser,
    relatedObjects: [{ type: BATCH_OBJECT_DEFAULTS.relatedObject.type, id: batch.datasetId }],
    version: BATCH_OBJECT_DEFAULTS.version,
    tags: catalogTags(profile, batch.tags),
    inputFormat: batch.inputFormat,
    // Rows are strings, a number or a range ("3-5"), under every profile (both OpenAPI files).
    errors: batch.errors.map((e) => (e.rows === undefined ? { ...e } : { ...e, rows: errorRows(e.rows) })),
    metrics: batch.metrics,
  };
  if (batch.externalId !== undefined) view.externalId = batch.externalId;
  if (batch.replay !== undefined) view.replay = batch.replay;
  if (batch.started !== undefined) view.started = time(batch.started, profile);
  if (batch.completed !== undefined) view.completed = time(batch.completed, profile);
  return view;
}

/**
 * The batch object as a Batch Ingestion answer carries it (the 200 of a batch action under the reading
 * that answers one): the Catalog object with its status in the words the profile allows there
 * (batch.response.status).
 */
export function batchIngestionObject(batch: ApiBatchRecord, profile: ProfileName): Partial<Record<BatchObjectField, unknown>> {
  return { ...catalogBatchObject(batch, profile), status: batchAnswerStatus(profile, batch.status) };
}

/** The 201 answer of create batch: exactly the fields the overview shows. */
export function createBatchAnswer(batch: ApiBatchRecord, profile: ProfileName): Record<string, unknown> {
  const view = batchIngestionObject(batch, profile) as Record<string, unknown>;
  return Object.fromEntries(CREATE_BATCH_RESPONSE.fields.map((field) => [field, view[field]]));
}
