/**
 * How findings of several rules combine into one predicted answer: every finding is reported, the first
 * endpoint rule (in `ENDPOINT_RULES` order) decides a rejected message's 207 text, streaming validation
 * never sees a rejected message, and it stops a message after five errors.
 */
import { describe, expect, it } from 'vitest';
import { MAX_VALIDATION_ERRORS } from '../../../../src/contract/streaming.js';
import { ENDPOINT_RULES } from '../../../../src/rules/streaming/index.js';
import {
  ABSENT_OR_WRONG_IMS_ORG,
  ACCEPTED,
  REJECTED,
  UNKNOWN_XDM_FORMAT,
  findingsOf,
  messageAt,
  multiStatus,
  payloadFiles,
  pretty,
  requestOf,
  ruleIds,
  valueOf,
  webEventMessage,
} from './helpers.js';

const files = payloadFiles();

const endpointOrder = (id: string) => ENDPOINT_RULES.findIndex((rule) => rule.id === id);

describe('when several endpoint rules reject one message, all are reported and the first in precedence order gives the 207 text', () => {
  it('a message with no body and a wrong org: "unknown xdm format", because the envelope is checked before the org', async () => {
    const { body: _body, ...message } = webEventMessage('second');
    message.header.imsOrgId = 'invalid@AdobeOrg';
    const text = pretty(requestOf(webEventMessage(), message));
    const { report } = await files.preflight('no-body-wrong-org.json', text);

    expect(endpointOrder('streaming.body.missing')).toBeLessThan(endpointOrder('streaming.header.ims-org-mismatch'));
    const message1 = messageAt(text, 1);
    const org = valueOf(text, 'imsOrgId', 1);
    expect(report.findings.map((f) => ({ ruleId: f.ruleId, pointer: f.pointer, line: f.line, column: f.column, messageIndex: f.messageIndex }))).toEqual([
      { ruleId: 'streaming.body.missing', pointer: '/messages/1', ...message1, messageIndex: 1 },
      { ruleId: 'streaming.header.ims-org-mismatch', pointer: '/messages/1/header/imsOrgId', ...org, messageIndex: 1 },
    ]);
    expect(multiStatus(report).messages).toEqual([ACCEPTED(0), REJECTED(1, UNKNOWN_XDM_FORMAT)]);
  });

  it('a wrong org and an unknown dataset: "absent or wrong ims org", because the org is checked before the dataset', async () => {
    const message = webEventMessage('second');
    message.header.imsOrgId = 'invalid@AdobeOrg';
    message.header.datasetId = '000000000000000000000000';
    const { report } = await files.preflight('wrong-org-unknown-dataset.json', pretty(requestOf(webEventMessage(), message)));
    expect(endpointOrder('streaming.header.ims-org-mismatch')).toBeLessThan(endpointOrder('streaming.dataset.unknown'));
    expect(ruleIds(report)).toEqual(['streaming.header.ims-org-mismatch', 'streaming.dataset.unknown']);
    expect(multiStatus(report).messages).toEqual([ACCEPTED(0), REJECTED(1, ABSENT_OR_WRONG_IMS_ORG)]);
  });

  it('advice from endpoint rules rejects nothing: no imsOrgId and no datasetId under the docs profile are accepted', async () => {
    const message = webEventMessage('second');
    delete message.header.imsOrgId;
    delete message.header.datasetId;
    const { report } = await files.preflight('advice-only.json', pretty(requestOf(webEventMessage(), message)), 'docs');
    expect(report.findings.map((f) => [f.ruleId, f.severity])).toEqual([
      ['streaming.header.ims-org-absent', 'info'],
      ['streaming.header.dataset-id-absent', 'info'],
    ]);
    expect(multiStatus(report).messages).toEqual([ACCEPTED(0), ACCEPTED(1)]);
  });
});

describe('streaming validation never sees a message the endpoint rejected', () => {
  /** An entity with no timestamp and an eventType outside the enum: two error-batch problems. */
  function brokenEntityMessage() {
    const message = webEventMessage('second');
    delete message.body.xdmEntity.timestamp;
    message.body.xdmEntity['eventType'] = 'pageView';
    delete message.header.source;
    return message;
  }

  it('accepted by the endpoint, the entity lands in the error batch', async () => {
    const { report } = await files.preflight('broken-entity.json', pretty(requestOf(webEventMessage(), brokenEntityMessage())), 'strict');
    expect(ruleIds(report)).toEqual([
      'streaming.entity.time-series-field-missing',
      'streaming.entity.xdm-invalid',
      'streaming.header.source-name-absent',
    ]);
    expect(multiStatus(report).counts).toEqual({ messages: 2, accepted: 2, rejected: 0, errorBatch: 1 });
  });

  it('rejected for its org, the same message draws no downstream finding and never reaches the error batch', async () => {
    const message = brokenEntityMessage();
    message.header.imsOrgId = 'invalid@AdobeOrg';
    const { report } = await files.preflight('broken-entity-wrong-org.json', pretty(requestOf(webEventMessage(), message)), 'strict');
    expect(ruleIds(report)).toEqual(['streaming.header.ims-org-mismatch']);
    expect(multiStatus(report).messages).toEqual([ACCEPTED(0), REJECTED(1, ABSENT_OR_WRONG_IMS_ORG)]);
    expect(multiStatus(report).counts).toEqual({ messages: 2, accepted: 1, rejected: 1, errorBatch: 0 });
  });
});

describe('streaming validation stops a message after five errors', () => {
  /** Seven ways to break the web-event schema, each at its own place. */
  const SEVEN_VIOLATIONS = [
    { keyword: 'format', pointerToViolation: '#/timestamp' },
    { keyword: 'enum', pointerToViolation: '#/eventType' },
    { keyword: 'enum', pointerToViolation: '#/environment/type' },
    { keyword: 'type', pointerToViolation: '#/environment/colorDepth' },
    { keyword: 'minimum', pointerToViolation: '#/productListItems/0/quantity' },
    { keyword: 'pattern', pointerToViolation: '#/productListItems/0/currencyCode' },
    { keyword: 'additionalProperties', pointerToViolation: '#' },
  ];

  function sevenTimesBroken() {
    const message = webEventMessage('second');
    const entity = message.body.xdmEntity;
    entity['timestamp'] = 'yesterday';
    entity['eventType'] = 'pageView';
    entity['environment'] = { type: 'desktop', colorDepth: 'deep' };
    entity['productListItems'] = [{ SKU: 'CC', quantity: -1, currencyCode: 'usd' }];
    entity['pageName'] = 'Fernie Snow';
    return message;
  }

  it('reports five of the seven violations, and the error batch holds those five', async () => {
    expect(MAX_VALIDATION_ERRORS.value).toBe(5);
    const { report } = await files.preflight('seven-violations.json', pretty(requestOf(webEventMessage(), sevenTimesBroken())));
    const found = findingsOf(report, 'streaming.entity.xdm-invalid');
    expect(found).toHaveLength(5);
    expect(found.every((f) => f.messageIndex === 1 && f.severity === 'error')).toBe(true);

    const verdict = multiStatus(report).messages[1]!;
    if (verdict.outcome !== 'accepted' || verdict.streamingValidation.status !== 'fail') throw new Error(`expected an error batch, got ${JSON.stringify(verdict)}`);
    const errors = verdict.streamingValidation.errors;
    expect(errors).toHaveLength(5);
    for (const error of errors) {
      expect(SEVEN_VIOLATIONS).toContainEqual({ keyword: error.keyword, pointerToViolation: error.pointerToViolation });
    }
    expect(new Set(errors.map((e) => e.pointerToViolation + e.keyword)).size).toBe(5);
    // Each finding and its error are about the same place.
    expect(found.map((f) => f.pointer.replace('/messages/1/body/xdmEntity', '#').replace(/\/pageName$/, ''))).toEqual(
      errors.map((e) => (e.pointerToViolation === '#' ? '#' : e.pointerToViolation)),
    );
  });

  it('counts the errors of every streaming-validation rule together', async () => {
    const message = sevenTimesBroken();
    delete message.body.xdmEntity._id;
    delete message.body.xdmEntity.timestamp;
    const { report } = await files.preflight('time-series-and-xdm.json', pretty(requestOf(webEventMessage(), message)));
    const verdict = multiStatus(report).messages[1]!;
    if (verdict.outcome !== 'accepted' || verdict.streamingValidation.status !== 'fail') throw new Error(`expected an error batch, got ${JSON.stringify(verdict)}`);
    const errors = verdict.streamingValidation.errors;
    expect(errors).toHaveLength(5);
    // The time-series rule runs first: its two errors lead.
    expect(errors.slice(0, 2).map((e) => e.message)).toEqual(['required key [_id] not found', 'required key [timestamp] not found']);
  });
});
