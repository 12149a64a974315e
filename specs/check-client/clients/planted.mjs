/* global fetch, setTimeout */
// A small client for check-client's specs: it does what the documentation asks, except for the one fault
// named by its first argument (or none). Each fault is one that real clients have; each must be caught by the
// client rule that names it. Plain fetch, no dependency, so only the traffic can tell it apart.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

const fault = process.argv[2] ?? 'none';
const env = process.env;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const RETRYABLE = new Set([429, 502, 503, 504]);
const LIMIT = 1_000_000;

const platformHeaders = (extra = {}) => ({
  Authorization: `Bearer ${env.AEP_ACCESS_TOKEN}`,
  'x-api-key': env.AEP_API_KEY,
  'x-gw-ims-org-id': env.AEP_ORG_ID,
  'x-sandbox-name': env.AEP_SANDBOX_NAME,
  ...extra,
});

function retryAfterMs(res) {
  const raw = res.headers.get('retry-after');
  return raw !== null && /^\d+$/.test(raw.trim()) ? Number(raw) * 1000 : undefined;
}

/** One request with the retry policy the fault leaves it. */
async function send(url, init) {
  const maxAttempts = fault === 'no-retry' ? 1 : fault === 'fixed-short-wait' || fault === 'retry-auth' ? 3 : 7;
  for (let attempt = 0; ; attempt++) {
    const res = await fetch(url, init);
    const text = await res.text();
    const unauthorized = res.status === 401 || res.status === 403;
    const again = RETRYABLE.has(res.status) || (unauthorized && fault === 'retry-auth');
    if (!again || attempt + 1 >= maxAttempts) return { status: res.status, text };
    const ra = retryAfterMs(res);
    const backoff = 250 * 2 ** attempt;
    let wait;
    if (fault === 'fixed-short-wait') wait = 300;
    else if (fault === 'no-backoff') wait = ra ?? 0;
    else if (fault === 'ignore-retry-after') wait = backoff;
    else wait = Math.max(ra ?? 0, backoff);
    await sleep(wait);
  }
}

function pack(messages) {
  // The utf16-length fault measures "1 MB" in characters (String.length), as some connectors do.
  const limit = fault === 'utf16-length' ? 1_048_576 : LIMIT;
  const sizeOf = (m) => (fault === 'utf16-length' ? JSON.stringify(m).length : Buffer.byteLength(JSON.stringify(m))) + 1;
  const requests = [];
  let current = [];
  let size = 15;
  for (const m of messages) {
    const bytes = sizeOf(m);
    if (current.length > 0 && size + bytes > limit) {
      requests.push(current);
      current = [];
      size = 15;
    }
    current.push(m);
    size += bytes;
  }
  if (current.length > 0) requests.push(current);
  return requests;
}

async function streaming() {
  const messages = readFileSync(env.AEP_MESSAGES_FILE, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l));
  const url = `${env.AEP_STREAMING_URL}/collection/batch/${env.AEP_INLET_ID}`;
  const headers = { 'Content-Type': 'application/json', Authorization: `Bearer ${env.AEP_ACCESS_TOKEN}` };
  const post = (batch) => send(url, { method: 'POST', headers, body: JSON.stringify({ messages: batch }) });
  if (fault === 'oversize') await post(messages); // one request of everything first, answered 413; then as it should
  let rejected = 0;
  for (const batch of pack(messages)) {
    const answer = await post(batch);
    if (answer.status === 401 || answer.status === 403) {
      console.log(`refused: ${answer.status}`);
      return 1;
    }
    if (answer.status !== 207) {
      console.log(`gave up on a request: ${answer.status}`);
      continue;
    }
    const responses = JSON.parse(answer.text).responses;
    const failed = batch.filter((_, i) => responses[i]?.statusCode !== undefined);
    rejected += failed.length;
    if (failed.length > 0 && fault === 'resend-all') await post(batch);
    if (failed.length > 0 && fault === 'resend-rejected') await post(failed);
  }
  console.log(`sent ${messages.length} messages, ${rejected} rejected`);
  return 0;
}

async function batch() {
  const base = `${env.AEP_PLATFORM_URL}/data/foundation`;
  const created = await send(`${base}/import/batches`, {
    method: 'POST',
    headers: platformHeaders({ 'Content-Type': 'application/json' }),
    body: JSON.stringify({ datasetId: env.AEP_DATASET_ID, inputFormat: { format: 'json' } }),
  });
  const id = JSON.parse(created.text).id;
  const file = readFileSync(env.AEP_BATCH_FILE);
  const put = (name) =>
    send(`${base}/import/batches/${id}/datasets/${env.AEP_DATASET_ID}/files/${name}`, {
      method: 'PUT',
      headers: platformHeaders({ 'Content-Type': 'application/octet-stream' }),
      body: file,
    });
  await put(basename(env.AEP_BATCH_FILE));
  if (fault === 'complete-once') {
    // COMPLETE sent once, its 503 taken as the end: the batch is left loading.
    await fetch(`${base}/import/batches/${id}?action=COMPLETE`, { method: 'POST', headers: platformHeaders() });
    return 0;
  }
  if (fault !== 'no-complete') {
    await send(`${base}/import/batches/${id}?action=COMPLETE`, { method: 'POST', headers: platformHeaders() });
  }
  if (fault === 'upload-after-complete') await put('late.json');
  if (fault === 'no-complete') return 0;
  let status = 'loading';
  for (let wait = 1000; !['success', 'active', 'failed', 'aborted', 'abandoned', 'inactive', 'deleted'].includes(status); wait = Math.min(wait * 2, 8000)) {
    await sleep(wait);
    const answer = await send(`${base}/catalog/batches/${id}`, { headers: platformHeaders() });
    status = JSON.parse(answer.text)[id]?.status ?? status;
  }
  console.log(`batch ${id}: ${status}`);
  if (status === 'failed' && fault !== 'skip-failed-output') {
    const list = JSON.parse((await send(`${base}/export/batches/${id}/failed`, { headers: platformHeaders() })).text);
    for (const item of list.data) await send(`${base}/export/batches/${id}/failed?path=${encodeURIComponent(item.name)}`, { headers: platformHeaders() });
  }
  return 0;
}

async function campaign() {
  const url = `${env.AEP_CAMPAIGN_URL}/${encodeURIComponent(env.AEP_ORG_ID)}/campaign/dataIngestion/xdmIngestion/${env.AEP_CAMPAIGN_MAPPING_ID}/ingest`;
  const trigger = () => send(url, { method: 'POST', headers: platformHeaders() });
  const first = JSON.parse((await trigger()).text);
  if (fault === 'retrigger') {
    await sleep(500);
    await trigger();
  }
  if (first.requestId === undefined) return 1;
  let status;
  for (let wait = 1000; !['Success', 'Failed', 'Aborted'].includes(status); wait = Math.min(wait * 2, 8000)) {
    await sleep(wait);
    status = JSON.parse((await send(`${url}?requestId=${first.requestId}`, { headers: platformHeaders() })).text).status;
  }
  console.log(`campaign request ${first.requestId}: ${status}`);
  return 0;
}

let code = 0;
if (fault !== 'send-nothing') {
  if (env.AEP_MESSAGES_FILE) code ||= await streaming();
  if (env.AEP_BATCH_FILE) code ||= await batch();
  if (env.AEP_CAMPAIGN_MAPPING_ID) code ||= await campaign();
}
process.exitCode = code;
