/**
 * Adobe Campaign Standard XDM ingestion: `POST /{ORGANIZATION}/campaign/dataIngestion/xdmIngestion/{MAPPING_ID}/ingest`
 * triggers an ingestion of the mapping, `GET` on the same path reads an ingestion request's status. Every
 * documented answer comes from the contract through the life cycle (`decideTrigger`, `triggerResponseBody`)
 * and `campaign-processing.ts`; this module speaks HTTP.
 *
 * Inferred, since the page documents none of it: the answers' HTTP status (CAMPAIGN_HTTP_STATUS, 200 with the
 * outcome in the body), the gateway's answers to missing headers, and the 404s and 400s below.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CAMPAIGN_ENDPOINT, CAMPAIGN_HEADERS, CAMPAIGN_HTTP_STATUS, STATUS_REQUEST } from '../../contract/campaign.js';
import { gatewayErrorBody, GATEWAY_ERRORS, type GatewayErrorKey } from '../../contract/gateway.js';
import { triggerResponseBody } from '../../lifecycle/campaign.js';
import type { CampaignMapping } from '../../world/types.js';
import { serviceError, type Route } from '../app.js';
import { currentRequest, requestIdValue, statusResponseBody, triggerIngestion, type PlannedCampaignRequest } from '../campaign-processing.js';
import type { ServerContext } from '../context.js';
import { faultOf } from '../faults.js';
import { header, readBody, refuseTooLarge, sendJson } from '../http.js';

type Params = Record<string, string | undefined>;

/** A status request's body names one id; anything much larger is not one. */
const STATUS_BODY_LIMIT = 64 * 1024;

/**
 * The documented headers the server insists on, and the gateway's answer when one is absent. mc.adobe.io
 * is behind Adobe's API gateway; its documented header errors are the platform's (contract/gateway.ts), so a
 * missing token answers 403 (403010), a token that is not `Bearer …` 401 (401013), a missing key 403 (403000).
 * Any bearer token and key are accepted: the world names no Campaign credentials. Cache-Control and
 * Content-Type are documented too but not insisted on: no source says what their absence answers.
 */
interface RequiredHeader {
  name: string;
  /** The authentication scheme the template names (`Bearer {ACCESS_TOKEN}`). */
  scheme?: string;
  missing: GatewayErrorKey;
  malformed?: GatewayErrorKey;
}

const REQUIRED_HEADERS: readonly RequiredHeader[] = CAMPAIGN_HEADERS.flatMap((h): RequiredHeader[] => {
  if (h.name === 'Authorization') return [{ name: h.name, scheme: h.template.split(' ')[0] ?? 'Bearer', missing: 'tokenMissing', malformed: 'tokenInvalid' }];
  if (h.name === 'X-Api-Key') return [{ name: h.name, missing: 'apiKeyMissing' }];
  return [];
});

function refusedByGateway(req: IncomingMessage, res: ServerResponse): boolean {
  for (const required of REQUIRED_HEADERS) {
    const value = header(req, required.name)?.trim() ?? '';
    let refusal: GatewayErrorKey | undefined;
    if (value === '') refusal = required.missing;
    else if (required.scheme !== undefined && !new RegExp(`^${required.scheme}\\s+\\S+$`, 'i').test(value)) refusal = required.malformed;
    if (refusal !== undefined) {
      sendJson(res, GATEWAY_ERRORS[refusal].status, gatewayErrorBody(refusal));
      return true;
    }
  }
  return false;
}

/** The org and mapping the path names, or a 404 (inferred: no source shows the answer to either). */
function resolveMapping(res: ServerResponse, params: Params, ctx: ServerContext): { org: string; mapping: CampaignMapping } | null {
  const org = params['organization'] ?? '';
  const mappingId = params['mappingId'] ?? '';
  if (!ctx.world.orgs.some((o) => o.id === org)) {
    sendJson(res, 404, serviceError(404, 'NotFoundError', `organization ${JSON.stringify(org)} is not an organization of this server`));
    return null;
  }
  const mapping = ctx.world.campaignMappings.find((m) => m.id === mappingId);
  if (mapping === undefined) {
    sendJson(res, 404, serviceError(404, 'NotFoundError', `XDM Mapping ID ${JSON.stringify(mappingId)} is not a data mapping of organization ${org}`));
    return null;
  }
  return { org, mapping };
}

async function trigger(req: IncomingMessage, res: ServerResponse, params: Params, _query: URLSearchParams, ctx: ServerContext): Promise<void> {
  // The trigger takes no body; whatever was sent is read and ignored, so the connection stays usable.
  req.resume();
  if (refusedByGateway(req, res)) return;
  const target = resolveMapping(res, params, ctx);
  if (target === null) return;
  const fault = ctx.faults ? faultOf(req)?.campaign : undefined;
  const { decision, request } = await triggerIngestion(ctx, target.org, target.mapping, fault);
  const newRequestId = request === undefined ? undefined : requestIdValue(ctx.profile, request.requestId);
  sendJson(res, CAMPAIGN_HTTP_STATUS.value, triggerResponseBody(decision, newRequestId));
}

/**
 * The request id of a status read. The page shows the GET line followed by `{"requestId"="<value>"}`, which
 * is not JSON, and says the id is a parameter. The server accepts all three readings: a `?requestId=` query
 * parameter, a JSON body `{"requestId": 3520}` (number or string), and the documented form itself
 * (`{"requestId"="3520"}`, quotes around the value optional). Given twice, the two must agree.
 */
type RequestIdReading = { ok: true; requestId: string } | { ok: false; status: number; detail: string };

const NAME = STATUS_REQUEST.requestIdName;
const DOCUMENTED_FORM = new RegExp(`^\\{\\s*"${NAME}"\\s*=\\s*(?:"([^"]*)"|([^"{}\\s]+))\\s*\\}$`);
const FORMS = `a ${NAME} query parameter, a JSON body {"${NAME}": <id>} or the documented ${STATUS_REQUEST.documentedForm}`;

export function readRequestId(query: URLSearchParams, body: string): RequestIdReading {
  const fromQuery = query.get(NAME) ?? undefined;
  const text = body.replace(/^\uFEFF/, '').trim();
  let fromBody: string | undefined;
  if (text !== '') {
    const documented = DOCUMENTED_FORM.exec(text);
    if (documented !== null) fromBody = documented[1] ?? documented[2];
    else {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        return { ok: false, status: 400, detail: `the body is neither JSON nor the documented ${STATUS_REQUEST.documentedForm}; give ${FORMS}` };
      }
      const value = parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>)[NAME] : undefined;
      if (typeof value === 'number' && Number.isFinite(value)) fromBody = String(value);
      else if (typeof value === 'string') fromBody = value;
      else return { ok: false, status: 400, detail: `the body names no ${NAME} (a number or a string); give ${FORMS}` };
    }
  }
  if (fromQuery !== undefined && fromBody !== undefined && fromQuery.trim() !== fromBody.trim()) {
    return { ok: false, status: 400, detail: `the query names ${NAME} ${fromQuery} but the body names ${fromBody}; give one` };
  }
  const requestId = (fromQuery ?? fromBody)?.trim();
  if (requestId === undefined || requestId === '') return { ok: false, status: 400, detail: `no ${NAME}; give ${FORMS}` };
  return { ok: true, requestId };
}

async function status(req: IncomingMessage, res: ServerResponse, params: Params, query: URLSearchParams, ctx: ServerContext): Promise<void> {
  const body = await readBody(req, STATUS_BODY_LIMIT);
  if (refusedByGateway(req, res)) return;
  if (!body.ok) {
    refuseTooLarge(res, serviceError(413, 'PayloadTooLarge', `a status request body holds one ${NAME}; this one is over ${STATUS_BODY_LIMIT} bytes`));
    return;
  }
  const target = resolveMapping(res, params, ctx);
  if (target === null) return;
  const reading = readRequestId(query, body.bytes.toString('utf8'));
  if (!reading.ok) {
    sendJson(res, reading.status, serviceError(reading.status, 'BadRequestError', reading.detail));
    return;
  }
  const stored = ctx.store.getCampaignRequest(reading.requestId) as PlannedCampaignRequest | undefined;
  if (stored === undefined || stored.org !== target.org || stored.mappingId !== target.mapping.id) {
    const detail = `no ingestion request ${reading.requestId} for the Mapping ID: ${target.mapping.id} of organization ${target.org}`;
    sendJson(res, 404, serviceError(404, 'NotFoundError', detail));
    return;
  }
  const request = await currentRequest(ctx, stored);
  sendJson(res, CAMPAIGN_HTTP_STATUS.value, statusResponseBody(ctx.profile, request));
}

/** The documented path, with find-my-way's parameter syntax. */
const PATH = CAMPAIGN_ENDPOINT.path.replace('{ORGANIZATION}', ':organization').replace('{MAPPING_ID}', ':mappingId');

export const campaignRoutes: readonly Route[] = [
  { method: CAMPAIGN_ENDPOINT.trigger.method, path: PATH, handler: trigger },
  { method: CAMPAIGN_ENDPOINT.status.method, path: PATH, handler: status },
];
