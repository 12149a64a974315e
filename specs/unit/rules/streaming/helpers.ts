/**
 * Payloads for the streaming rule specs, and the plain-string oracle that says where a finding must point.
 *
 * Every spec runs a real file through the real pipeline (`preflightFile` with a `StreamingAnalyser` over the
 * embedded default world). Expected lines and columns never come from `src/parse/locate.ts`: they are found
 * with `indexOf` in the text the spec wrote, and converted by counting `\n`.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect } from 'vitest';
import { documentedMessage } from '../../../../src/contract/streaming.js';
import type { ProfileName } from '../../../../src/contract/profiles.js';
import type { FileReport, PredictedAnswer, PredictedMessage } from '../../../../src/report/model.js';
import type { Finding } from '../../../../src/rules/finding.js';
import type { StreamingRuleId } from '../../../../src/rules/ids.js';
import { StreamingAnalyser } from '../../../../src/rules/streaming/analyse.js';
import { preflightFile, type PreflightOptions } from '../../../../src/rules/streaming/preflight.js';
import { defaultWorld } from '../../../../src/world/index.js';

// The default world's open inlet and its org.
export const INLET_ID = '9b0cb233972f3b0092992284c7353f5eead496218e8441a79b25e9421ea127f5';
export const ORG_ID = '5D2E1F8A5C3E4B7A0A495E2C@AdobeOrg';
export const WEB_EVENT_DATASET_ID = '5f0c0c7f6c5f1b194c1e0b4a';
export const WEB_EVENT_SCHEMA_ID = 'https://ns.adobe.com/acme/schemas/0f1c2d3e4a5b6c7d8e9f0a1b2c3d4e5f';
export const PROFILE_DATASET_ID = '5f0c0c7f6c5f1b194c1e0b4b';
export const PROFILE_SCHEMA_ID = 'https://ns.adobe.com/acme/schemas/7c1e2d3f4a5b6c7d8e9f0a1b2c3d4e5f';
export const XED_FULL_V1 = 'application/vnd.adobe.xed-full+json;version=1';
export const FLOW_ID = 'd3f0a1b2-c4e5-4f60-8a9b-0c1d2e3f4a5b';

export const PROFILES: readonly ProfileName[] = ['docs', 'openapi', 'strict'];

/** The two documented 207 entry texts, with the default world's inlet and org filled in. */
export const UNKNOWN_XDM_FORMAT = documentedMessage('unknownXdmFormat', INLET_ID, ORG_ID);
export const ABSENT_OR_WRONG_IMS_ORG = documentedMessage('absentOrWrongImsOrg', INLET_ID, ORG_ID);

export interface SchemaRef {
  id?: unknown;
  contentType?: unknown;
}

export interface MessageHeader {
  schemaRef?: SchemaRef;
  imsOrgId?: unknown;
  datasetId?: unknown;
  flowId?: unknown;
  source?: { name?: unknown };
  createdAt?: unknown;
  [field: string]: unknown;
}

export type XdmEntity = Record<string, unknown>;

export interface MessageBody {
  xdmMeta?: { schemaRef?: SchemaRef; [field: string]: unknown };
  xdmEntity?: XdmEntity;
  [field: string]: unknown;
}

export interface StreamingMessage {
  header?: MessageHeader;
  body?: MessageBody;
  [field: string]: unknown;
}

export interface StreamingRequest {
  messages: unknown[];
}

/**
 * A message the default world accepts under every profile: the tutorial's header (schemaRef, imsOrgId,
 * datasetId, source.name) plus what the OpenAPI file also requires (flowId, createdAt as a string of
 * milliseconds, which the docs and strict readings accept too), and a web event that conforms to the
 * web-event schema. A fresh object each call, so a spec may mutate it.
 */
export function webEventMessage(entityId = '9af5adcc-db9c-4692-b826-65d3abe68c22'): StreamingMessage & { header: MessageHeader; body: MessageBody & { xdmEntity: XdmEntity } } {
  const schemaRef = { id: WEB_EVENT_SCHEMA_ID, contentType: XED_FULL_V1 };
  return {
    header: {
      schemaRef: { ...schemaRef },
      imsOrgId: ORG_ID,
      datasetId: WEB_EVENT_DATASET_ID,
      flowId: FLOW_ID,
      source: { name: 'web-storefront' },
      createdAt: '1526283801869',
    },
    body: {
      xdmMeta: { schemaRef: { ...schemaRef } },
      xdmEntity: {
        _id: entityId,
        timestamp: '2019-02-23T22:07:01Z',
        eventType: 'commerce.productViews',
        environment: {
          type: 'browser',
          browserDetails: { userAgent: 'Mozilla/5.0', acceptLanguage: 'en-US', cookiesEnabled: true, javaEnabled: false },
          colorDepth: 32,
          viewportHeight: 799,
          viewportWidth: 414,
        },
        web: { webPageDetails: { name: 'Fernie Snow', URL: 'https://shop.example.com/p/fernie-snow', isHomePage: false } },
        productListItems: [{ SKU: 'CC', name: 'Fernie Snow', quantity: 30, priceTotal: 7.8, currencyCode: 'USD' }],
        commerce: { productViews: { value: 1 } },
      },
    },
  };
}

/** A message for the profile dataset, accepted under every profile. Profile records are not time-series. */
export function profileMessage(recordId = 'c1a2b3d4-0000-4000-8000-000000000001'): StreamingMessage & { header: MessageHeader; body: MessageBody & { xdmEntity: XdmEntity } } {
  const schemaRef = { id: PROFILE_SCHEMA_ID, contentType: XED_FULL_V1 };
  return {
    header: {
      schemaRef: { ...schemaRef },
      imsOrgId: ORG_ID,
      datasetId: PROFILE_DATASET_ID,
      flowId: FLOW_ID,
      source: { name: 'crm-export' },
      createdAt: '1526283801869',
    },
    body: {
      xdmMeta: { schemaRef: { ...schemaRef } },
      xdmEntity: {
        _id: recordId,
        person: { name: { firstName: 'Emily', lastName: 'Ong' }, birthDate: '1984-06-01' },
        personalEmail: { address: 'emilyong@example.com' },
        homeAddress: { city: 'San Jose', countryCode: 'US', postalCode: '95110' },
        _acme: { loyaltyTier: 'gold' },
      },
    },
  };
}

/** The multi-message request envelope. */
export function requestOf(...messages: unknown[]): StreamingRequest {
  return { messages };
}

/** How the specs write a JSON document: two-space indentation, so that every value has its own place. */
export function pretty(value: unknown): string {
  return JSON.stringify(value, null, 2);
}

/** One message per line. */
export function ndjson(...messages: unknown[]): string {
  return messages.map((m) => JSON.stringify(m)).join('\n') + '\n';
}

// ---------------------------------------------------------------------------------------------------------
// The position oracle: plain string search, independent of the locator under test.

export interface Position {
  line: number;
  column: number;
}

/** 1-based line and column of a UTF-16 offset, counting `\n` before it. */
export function positionAt(text: string, offset: number): Position {
  let line = 1;
  let lineStart = 0;
  for (let at = text.indexOf('\n'); at !== -1 && at < offset; at = text.indexOf('\n', at + 1)) {
    line++;
    lineStart = at + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

/**
 * Where the `occurrence`-th (0-based) appearance of `needle` is, shifted by `at` code units into it.
 * Fails the spec when the text does not hold it, so a wrong oracle never passes silently.
 */
export function positionOf(text: string, needle: string, opts: { occurrence?: number; at?: number } = {}): Position {
  let offset = -1;
  for (let k = 0; k <= (opts.occurrence ?? 0); k++) {
    offset = text.indexOf(needle, offset + 1);
    if (offset === -1) throw new Error(`the payload text has no occurrence ${opts.occurrence ?? 0} of ${JSON.stringify(needle)}`);
  }
  return positionAt(text, offset + (opts.at ?? 0));
}

/** The first character of the value of `"key": ` (its `{` for an object), in a `pretty` document. */
export function valueOf(text: string, key: string, occurrence = 0): Position {
  const needle = `${JSON.stringify(key)}: `;
  return positionOf(text, needle, { occurrence, at: needle.length });
}

/** The `{` of the `index`-th message of a `pretty` request (elements of "messages" sit four spaces in). */
export function messageAt(text: string, index: number): Position {
  return positionOf(text, '\n    {', { occurrence: index, at: 5 });
}

// ---------------------------------------------------------------------------------------------------------
// Running files through pre-flight.

export interface PayloadFiles {
  /** Writes `content` to a fresh file named after `name` (keep its extension: `.ndjson` selects NDJSON). */
  write(name: string, content: string | Uint8Array): string;
  /** Writes the file and pre-flights it against the default world's open inlet. */
  preflight(name: string, content: string | Uint8Array, profile?: ProfileName, opts?: PreflightOptions): Promise<Preflighted>;
}

export interface Preflighted {
  file: string;
  report: FileReport;
}

export function analyser(profile: ProfileName): StreamingAnalyser {
  return new StreamingAnalyser({ world: defaultWorld(), inletId: INLET_ID, profile });
}

/** A temporary directory for one spec file, removed after its last test. */
export function payloadFiles(): PayloadFiles {
  const dir = mkdtempSync(join(tmpdir(), 'aep-streaming-rules-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  let count = 0;
  const write = (name: string, content: string | Uint8Array): string => {
    const file = join(dir, `${String(++count).padStart(3, '0')}-${name}`);
    writeFileSync(file, content);
    return file;
  };
  return {
    write,
    async preflight(name, content, profile = 'docs', opts = {}) {
      const file = write(name, content);
      return { file, report: await preflightFile(file, analyser(profile), opts) };
    },
  };
}

/** The findings of one rule. */
export function findingsOf(report: FileReport, ruleId: StreamingRuleId): Finding[] {
  return report.findings.filter((f) => f.ruleId === ruleId);
}

/** The one finding of a rule; fails the spec when there is none or more than one. */
export function onlyFinding(report: FileReport, ruleId: StreamingRuleId): Finding {
  const found = findingsOf(report, ruleId);
  expect(found, `findings of ${ruleId}: ${JSON.stringify(report.findings.map((f) => f.ruleId))}`).toHaveLength(1);
  return found[0]!;
}

/**
 * A finding's message names the values from the input. Only those are pinned: the wording may improve
 * without breaking anyone, as the rule ids do not change.
 */
export function expectMessageNames(finding: Finding, ...values: string[]): void {
  for (const value of values) expect(finding.message, `message of ${finding.ruleId}`).toContain(value);
}

export function ruleIds(report: FileReport): string[] {
  return report.findings.map((f) => f.ruleId);
}

type Answer207 = Extract<PredictedAnswer, { status: 207 }>;
type Refused = Extract<PredictedAnswer, { kind: 'batch-request'; status: 400 | 413 }>;
type SingleMessage = Extract<PredictedAnswer, { kind: 'single-message' }>;
type MessageStream = Extract<PredictedAnswer, { kind: 'message-stream' }>;

/** The predicted 207 answer; fails the spec when the request would be refused as a whole. */
export function multiStatus(report: FileReport): Answer207 {
  const predicted = report.predicted;
  if (predicted?.kind !== 'batch-request' || predicted.status !== 207) {
    throw new Error(`expected a 207 answer, got ${JSON.stringify(predicted)}`);
  }
  return predicted;
}

/** The predicted refusal of the whole request (400 or 413, no 207 body). */
export function refusal(report: FileReport): Refused {
  const predicted = report.predicted;
  if (predicted?.kind !== 'batch-request' || predicted.status === 207) {
    throw new Error(`expected the request to be refused, got ${JSON.stringify(predicted)}`);
  }
  return predicted;
}

export function singleMessage(report: FileReport): SingleMessage {
  const predicted = report.predicted;
  if (predicted?.kind !== 'single-message') throw new Error(`expected a single-message answer, got ${JSON.stringify(predicted)}`);
  return predicted;
}

export function messageStream(report: FileReport): MessageStream {
  const predicted = report.predicted;
  if (predicted?.kind !== 'message-stream') throw new Error(`expected a message-stream answer, got ${JSON.stringify(predicted)}`);
  return predicted;
}

/** The 207 entry of an accepted message that streaming validation passes. */
export const ACCEPTED = (index: number): PredictedMessage => ({
  index,
  outcome: 'accepted',
  xactionId: `<batchId>:${index}`,
  streamingValidation: { status: 'pass' },
});

export const REJECTED = (index: number, message: string): PredictedMessage => ({ index, outcome: 'rejected', statusCode: 400, message });

/** A pretty-printed request whose first message is valid and whose second is `message`. */
export function secondMessageIs(message: unknown): string {
  return pretty(requestOf(webEventMessage(), message));
}
