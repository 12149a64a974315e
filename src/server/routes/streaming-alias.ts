/**
 * The streaming endpoints where Adobe's Postman collection calls them: `/data/foundation/import/collection/
 * {CONNECTION_ID}` and `…/collection/batch/{CONNECTION_ID}` on the platform gateway, beside the tutorials'
 * `/collection/…` (the disagreement streaming.path.base). Each alias answers exactly as the route it stands
 * for: the same handler, so the two can never drift apart.
 */
import { BATCH_BASE } from '../../contract/batch.js';
import { STREAMING_DISAGREEMENTS } from '../../contract/streaming.js';
import type { Route } from '../app.js';
import { streamingRoutes } from './streaming.js';

const { readings } = STREAMING_DISAGREEMENTS['streaming.path.base'];

/** The platform-gateway path of a streaming route: its `/collection` prefix moved under `/data/foundation/import`. */
export function aliasPath(path: string): string {
  if (!path.startsWith(readings['collection-host'].value)) throw new Error(`streaming route ${path} is not under ${readings['collection-host'].value}`);
  return `${readings['platform-import'].value}${path.slice(readings['collection-host'].value.length)}`;
}

// The alias lives under the batch API's base path; checked here so a change of either is seen at once.
if (!readings['platform-import'].value.startsWith(BATCH_BASE.path)) throw new Error('the Postman streaming path is no longer under the import base path');

export const streamingAliasRoutes: Route[] = streamingRoutes.map((route) => ({ ...route, path: aliasPath(route.path) }));
