/**
 * Streaming validation: after the endpoint accepts a message (its 207 entry is an xactionId), the record
 * is checked against the dataset's XDM schema; a failing message lands in the dataset's error batch with
 * errors in the platform's failed-batch shape, and the 207 entry does not change.
 */
import { describe, expect, it } from 'vitest';
import type { FileReport } from '../../../../src/report/model.js';
import { DATE_TIME_EXPECTED } from '../../../../src/world/xdm-validator.js';
import {
  ACCEPTED,
  WEB_EVENT_SCHEMA_ID,
  expectMessageNames,
  findingsOf,
  multiStatus,
  onlyFinding,
  payloadFiles,
  pretty,
  profileMessage,
  requestOf,
  ruleIds,
  valueOf,
  webEventMessage,
  type XdmEntity,
  PROFILES,
  secondMessageIs,
} from './helpers.js';

const files = payloadFiles();


/** Message 1 was accepted by the endpoint and failed streaming validation with exactly these errors. */
function expectErrorBatch(report: FileReport, errors: unknown[]): void {
  const answer = multiStatus(report);
  expect(answer.messages).toEqual([ACCEPTED(0), { index: 1, outcome: 'accepted', xactionId: '<batchId>:1', streamingValidation: { status: 'fail', errors } }]);
  expect(answer.body.responses).toEqual([{ xactionId: '<batchId>:0' }, { xactionId: '<batchId>:1' }]);
  expect(answer.counts).toEqual({ messages: 2, accepted: 2, rejected: 0, errorBatch: 1 });
}

describe('streaming.entity.missing: the body carries the record in xdmEntity; without it streaming validation reports "Payload body is missing xdmEntity"', () => {
  it('does not fire when the body has an xdmEntity', async () => {
    const { report } = await files.preflight('valid.json', pretty(requestOf(webEventMessage(), profileMessage())));
    expect(findingsOf(report, 'streaming.entity.missing')).toEqual([]);
  });

  it('sends a body without xdmEntity to the error batch, pointing at the body', async () => {
    const message = webEventMessage('second');
    const { xdmEntity: _entity, ...bodyWithoutEntity } = message.body;
    message.body = bodyWithoutEntity as typeof message.body;
    const text = secondMessageIs(message);
    const { report } = await files.preflight('no-entity.json', text);
    const finding = onlyFinding(report, 'streaming.entity.missing');
    const at = valueOf(text, 'body', 1);
    expect(finding).toMatchObject({ severity: 'error', pointer: '/messages/1/body', line: at.line, column: at.column, messageIndex: 1 });
    expect(ruleIds(report)).toEqual(['streaming.entity.missing']);
    expectErrorBatch(report, [{ keyword: 'required', message: 'Payload body is missing xdmEntity', pointerToViolation: '#', schemaLocation: '#' }]);
  });
});

describe('streaming.entity.time-series-field-missing: time-series records (ExperienceEvent) need xdmEntity._id and xdmEntity.timestamp', () => {
  it('does not fire for a web event with both', async () => {
    const { report } = await files.preflight('valid.json', pretty(requestOf(webEventMessage())));
    expect(findingsOf(report, 'streaming.entity.time-series-field-missing')).toEqual([]);
  });

  it('does not fire for a profile record without a timestamp: profiles are not time-series', async () => {
    const { report } = await files.preflight('profile.json', pretty(requestOf(profileMessage())));
    expect(report.findings).toEqual([]);
  });

  it('sends a web event without timestamp to the error batch, pointing at the entity', async () => {
    const message = webEventMessage('second');
    delete message.body.xdmEntity.timestamp;
    const text = secondMessageIs(message);
    const { report } = await files.preflight('no-timestamp.json', text);
    const finding = onlyFinding(report, 'streaming.entity.time-series-field-missing');
    const at = valueOf(text, 'xdmEntity', 1);
    expect(finding).toMatchObject({ severity: 'error', pointer: '/messages/1/body/xdmEntity', line: at.line, column: at.column, messageIndex: 1 });
    expectMessageNames(finding, '"timestamp"', WEB_EVENT_SCHEMA_ID);
    // The schema's own "required" is not said a second time by the XDM rule.
    expect(ruleIds(report)).toEqual(['streaming.entity.time-series-field-missing']);
    expectErrorBatch(report, [{ keyword: 'required', message: 'required key [timestamp] not found', pointerToViolation: '#', schemaLocation: '#' }]);
  });

  it('reports _id and timestamp separately when both are missing', async () => {
    const message = webEventMessage('second');
    delete message.body.xdmEntity._id;
    delete message.body.xdmEntity.timestamp;
    const { report } = await files.preflight('no-id-no-timestamp.json', secondMessageIs(message));
    const [noId, noTimestamp, ...more] = findingsOf(report, 'streaming.entity.time-series-field-missing');
    expect(more).toEqual([]);
    expectMessageNames(noId!, '"_id"');
    expectMessageNames(noTimestamp!, '"timestamp"');
    expectErrorBatch(report, [
      { keyword: 'required', message: 'required key [_id] not found', pointerToViolation: '#', schemaLocation: '#' },
      { keyword: 'required', message: 'required key [timestamp] not found', pointerToViolation: '#', schemaLocation: '#' },
    ]);
  });
});

describe("streaming.entity.xdm-invalid: streaming validation checks xdmEntity against the dataset's XDM schema; a failing record goes to the error batch", () => {
  it('does not fire for conforming web-event and profile records', async () => {
    const { report } = await files.preflight('valid.json', pretty(requestOf(webEventMessage(), profileMessage())));
    expect(findingsOf(report, 'streaming.entity.xdm-invalid')).toEqual([]);
  });

  it('sends a timestamp that is not a date-time to the error batch, pointing at the value', async () => {
    const message = webEventMessage('second');
    message.body.xdmEntity.timestamp = 'yesterday';
    const text = secondMessageIs(message);
    const { report } = await files.preflight('bad-timestamp.json', text);
    const finding = onlyFinding(report, 'streaming.entity.xdm-invalid');
    const at = valueOf(text, 'timestamp', 1);
    expect(finding).toMatchObject({
      severity: 'error',
      pointer: '/messages/1/body/xdmEntity/timestamp',
      line: at.line,
      column: at.column,
      messageIndex: 1,
    });
    expectMessageNames(finding, '/timestamp', `[yesterday] is not a valid date-time. Expected [${DATE_TIME_EXPECTED}]`);
    expectErrorBatch(report, [
      { keyword: 'format', message: `[yesterday] is not a valid date-time. Expected [${DATE_TIME_EXPECTED}]`, pointerToViolation: '#/timestamp', schemaLocation: '#/properties/timestamp/format' },
    ]);
  });

  it('sends an extraneous key to the error batch, pointing at that key', async () => {
    const message = webEventMessage('second');
    message.body.xdmEntity['pageName'] = 'Fernie Snow';
    const text = secondMessageIs(message);
    const { report } = await files.preflight('extraneous-key.json', text);
    const at = valueOf(text, 'pageName');
    const finding = onlyFinding(report, 'streaming.entity.xdm-invalid');
    expect(finding).toMatchObject({
      pointer: '/messages/1/body/xdmEntity/pageName',
      line: at.line,
      column: at.column,
      messageIndex: 1,
    });
    expectMessageNames(finding, 'extraneous key [pageName] is not permitted');
    // The platform's own error names the object that holds the key.
    expectErrorBatch(report, [
      { keyword: 'additionalProperties', message: 'extraneous key [pageName] is not permitted', pointerToViolation: '#', schemaLocation: '#/additionalProperties' },
    ]);
  });

  it("checks a profile record against the profile dataset's schema", async () => {
    const message = profileMessage();
    (message.body.xdmEntity['homeAddress'] as XdmEntity)['countryCode'] = 'usa';
    const text = secondMessageIs(message);
    const { report } = await files.preflight('profile-pattern.json', text);
    const finding = onlyFinding(report, 'streaming.entity.xdm-invalid');
    const at = valueOf(text, 'countryCode');
    expect(finding).toMatchObject({
      pointer: '/messages/1/body/xdmEntity/homeAddress/countryCode',
      line: at.line,
      column: at.column,
      messageIndex: 1,
    });
    expectMessageNames(finding, '/homeAddress/countryCode', 'must match pattern "^[A-Z]{2}$"');
    expectErrorBatch(report, [
      {
        keyword: 'pattern',
        message: 'must match pattern "^[A-Z]{2}$"',
        pointerToViolation: '#/homeAddress/countryCode',
        schemaLocation: '#/properties/homeAddress/properties/countryCode/pattern',
      },
    ]);
  });
});

describe('streaming.header.source-name-absent: a header without source.name is filled in from the connection (OpenAPI, time-series tutorial) or is a streaming validation error (failed-batches guide)', () => {
  function withoutSource(): string {
    const message = webEventMessage('second');
    delete message.header.source;
    return secondMessageIs(message);
  }

  it('does not fire when the header names its source, under any profile', async () => {
    for (const profile of PROFILES) {
      const { report } = await files.preflight(`with-source-${profile}.json`, pretty(requestOf(webEventMessage())), profile);
      expect(findingsOf(report, 'streaming.header.source-name-absent'), profile).toEqual([]);
    }
  });

  it('docs profile: filled in, not checked; streaming validation passes', async () => {
    const { report } = await files.preflight('no-source-docs.json', withoutSource(), 'docs');
    expect(report.findings).toEqual([]);
    expect(multiStatus(report).messages).toEqual([ACCEPTED(0), ACCEPTED(1)]);
  });

  it('openapi profile: filled in, not checked; streaming validation passes', async () => {
    const { report } = await files.preflight('no-source-openapi.json', withoutSource(), 'openapi');
    expect(report.findings).toEqual([]);
    expect(multiStatus(report).messages).toEqual([ACCEPTED(0), ACCEPTED(1)]);
  });

  it('strict profile: "Payload header is missing Source Name" in the error batch, pointing at the header', async () => {
    const text = withoutSource();
    const { report } = await files.preflight('no-source-strict.json', text, 'strict');
    const finding = onlyFinding(report, 'streaming.header.source-name-absent');
    const at = valueOf(text, 'header', 1);
    expect(finding).toMatchObject({ severity: 'error', pointer: '/messages/1/header', line: at.line, column: at.column, messageIndex: 1 });
    expectErrorBatch(report, [{ keyword: 'required', message: 'Payload header is missing Source Name', pointerToViolation: '#', schemaLocation: '#' }]);
  });

  it('strict profile: an empty source.name counts as missing', async () => {
    const message = webEventMessage('second');
    message.header.source = { name: '' };
    const { report } = await files.preflight('empty-source-strict.json', secondMessageIs(message), 'strict');
    expect(onlyFinding(report, 'streaming.header.source-name-absent').messageIndex).toBe(1);
    expect(multiStatus(report).counts.errorBatch).toBe(1);
  });
});

describe('streaming.entity.record-size: records over the streaming guardrail (10 KB for an ExperienceEvent, 100 KB for a Profile) draw a warning', () => {
  /** Grows a string field of the entity until its compact JSON is exactly `bytes` bytes. */
  function entityOfSize(message: { body: { xdmEntity: XdmEntity } }, grow: (entity: XdmEntity, extra: string) => void, bytes: number): void {
    const entity = message.body.xdmEntity;
    grow(entity, 'x'.repeat(bytes - Buffer.byteLength(JSON.stringify(entity), 'utf8')));
    expect(Buffer.byteLength(JSON.stringify(entity), 'utf8')).toBe(bytes);
  }
  const growPageName = (entity: XdmEntity, extra: string) => {
    (entity['web'] as { webPageDetails: { name: string } }).webPageDetails.name += extra;
  };
  const growFirstName = (entity: XdmEntity, extra: string) => {
    (entity['person'] as { name: { firstName: string } }).name.firstName += extra;
  };

  it('does not fire for a web event of exactly 10 240 bytes', async () => {
    const message = webEventMessage('second');
    entityOfSize(message, growPageName, 10 * 1024);
    const { report } = await files.preflight('event-10kb.json', secondMessageIs(message));
    expect(report.findings).toEqual([]);
  });

  it('warns for a web event of 10 241 bytes, pointing at the entity; the record is still ingested', async () => {
    const message = webEventMessage('second');
    entityOfSize(message, growPageName, 10 * 1024 + 1);
    const text = secondMessageIs(message);
    const { report } = await files.preflight('event-over-10kb.json', text);
    const finding = onlyFinding(report, 'streaming.entity.record-size');
    const at = valueOf(text, 'xdmEntity', 1);
    expect(finding).toMatchObject({ severity: 'warn', pointer: '/messages/1/body/xdmEntity', line: at.line, column: at.column, messageIndex: 1 });
    expectMessageNames(finding, '10,241 bytes', '10 KB', 'ExperienceEvent');
    expect(multiStatus(report).messages).toEqual([ACCEPTED(0), ACCEPTED(1)]);
  });

  it('does not fire for a profile record of 50 KB, under the 100 KB profile guardrail', async () => {
    const message = profileMessage();
    entityOfSize(message, growFirstName, 50 * 1024);
    const { report } = await files.preflight('profile-50kb.json', secondMessageIs(message));
    expect(report.findings).toEqual([]);
  });

  it('warns for a profile record of 102 401 bytes', async () => {
    const message = profileMessage();
    entityOfSize(message, growFirstName, 100 * 1024 + 1);
    const text = secondMessageIs(message);
    const { report } = await files.preflight('profile-over-100kb.json', text);
    const at = valueOf(text, 'xdmEntity', 1);
    const finding = onlyFinding(report, 'streaming.entity.record-size');
    expect(finding).toMatchObject({ severity: 'warn', pointer: '/messages/1/body/xdmEntity', line: at.line, column: at.column, messageIndex: 1 });
    expectMessageNames(finding, '102,401 bytes', '100 KB', 'Profile');
    expect(multiStatus(report).messages).toEqual([ACCEPTED(0), ACCEPTED(1)]);
  });
});
