/**
 * The request headers each API documents, built from the client's credentials. The values are secrets or
 * ids; this module only places them in headers and never returns them in any other form.
 */
import { BATCH_HEADERS } from '../contract/batch.js';
import { CAMPAIGN_HEADERS } from '../contract/campaign.js';

export interface Credentials {
  accessToken?: string;
  apiKey?: string;
  orgId?: string;
  sandboxName?: string;
}

const template = (name: string): string => BATCH_HEADERS.find((h) => h.name === name && h.on === 'all')?.template ?? '';

/**
 * Every platform call (batch ingestion, Catalog, Data Access) carries Authorization, x-api-key,
 * x-gw-ims-org-id and x-sandbox-name (BATCH_HEADERS, `on: 'all'`, from the batch overview's "Gather values
 * for required headers").
 */
export function platformHeaders(c: Credentials, contentType?: 'application/json' | 'application/octet-stream'): Record<string, string> {
  const headers: Record<string, string> = {
    Authorization: template('Authorization').replace('{ACCESS_TOKEN}', c.accessToken ?? ''),
    'x-api-key': c.apiKey ?? '',
    'x-gw-ims-org-id': c.orgId ?? '',
    'x-sandbox-name': c.sandboxName ?? '',
  };
  // Content-Type names a JSON body (json-body) or raw file bytes (file-bytes, file-part).
  if (contentType !== undefined) headers['Content-Type'] = contentType;
  return headers;
}

/**
 * Campaign Standard calls carry Authorization, Cache-Control, X-Api-Key and Content-Type (CAMPAIGN_HEADERS,
 * "Must read: headers"); the org and sandbox headers are sent as on the platform, whose gateway Campaign's
 * APIs sit behind.
 */
export function campaignHeaders(c: Credentials): Record<string, string> {
  const headers = platformHeaders(c);
  for (const h of CAMPAIGN_HEADERS) {
    if (h.name === 'Authorization' || h.name === 'X-Api-Key') continue;
    headers[h.name] = h.template;
  }
  return headers;
}

/**
 * Streaming requests carry Content-Type: application/json (STREAMING_HEADERS), and Authorization: Bearer
 * only when a token is given: an inlet created with authenticationRequired needs it, others ignore it.
 */
export function streamingHeaders(c: Credentials): Record<string, string> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (c.accessToken !== undefined && c.accessToken !== '') headers['Authorization'] = `Bearer ${c.accessToken}`;
  return headers;
}
