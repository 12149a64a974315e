/**
 * Recorded exchanges as fixtures (`replay/fixture-types.ts`): one fixture per sequence (`grouping.ts`),
 * one step per exchange. The id the first answer makes (a batch id, a Campaign request id) is captured
 * and written `${batchId}` / `${requestId}` wherever later requests and answers carry it; server-made
 * values are matchers; credential headers are left out, since a replay takes them from its target.
 */
import { behaviourNamed, type BehaviourId } from '../../contract/behaviours.js';
import { REDACTED } from '../../report/redact.js';
import type { ProfileName } from '../../contract/profiles.js';
import type { SourceRef } from '../../contract/sources.js';
import type { World } from '../../world/types.js';
import type { Fixture, FixtureExpectation, FixtureRequest, FixtureStep, HttpMethod } from '../fixture-types.js';
import { isCredentialHeader } from '../redact-exchange.js';
import { bodyJson, headerValue, isObject, type RedactedExchange } from './exchange.js';
import { expectedJson } from './expectation.js';
import type { ExchangeCheck } from './findings.js';
import type { ExchangeGroup } from './grouping.js';

/** Request headers a replay must not copy: its target's credentials, and what the connection itself sets. */
const NOT_REPLAYED = new Set(['host', 'content-length', 'connection', 'user-agent', 'accept-encoding', 'accept-language', 'via', 'x-gw-ims-org-id', 'x-sandbox-name', 'expect']);

const METHODS: readonly HttpMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD'];

/** Where a recorded group's fixture is documented, when none of its checks names a behaviour. */
const FALLBACK: Record<ExchangeGroup['kind'], { behaviour: BehaviourId; source: SourceRef }> = {
  streaming: { behaviour: 'streaming.batch.status-207', source: { source: 'streaming-multiple-messages', section: 'Stream to a dataset' } },
  batch: { behaviour: 'batch.create', source: { source: 'batch-overview', section: 'Create a batch' } },
  campaign: { behaviour: 'campaign.status.read', source: { source: 'campaign-triggering-ingestion', section: 'Retrieving the status of an ingestion request' } },
  other: { behaviour: 'catalog.batch.read', source: { source: 'batch-overview', section: 'Check batch status' } },
};

export interface RecordedFixture {
  /** File name, relative to the output directory. */
  file: string;
  fixture: Fixture;
  /** The exchange each step came from. */
  exchanges: number[];
  /** Comment lines for the head of the file. */
  comment: string[];
}

export interface FixtureBuildOptions {
  world: World;
  profile: ProfileName;
  upstream: string;
  checks: readonly ExchangeCheck[];
}

const slug = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40);

/** `/data/foundation/import/batches/…?action=COMPLETE` relative to the upstream's base path. */
function relativePath(url: URL, upstream: URL): string {
  const base = upstream.pathname.replace(/\/+$/, '');
  const path = base !== '' && url.pathname.startsWith(base) ? url.pathname.slice(base.length) || '/' : url.pathname;
  // A credential the URL carried is redacted: the replay goes without it, as without the credential headers.
  const query = new URLSearchParams([...url.searchParams].filter(([, v]) => v !== REDACTED));
  const search = query.toString();
  return `${path}${search === '' ? '' : `?${search}`}`;
}

/** Every path segment and query value equal to a flowing id becomes its reference. */
function referencePath(path: string, flowing: ExchangeGroup['flowing']): string {
  if (flowing === undefined) return path;
  const literal = String(flowing.value);
  const ref = `\${${flowing.name}}`;
  const [pathname, search] = path.split('?', 2) as [string, string | undefined];
  const segments = pathname.split('/').map((s) => (s === literal || s === encodeURIComponent(literal) ? ref : s));
  if (search === undefined) return segments.join('/');
  const query = search
    .split('&')
    .map((pair) => {
      const [k, v] = pair.split('=', 2) as [string, string | undefined];
      return v !== undefined && decodeURIComponent(v) === literal ? `${k}=${ref}` : pair;
    })
    .join('&');
  return `${segments.join('/')}?${query}`;
}

function referenceValue(value: unknown, flowing: ExchangeGroup['flowing']): unknown {
  if (flowing === undefined) return value;
  // A number id may travel as text (a path segment, a header): the string form is the same id.
  if (value === flowing.value || (typeof value === 'string' && value === String(flowing.value))) return `\${${flowing.name}}`;
  if (Array.isArray(value)) return value.map((v) => referenceValue(v, flowing));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, referenceValue(v, flowing)]));
  return value;
}

function buildRequest(exchange: RedactedExchange, group: ExchangeGroup, step: number, upstream: URL): FixtureRequest {
  const { request } = exchange;
  const method = request.method.toUpperCase();
  const flowing = group.flowing !== undefined && step > group.flowing.capturedAt ? group.flowing : undefined;
  const out: FixtureRequest = {
    method: (METHODS.includes(method as HttpMethod) ? method : 'GET') as HttpMethod,
    path: referencePath(relativePath(new URL(request.url), upstream), flowing),
  };
  const headers: Record<string, string> = {};
  for (const h of request.headers) {
    const lower = h.name.toLowerCase();
    if (NOT_REPLAYED.has(lower) || isCredentialHeader(lower) || lower.startsWith('sec-') || lower.startsWith('x-forwarded-')) continue;
    headers[h.name] = referenceValue(h.value, flowing) as string;
  }
  if (Object.keys(headers).length > 0) out.headers = headers;
  const body = request.body;
  if (body.bytes === 0 && body.text === '') return out;
  if (body.withheld !== undefined) {
    // Not one byte of it is written: its size and hash say which body it was, the reason why it is not there.
    out.withheld = { bytes: body.bytes, sha256: body.withheld.sha256, reason: body.withheld.reason };
    return out;
  }
  const json = bodyJson(body);
  const contentType = headerValue(request.headers, 'content-type') ?? '';
  // JSON bodies are written as data only when sending them back as JSON text gives the same request.
  if (json !== undefined && /json/i.test(contentType) && typeof json === 'object') out.json = referenceValue(json, flowing);
  else out.text = flowing !== undefined ? body.text.split(String(flowing.value)).join(`\${${flowing.name}}`) : body.text;
  return out;
}

function stepName(exchange: RedactedExchange, group: ExchangeGroup, step: number): string {
  const call = group.calls[step]!;
  const status = exchange.response.status;
  switch (call.kind) {
    case 'create-batch':
      return `create a batch (answered ${status})`;
    case 'upload':
      return `${call.how === 'put' ? 'upload' : call.how === 'part' ? 'upload a part of' : call.how === 'initialize' ? 'initialize' : call.how === 'complete-file' ? 'complete' : 'read the status of'} file ${call.file.split('/').slice(1).join('/')} (answered ${status})`;
    case 'batch-action':
      return `${call.action ?? 'an unknown action on'} the batch (answered ${status})`;
    case 'batch-status':
      return `read the batch status in the Catalog (answered ${status})`;
    case 'campaign-trigger':
      return `trigger mapping ${call.mappingId} (answered ${status})`;
    case 'campaign-status':
      return `read the status of the ingestion request (answered ${status})`;
    default: {
      const url = new URL(exchange.request.url);
      return `${exchange.request.method} ${url.pathname} (answered ${status})`;
    }
  }
}

/** The statuses a Campaign request shows from this read on: a replay may see it at any of them. */
function laterStatuses(group: ExchangeGroup, from: number): string[] {
  const seen: string[] = [];
  for (let k = from; k < group.exchanges.length; k++) {
    if (group.calls[k]!.kind !== 'campaign-status') continue;
    const body = bodyJson(group.exchanges[k]!.response.body);
    const status = isObject(body) ? body['status'] : undefined;
    if (typeof status === 'string' && !seen.includes(status)) seen.push(status);
  }
  return seen;
}

function buildExpectation(exchange: RedactedExchange, group: ExchangeGroup, step: number, opts: FixtureBuildOptions, behaviours: BehaviourId[]): { expect: FixtureExpectation; until?: FixtureStep['until'] } {
  const call = group.calls[step]!;
  const expect: FixtureExpectation = { status: exchange.response.status };
  let until: FixtureStep['until'];
  const answer = bodyJson(exchange.response.body);
  const references = new Map<string, string>();
  if (group.flowing !== undefined && step > group.flowing.capturedAt) references.set(String(group.flowing.value), group.flowing.name);
  const mappingId = call.kind === 'campaign-trigger' || call.kind === 'campaign-status' ? call.mappingId : undefined;
  const ctx = { world: opts.world, references, ...(mappingId !== undefined ? { mappingId } : {}) };
  if (call.kind === 'batch-status' || call.kind === 'upload' && call.how === 'file-status') {
    // The Catalog keys its answer by the batch id, and the status moves on with processing: the status
    // code is what replays the same on every server.
  } else if (call.kind === 'campaign-status' && answer !== null && typeof answer === 'object') {
    const statuses = laterStatuses(group, step);
    const json = expectedJson(answer, { ...ctx, omit: ['status', 'info', 'numRecords', 'batchId'] }) as Record<string, unknown>;
    if (statuses.length > 0) json['status'] = statuses.length === 1 ? statuses[0] : { $match: 'oneOf', values: statuses };
    expect.json = json;
    // The last read of a request waits for the status the recording ended with.
    const last = group.calls.findLastIndex((c) => c.kind === 'campaign-status') === step;
    if (last && statuses.length > 0) until = { pointer: '/status', values: [statuses[statuses.length - 1]!] };
  } else if (answer !== undefined) {
    expect.json = expectedJson(answer, ctx);
  } else if (exchange.response.body.bytes === 0 && exchange.request.method.toUpperCase() !== 'HEAD') {
    expect.empty = true;
  }
  if (behaviours.length > 0) expect.behaviours = behaviours;
  return until ? { expect, until } : { expect };
}

export function buildFixtures(groups: readonly ExchangeGroup[], opts: FixtureBuildOptions): RecordedFixture[] {
  const upstream = new URL(opts.upstream);
  return groups.map((group) => {
    const first = group.exchanges[0]!;
    const label = group.kind === 'batch' ? `batch${group.about ? `-${group.about}` : ''}` : group.kind === 'campaign' ? `campaign-${group.about ?? 'request'}` : slug(`${first.request.method} ${new URL(first.request.url).pathname.split('/').slice(0, 3).join(' ')}`);
    const name = `${String(first.index).padStart(3, '0')}-${slug(label)}`;
    const all = new Set<BehaviourId>();
    const steps = group.exchanges.map((exchange, k): FixtureStep => {
      const behaviours = [...new Set(opts.checks.filter((c) => c.exchange === exchange.index).map((c) => c.behaviour))];
      for (const b of behaviours) all.add(b);
      const { expect, until } = buildExpectation(exchange, group, k, opts, behaviours);
      const step: FixtureStep = { name: stepName(exchange, group, k), request: buildRequest(exchange, group, k, upstream), expect };
      if (group.flowing !== undefined && k === group.flowing.capturedAt) step.capture = { [group.flowing.name]: group.flowing.name === 'batchId' ? '/id' : '/requestId' };
      if (until !== undefined) step.until = until;
      return step;
    });
    const behaviours = all.size > 0 ? [...all] : [FALLBACK[group.kind].behaviour];
    const sources = dedupeSources(all.size > 0 ? behaviours.map((b) => behaviourNamed(b).sources[0]!) : [FALLBACK[group.kind].source]);
    const fixture: Fixture = {
      name: `recorded/${name}`,
      summary: `${steps.length} exchange${steps.length === 1 ? '' : 's'} recorded from ${upstream.origin}: ${steps.map((s) => s.name.replace(/ \(answered \d+\)$/, '')).join('; ')}`.slice(0, 400),
      source: sources,
      profiles: [opts.profile],
      behaviours,
      steps,
    };
    const comment = [
      `Recorded by aep-harness record: exchanges ${group.exchanges.map((e) => e.index).join(', ')} of a session with ${upstream.origin}, from ${first.startedDateTime}.`,
      'Secrets are redacted and the credential headers (Authorization, x-api-key, x-gw-ims-org-id, x-sandbox-name, cookies) are left out:',
      'a replay sends its target\'s own (see conformance/target.ts).',
      ...(steps.some((s) => s.request.withheld !== undefined)
        ? ['A request body that could not be redacted safely (binary, Parquet, not UTF-8) is withheld: only its size, SHA-256 and the reason are kept, and replay skips this fixture.']
        : []),
      ...(group.flowing !== undefined
        ? [`\${${group.flowing.name}} is captured from step ${group.flowing.capturedAt + 1}'s answer and stands for ${String(group.flowing.value)} in the later steps.`]
        : []),
      'Server-made values (ids, times, xactionIds) are matchers; documented texts are named by their contract entry.',
    ];
    return { file: `${name}.yaml`, fixture, exchanges: group.exchanges.map((e) => e.index), comment };
  });
}

function dedupeSources(refs: readonly SourceRef[]): SourceRef[] {
  const seen = new Set<string>();
  return refs.filter((r) => {
    const key = `${r.source}|${r.section}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
