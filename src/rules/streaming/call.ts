/**
 * Which streaming endpoint a recorded call went to, and for which inlet: `POST /collection/batch/{CONNECTION_ID}`
 * (several messages) or `POST /collection/{CONNECTION_ID}` (one). Whatever prefixes the path (a gateway's, a
 * proxy's) is passed over.
 */
const BATCH_PATH = /\/collection\/batch\/([^/]+)\/?$/;
const SINGLE_PATH = /\/collection\/([^/]+)\/?$/;

export interface StreamingCall {
  endpoint: 'batch' | 'single';
  inletId: string;
}

export function streamingCall(method: string, url: URL): StreamingCall | undefined {
  if (method.toUpperCase() !== 'POST') return undefined;
  const batch = BATCH_PATH.exec(url.pathname);
  if (batch !== null) return { endpoint: 'batch', inletId: decodeURIComponent(batch[1]!) };
  const single = SINGLE_PATH.exec(url.pathname);
  if (single !== null && single[1] !== 'batch') return { endpoint: 'single', inletId: decodeURIComponent(single[1]!) };
  return undefined;
}
