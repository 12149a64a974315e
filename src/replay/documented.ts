/**
 * The documented texts a fixture may expect by name (`{ $match: documented, text: streaming.unknownXdmFormat }`).
 * Every text comes from the contract; this module only names them, one namespace per API, and says which
 * placeholders each one fills. The loader refuses a name not listed here, so a typo fails at load time.
 */
import { BATCH_ERROR_CODES } from '../contract/batch.js';
import { fillCampaignText, STATUS_RESPONSES, TRIGGER_RESPONSES } from '../contract/campaign.js';
import { GATEWAY_ERRORS } from '../contract/gateway.js';
import { DCCS_PROBLEMS, DOCUMENTED_MESSAGES, DOWNSTREAM_MESSAGES, documentedMessage, problemMessage, type DocumentedMessageKey } from '../contract/streaming.js';

/** The placeholders a documented text may carry: the inlet and its org (streaming), a mapping id (Campaign). */
export interface DocumentedValues {
  inlet: string;
  org: string;
  value: string;
}

export type Placeholder = keyof DocumentedValues;

export interface DocumentedText {
  /** Which of `inlet`, `org`, `value` the text fills in. */
  uses: readonly Placeholder[];
  render(values: DocumentedValues): string;
}

const entries: [string, DocumentedText][] = [
  // The 207 entry texts: `inletId: [..] imsOrgId: [..] <text>`.
  ...(Object.keys(DOCUMENTED_MESSAGES) as DocumentedMessageKey[]).map((key): [string, DocumentedText] => [
    `streaming.${key}`,
    { uses: ['inlet', 'org'], render: (v) => documentedMessage(key, v.inlet, v.org) },
  ]),
  // Streaming validation's error-batch texts, which carry no prefix.
  ...Object.entries(DOWNSTREAM_MESSAGES).map(([key, m]): [string, DocumentedText] => [`streaming.${key}`, { uses: [], render: () => m.text }]),
  // report.message of the collection service's problem bodies.
  ['streaming.problem.invalidXdm', { uses: ['inlet', 'org'], render: (v) => problemMessage(v.inlet, v.org, DCCS_PROBLEMS.invalidXdm.messageText) }],
  // The documented 401 example writes `[id] Ims service token is empty`: the inlet only.
  ['streaming.problem.tokenMissing', { uses: ['inlet'], render: (v) => `[${v.inlet}] ${DCCS_PROBLEMS.tokenMissing.messageText}` }],
  ['streaming.problem.tokenInvalid', { uses: ['inlet'], render: (v) => `[${v.inlet}] ${DCCS_PROBLEMS.tokenInvalid.messageText}` }],
  // The gateway's `message` of `{ error_code, message }`.
  ...Object.entries(GATEWAY_ERRORS).map(([key, e]): [string, DocumentedText] => [`gateway.${key}`, { uses: [], render: () => e.message }]),
  // A batch's `errors[].description`.
  ...Object.entries(BATCH_ERROR_CODES).map(([code, e]): [string, DocumentedText] => [`batch.error.${code}`, { uses: [], render: () => e.description }]),
  // Campaign `info` texts, `<value>` being the mapping id.
  ...Object.entries(TRIGGER_RESPONSES).map(([outcome, body]): [string, DocumentedText] => [
    `campaign.trigger.${outcome}`,
    { uses: ['value'], render: (v) => fillCampaignText(body.info, v.value) },
  ]),
  ...Object.entries(STATUS_RESPONSES).map(([example, body]): [string, DocumentedText] => [
    `campaign.status.${example}`,
    { uses: ['value'], render: (v) => fillCampaignText(body.info, v.value) },
  ]),
];

export const DOCUMENTED_TEXTS: ReadonlyMap<string, DocumentedText> = new Map(entries);

export const DOCUMENTED_TEXT_NAMES: readonly string[] = [...DOCUMENTED_TEXTS.keys()];

export function documentedText(name: string): DocumentedText | undefined {
  return DOCUMENTED_TEXTS.get(name);
}
