/**
 * Adobe Campaign Standard XDM ingestion (CAMPAIGN_ENDPOINT): `POST …/{MAPPING_ID}/ingest` triggers an
 * ingestion request of a mapping; `GET …/ingest?requestId=N` reads how it is going (STATUS_REQUEST: the page
 * names the id as a parameter).
 *
 * - A trigger answered `Success` (submitted) or `In Progress` ("Ingestion request already in progress",
 *   TRIGGER_RESPONSES['already-in-progress']) gives a requestId: that request is followed to its end
 *   (Success, Failed or Aborted: CAMPAIGN_REQUEST_TRANSITIONS), never triggered again while it runs.
 * - A trigger answered `Failed` (the mapping is not stopped, or not published: CAMPAIGN_PRECONDITIONS) is
 *   returned with its documented text and not retried: the mapping must change first.
 * - The trigger is retried on 429, 5xx and network errors: a repeat while a request runs is answered
 *   "already in progress" with that request's id, which is then followed.
 */
import { CAMPAIGN_ENDPOINT, CAMPAIGN_REQUEST_STATUSES, STATUS_REQUEST, type CampaignRequestStatus } from '../contract/campaign.js';
import { AepClientError } from './errors.js';
import { deliver, isSuccess, problemText, type Answer, type Transport } from './http.js';
import { pollUntilFinal, type PollPolicy, type PollReading } from './poll.js';

export interface CampaignResult {
  mappingId: string;
  /** What the trigger was answered: submitted, already in progress (the running request is followed), or refused. */
  trigger?: 'submitted' | 'already-in-progress' | 'refused';
  /** The ingestion request followed, as the answer typed it (a number in the examples). */
  requestId?: number | string;
  /** The last status read: final (Success, Failed, Aborted) unless `error` says why polling stopped. */
  status?: CampaignRequestStatus;
  /** The answer's `info` text, as documented ("Mapping Id: … .", the ACP- error codes…). */
  info?: string;
  numRecords?: number;
  batchId?: string;
  /** Set when the trigger was refused (status Failed), or the client gave up. */
  error?: AepClientError;
}

export interface CampaignTarget {
  transport: Transport;
  campaignUrl: string;
  orgId: string;
  headers: Record<string, string>;
  timeoutMs: number;
  polling: PollPolicy;
}

const FINAL: readonly CampaignRequestStatus[] = ['Success', 'Failed', 'Aborted'];

export function campaignIngestUrl(campaignUrl: string, orgId: string, mappingId: string): string {
  const path = CAMPAIGN_ENDPOINT.path.replace('{ORGANIZATION}', encodeURIComponent(orgId)).replace('{MAPPING_ID}', encodeURIComponent(mappingId));
  return `${campaignUrl.replace(/\/+$/, '')}${path}`;
}

interface CampaignBody {
  status?: CampaignRequestStatus;
  info?: string;
  requestId?: number | string;
  numRecords?: number;
  batchId?: string;
}

/** The documented fields of an answer, each only when it has the documented type. */
function readBody(answer: Answer): CampaignBody {
  const raw = answer.json;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return {};
  const b = raw as Record<string, unknown>;
  const body: CampaignBody = {};
  if (typeof b['status'] === 'string' && (CAMPAIGN_REQUEST_STATUSES as readonly string[]).includes(b['status'])) body.status = b['status'] as CampaignRequestStatus;
  if (typeof b['info'] === 'string') body.info = b['info'];
  if ((typeof b['requestId'] === 'number' && Number.isFinite(b['requestId'])) || (typeof b['requestId'] === 'string' && b['requestId'] !== '')) body.requestId = b['requestId'];
  if (typeof b['numRecords'] === 'number') body.numRecords = b['numRecords'];
  if (typeof b['batchId'] === 'string') body.batchId = b['batchId'];
  return body;
}

function withBody(result: CampaignResult, body: CampaignBody): CampaignResult {
  return {
    ...result,
    ...(body.status !== undefined ? { status: body.status } : {}),
    ...(body.info !== undefined ? { info: body.info } : {}),
    ...(body.numRecords !== undefined ? { numRecords: body.numRecords } : {}),
    ...(body.batchId !== undefined ? { batchId: body.batchId } : {}),
  };
}

export async function triggerCampaign(target: CampaignTarget, mappingId: string): Promise<CampaignResult> {
  const { transport } = target;
  const url = campaignIngestUrl(target.campaignUrl, target.orgId, mappingId);
  let result: CampaignResult = { mappingId };
  if (mappingId === '') return { ...result, error: new AepClientError('input', 'no Campaign mapping id to trigger') };

  const triggered = await deliver(transport, { method: 'POST', url, headers: target.headers, timeoutMs: target.timeoutMs, label: `trigger Campaign mapping ${mappingId}` }, 'always');
  if (triggered.kind === 'gave-up') return { ...result, error: new AepClientError('gave-up', triggered.reason, triggered.answer?.status) };
  const answer = triggered.answer;
  if (!isSuccess(answer.status)) {
    const text = problemText(answer);
    const kind = answer.status === 401 || answer.status === 403 ? 'unauthorized' : 'refused';
    return { ...result, error: new AepClientError(kind, `trigger Campaign mapping ${mappingId}: answered ${answer.status}: ${text}`, answer.status, text) };
  }
  const body = readBody(answer);
  result = withBody(result, body);
  if (body.status === 'Failed') {
    // Not stopped, or not published: the documented text says which; triggering again changes nothing.
    return { ...result, trigger: 'refused', error: new AepClientError('refused', `trigger Campaign mapping ${mappingId} refused: ${body.info ?? '(no info)'}`, answer.status, body.info) };
  }
  if ((body.status !== 'Success' && body.status !== 'In Progress') || body.requestId === undefined) {
    return { ...result, error: new AepClientError('refused', `trigger Campaign mapping ${mappingId}: an answer without a documented status and requestId: ${problemText(answer)}`, answer.status) };
  }
  const requestId = body.requestId;
  result = { ...result, trigger: body.status === 'Success' ? 'submitted' : 'already-in-progress', requestId, status: 'In Progress' };
  transport.log(`Campaign mapping ${mappingId}: ${result.trigger === 'submitted' ? 'ingestion request' : 'already in progress: following request'} ${requestId}`);

  // The status of that request, until it ends; the mapping is not triggered again meanwhile.
  const statusUrl = `${url}?${STATUS_REQUEST.requestIdName}=${encodeURIComponent(String(requestId))}`;
  const polled = await pollUntilFinal<CampaignBody>(
    transport,
    target.polling,
    () => ({ method: 'GET', url: statusUrl, headers: target.headers, timeoutMs: target.timeoutMs, label: `status of Campaign request ${requestId}` }),
    (a): PollReading<CampaignBody> => {
      const read = readBody(a);
      return read.status !== undefined && FINAL.includes(read.status) ? { final: true, value: read } : { final: false, status: read.status ?? '(no status in the answer)' };
    },
  );
  if (polled.kind === 'stopped') return { ...result, error: polled.error };
  transport.log(`Campaign request ${requestId} ended ${polled.value.status}`);
  return withBody(result, polled.value);
}
