/**
 * Defects a broken server could have, as data: each one names the documented behaviour it breaks and how
 * the fault proxy (fault-proxy.ts) makes the reference server show it, one defect at a time. The spec
 * shows that `replay` or `verify` fails on each one and names exactly that behaviour.
 *
 * Every rewrite changes as little as it can, and only on the exchange it is about, so that the failure a
 * conformance run reports is caused by this defect alone.
 */
import type { BehaviourId } from '../../src/contract/behaviours.js';
import { BATCH_BASE, BATCH_ENDPOINTS } from '../../src/contract/batch.js';
import { CAMPAIGN_ENDPOINT, STATUS_RESPONSES } from '../../src/contract/campaign.js';
import { CATALOG_BASE, GET_BATCH } from '../../src/contract/catalog.js';
import type { ProfileName } from '../../src/contract/profiles.js';
import { DOCUMENTED_MESSAGES, STREAMING_ENDPOINTS, XACTION_ID, documentedMessage, pick } from '../../src/contract/streaming.js';
import type { World } from '../../src/world/types.js';
import { emptyAnswer, jsonAnswer, jsonOf, splitPath, withJson, type FaultHooks, type ProxiedAnswer, type ProxiedRequest } from './fault-proxy.js';

export interface DefectContext {
  world: World;
  profile: ProfileName;
}

export interface Defect {
  /** A short name, used as the spec's title. */
  name: string;
  /** The behaviour whose status must be `fail` in the conformance report. */
  breaks: BehaviourId;
  /** What the broken server does, in the domain's words. */
  summary: string;
  /**
   * The profile the run follows, when the defect is one only under some profiles (numRecords outside Success
   * is documented under `docs`, where every status example carries it; `strict` follows the field list).
   */
  profile?: ProfileName;
  /** Fresh hooks for one proxy: a defect that remembers what it saw keeps it per proxy. */
  hooks(context: DefectContext): FaultHooks;
}

// ----- Which exchange is which: paths from the contract's templates.

function pathPattern(template: string): RegExp {
  const source = template
    .split(/(\{[A-Z_]+\})/)
    .map((part) => (part === '{FILE_NAME}' ? '(.+)' : /^\{[A-Z_]+\}$/.test(part) ? '([^/]+)' : part.replace(/[.*+?^$()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`);
}

const STREAMING_BATCH = pathPattern(STREAMING_ENDPOINTS.batch.path);
const BATCH_ACTION = pathPattern(`${BATCH_BASE.path}${BATCH_ENDPOINTS.batchAction.path}`);
const BATCH_FILE = pathPattern(`${BATCH_BASE.path}${BATCH_ENDPOINTS.uploadFile.path}`);
const CATALOG_BATCH = Object.values(GET_BATCH.paths).map(({ path }) => pathPattern(`${CATALOG_BASE.path}${path}`));
const CAMPAIGN_INGEST = pathPattern(CAMPAIGN_ENDPOINT.path);

function isStreamingBatch(request: ProxiedRequest): boolean {
  return request.method === STREAMING_ENDPOINTS.batch.method && STREAMING_BATCH.test(splitPath(request.path).pathname);
}

/** The batch action a request is, upper-cased (`?action=complete` is COMPLETE under `docs`), with its batch id. */
function batchAction(request: ProxiedRequest): { batchId: string; action: string } | undefined {
  if (request.method !== BATCH_ENDPOINTS.batchAction.method) return undefined;
  const { pathname, query } = splitPath(request.path);
  const match = BATCH_ACTION.exec(pathname);
  const action = query.get('action');
  if (match === null || action === null) return undefined;
  return { batchId: decodeURIComponent(match[1] ?? ''), action: action.toUpperCase() };
}

// ----- The 207 body of the multi-message endpoint.

type Entry = { xactionId: string } | { statusCode: number; message: string };

interface Multistatus {
  inletId: string;
  batchId: string;
  receivedTimeMs: unknown;
  responses: Entry[];
}

function asMultistatus(value: unknown): Multistatus | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const body = value as Record<string, unknown>;
  if (typeof body['batchId'] !== 'string' || typeof body['inletId'] !== 'string' || !Array.isArray(body['responses'])) return undefined;
  return body as unknown as Multistatus;
}

const isAccepted = (entry: Entry): entry is { xactionId: string } => 'xactionId' in entry;
const isRejectedWith = (entry: Entry, text: string): entry is { statusCode: number; message: string } =>
  'message' in entry && entry.message.endsWith(text);

/** Rewrites the 207 of a multi-message request; `change` returns undefined to leave an answer as it is. */
function rewrite207(change: (body: Multistatus, answer: ProxiedAnswer) => ProxiedAnswer | undefined): FaultHooks {
  return {
    rewrite(request, answer) {
      if (!isStreamingBatch(request) || answer.status !== 207) return answer;
      const body = asMultistatus(jsonOf(answer));
      if (body === undefined) return answer;
      return change(structuredClone(body), answer) ?? answer;
    },
  };
}

function inletOrg(world: World, inletId: string): string {
  return world.inlets.find((inlet) => inlet.id === inletId)?.org ?? '';
}

// ----- The defects.

export const DEFECTS: readonly Defect[] = [
  {
    name: 'a missing entry in responses',
    breaks: 'streaming.batch.one-entry-per-message',
    summary: 'The 207 leaves out the entry of the last message.',
    hooks: () =>
      rewrite207((body, answer) => {
        if (body.responses.length === 0) return undefined;
        body.responses.pop();
        return withJson(answer, body);
      }),
  },
  {
    name: 'an extra entry in responses',
    breaks: 'streaming.batch.one-entry-per-message',
    summary: 'The 207 answers one entry more than there were messages.',
    hooks: () =>
      rewrite207((body, answer) => {
        body.responses.push({ xactionId: XACTION_ID.format(body.batchId, body.responses.length) });
        return withJson(answer, body);
      }),
  },
  {
    name: 'entries out of order',
    breaks: 'streaming.batch.one-entry-per-message',
    summary: 'The 207 swaps the entries of the first two messages.',
    hooks: () =>
      rewrite207((body, answer) => {
        const [first, second] = body.responses;
        if (first === undefined || second === undefined || JSON.stringify(first) === JSON.stringify(second)) return undefined;
        body.responses[0] = second;
        body.responses[1] = first;
        return withJson(answer, body);
      }),
  },
  {
    name: '200 instead of 207',
    breaks: 'streaming.batch.status-207',
    summary: 'A multi-message request is answered 200 OK, with the same body.',
    hooks: () => rewrite207((body, answer) => withJson(answer, body, 200)),
  },
  {
    name: 'a wrong xactionId',
    breaks: 'streaming.batch.xaction-id',
    summary: "Accepted entries carry the index of the next message (<batchId>:<index + 1>).",
    hooks: () =>
      rewrite207((body, answer) => {
        if (!body.responses.some(isAccepted)) return undefined;
        body.responses = body.responses.map((entry, index) => (isAccepted(entry) ? { xactionId: XACTION_ID.format(body.batchId, index + 1) } : entry));
        return withJson(answer, body);
      }),
  },
  {
    name: 'a wrong org accepted',
    breaks: 'streaming.message.wrong-ims-org',
    summary: 'A message whose header names another org is accepted with an xactionId instead of being rejected.',
    hooks: () =>
      rewrite207((body, answer) => {
        const text = DOCUMENTED_MESSAGES.absentOrWrongImsOrg.text;
        if (!body.responses.some((entry) => isRejectedWith(entry, text))) return undefined;
        body.responses = body.responses.map((entry, index) => (isRejectedWith(entry, text) ? { xactionId: XACTION_ID.format(body.batchId, index) } : entry));
        return withJson(answer, body);
      }),
  },
  {
    name: 'a rejected valid message',
    breaks: 'streaming.batch.valid-accepted',
    summary: 'The first accepted message is answered 400 "Message has unknown xdm format".',
    hooks: ({ world }) =>
      rewrite207((body, answer) => {
        const index = body.responses.findIndex(isAccepted);
        if (index < 0) return undefined;
        body.responses[index] = { statusCode: 400, message: documentedMessage('unknownXdmFormat', body.inletId, inletOrg(world, body.inletId)) };
        return withJson(answer, body);
      }),
  },
  {
    name: 'the wrong documented text',
    breaks: 'streaming.message.unknown-xdm-format',
    summary: 'A rejected message\'s text says "Message has invalid xdm format": one word of the documented text changed.',
    hooks: () =>
      rewrite207((body, answer) => {
        const text = DOCUMENTED_MESSAGES.unknownXdmFormat.text;
        if (!body.responses.some((entry) => isRejectedWith(entry, text))) return undefined;
        const changed = text.replace('unknown', 'invalid');
        body.responses = body.responses.map((entry) =>
          isRejectedWith(entry, text) ? { statusCode: entry.statusCode, message: `${entry.message.slice(0, -text.length)}${changed}` } : entry,
        );
        return withJson(answer, body);
      }),
  },
  {
    name: '413 not given over 1 MB',
    breaks: 'streaming.request.too-large',
    summary: 'A request over the 1 MB limit is answered 207 with every message accepted, instead of 413.',
    hooks: ({ profile }) => ({
      answerInstead(request) {
        if (!isStreamingBatch(request) || request.body.length <= pick(profile, 'streaming.requestLimit.bytes').value) return undefined;
        const inletId = decodeURIComponent(STREAMING_BATCH.exec(splitPath(request.path).pathname)?.[1] ?? '');
        let messages: unknown[] = [];
        try {
          const parsed = JSON.parse(request.body.toString('utf8')) as { messages?: unknown };
          if (Array.isArray(parsed.messages)) messages = parsed.messages;
        } catch {
          // A body that is not JSON has no messages to count: the broken server still answers 207.
        }
        const batchId = `broken-${request.body.length}`;
        return jsonAnswer(207, {
          inletId,
          batchId,
          receivedTimeMs: Date.now(),
          responses: messages.map((_, index) => ({ xactionId: XACTION_ID.format(batchId, index) })),
        });
      },
    }),
  },
  {
    name: 'a batch that skips from loading to success without COMPLETE',
    breaks: 'batch.status.loading-until-complete',
    summary: 'The Catalog shows a batch that is still loading as success.',
    hooks: () => ({
      rewrite(request, answer) {
        if (request.method !== GET_BATCH.method || !CATALOG_BATCH.some((p) => p.test(splitPath(request.path).pathname))) return answer;
        const body = jsonOf(answer);
        if (answer.status !== GET_BATCH.status || body === null || typeof body !== 'object') return answer;
        let changed = false;
        const rewritten = Object.fromEntries(
          Object.entries(body as Record<string, unknown>).map(([id, batch]) => {
            if (batch === null || typeof batch !== 'object' || (batch as { status?: unknown }).status !== 'loading') return [id, batch];
            changed = true;
            return [id, { ...(batch as object), status: 'success' }];
          }),
        );
        return changed ? withJson(answer, rewritten) : answer;
      },
    }),
  },
  {
    name: 'a file accepted after COMPLETE',
    breaks: 'batch.upload.closed-after-complete',
    summary: 'A PUT into a batch that was completed is answered 200, instead of being refused.',
    hooks: () => {
      // Per proxy: the batches this proxy saw completed with a success answer.
      const completed = new Set<string>();
      return {
        answerInstead(request) {
          if (request.method !== BATCH_ENDPOINTS.uploadFile.method) return undefined;
          const match = BATCH_FILE.exec(splitPath(request.path).pathname);
          if (match === null || !completed.has(decodeURIComponent(match[1] ?? ''))) return undefined;
          return emptyAnswer(BATCH_ENDPOINTS.uploadFile.status);
        },
        rewrite(request, answer) {
          const action = batchAction(request);
          if (action?.action === 'COMPLETE' && answer.status === BATCH_ENDPOINTS.batchAction.status) completed.add(action.batchId);
          return answer;
        },
      };
    },
  },
  {
    name: 'ABORT accepted after loaded',
    breaks: 'batch.abort',
    summary: 'ABORT of a batch that can no longer be aborted is answered 200, instead of being refused.',
    hooks: () => ({
      rewrite(request, answer) {
        if (batchAction(request)?.action !== 'ABORT' || answer.status < 400 || answer.status >= 500 || answer.status === 404) return answer;
        return emptyAnswer(BATCH_ENDPOINTS.batchAction.status);
      },
    }),
  },
  {
    name: 'a Campaign request that reports numRecords on failure',
    breaks: 'campaign.status.num-records-on-success-only',
    summary: 'The status of a Failed ingestion request carries numRecords, which the field list gives for Success only.',
    profile: 'strict',
    hooks: () => ({
      rewrite(request, answer) {
        if (request.method !== CAMPAIGN_ENDPOINT.status.method || !CAMPAIGN_INGEST.test(splitPath(request.path).pathname)) return answer;
        const body = jsonOf(answer);
        if (body === null || typeof body !== 'object' || (body as { status?: unknown }).status !== STATUS_RESPONSES['failed-no-records'].status) return answer;
        // The count of the documented success example: records a failed request did not ingest.
        return withJson(answer, { ...(body as object), numRecords: STATUS_RESPONSES.success.example?.numRecords ?? 1 });
      },
    }),
  },
];

export function defectNamed(name: string): Defect {
  const found = DEFECTS.find((d) => d.name === name);
  if (found === undefined) throw new Error(`no defect named ${JSON.stringify(name)}`);
  return found;
}
