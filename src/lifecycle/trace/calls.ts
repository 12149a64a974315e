/**
 * What each entry of a trace is, in the contract's terms: a batch ingestion call (with its action read
 * the profile's way), a Catalog batch lookup, a Campaign trigger or status read, or something else.
 */
import { CATALOG_BASE } from '../../contract/catalog.js';
import { readAction, type BatchAction, type FileAction } from '../../contract/batch.js';
import type { ProfileName } from '../../contract/profiles.js';
import { routeBatchRequest } from '../../rules/batch/requests/index.js';
import type { TraceEntry } from './model.js';

export type TraceCall =
  | { kind: 'create-batch' }
  | { kind: 'upload'; batchId: string; file: string; how: 'put' | 'initialize' | 'part' | 'complete-file' | 'file-status' }
  | { kind: 'batch-action'; batchId: string; action: BatchAction | undefined }
  | { kind: 'batch-status'; batchId: string }
  | { kind: 'campaign-trigger'; mappingId: string }
  | { kind: 'campaign-status'; mappingId: string; requestId: string | undefined }
  | { kind: 'other' };

const CAMPAIGN_PATH = /\/campaign\/dataIngestion\/xdmIngestion\/([^/]+)\/ingest\/?$/;

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function jsonObject(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export function responseJson(entry: TraceEntry): Record<string, unknown> | undefined {
  return jsonObject(entry.responseBody);
}

export function requestJson(entry: TraceEntry): Record<string, unknown> | undefined {
  return jsonObject(entry.requestBody?.text);
}

export function classify(entry: TraceEntry, profile: ProfileName): TraceCall {
  const route = routeBatchRequest(entry.method, entry.url);
  if (route !== undefined) {
    const action = entry.url.searchParams.get('action');
    const { batchId, fileName } = route;
    switch (route.endpoint) {
      case 'createBatch':
        return { kind: 'create-batch' };
      case 'batchAction':
        return { kind: 'batch-action', batchId: batchId!, action: action === null ? undefined : readAction('batch', action, profile) };
      case 'fileAction': {
        const fileAction: FileAction | undefined = action === null ? undefined : readAction('file', action, profile);
        return { kind: 'upload', batchId: batchId!, file: fileKey(route), how: fileAction === 'COMPLETE' ? 'complete-file' : 'initialize' };
      }
      case 'uploadFile':
        return { kind: 'upload', batchId: batchId!, file: fileKey(route), how: 'put' };
      case 'uploadFilePart':
        return { kind: 'upload', batchId: batchId!, file: fileKey(route), how: 'part' };
      case 'largeFileStatus':
        return { kind: 'upload', batchId: batchId!, file: fileKey(route), how: 'file-status' };
      default:
        return { kind: 'other' };
    }
    function fileKey(r: { datasetId?: string }): string {
      return `${r.datasetId ?? ''}/${fileName ?? ''}`;
    }
  }
  const path = entry.url.pathname;
  const catalogAt = path.indexOf(CATALOG_BASE.path);
  if (entry.method === 'GET' && catalogAt !== -1) {
    const m = /^\/batch(?:es)?\/([^/]+)\/?$/.exec(path.slice(catalogAt + CATALOG_BASE.path.length));
    if (m !== null) return { kind: 'batch-status', batchId: decode(m[1]!) };
  }
  const campaign = CAMPAIGN_PATH.exec(path);
  if (campaign !== null) {
    const mappingId = decode(campaign[1]!);
    if (entry.method === 'POST') return { kind: 'campaign-trigger', mappingId };
    if (entry.method === 'GET') {
      const fromBody = requestJson(entry)?.['requestId'];
      const requestId = entry.url.searchParams.get('requestId') ?? (fromBody === undefined ? undefined : String(fromBody));
      return { kind: 'campaign-status', mappingId, requestId: requestId ?? undefined };
    }
  }
  return { kind: 'other' };
}
