/**
 * The header fields that route and date a message: datasetId (and the dataset's schema), flowId and
 * createdAt. Where the tutorials and the OpenAPI file disagree, each profile's reading is pinned.
 */
import { describe, expect, it } from 'vitest';
import {
  ACCEPTED,
  PROFILE_DATASET_ID,
  PROFILE_SCHEMA_ID,
  REJECTED,
  UNKNOWN_XDM_FORMAT,
  WEB_EVENT_DATASET_ID,
  WEB_EVENT_SCHEMA_ID,
  expectMessageNames,
  findingsOf,
  multiStatus,
  onlyFinding,
  payloadFiles,
  pretty,
  requestOf,
  ruleIds,
  valueOf,
  webEventMessage,
  PROFILES,
  secondMessageIs,
} from './helpers.js';

const files = payloadFiles();


const validRequest = () => pretty(requestOf(webEventMessage(), webEventMessage('second')));

describe("streaming.header.dataset-id-absent: the tutorial sends datasetId to reach a dataset directly, else the inlet's dataflow decides; the OpenAPI file requires it", () => {
  function withoutDataset(): string {
    const message = webEventMessage('second');
    delete message.header.datasetId;
    return secondMessageIs(message);
  }

  it('does not fire when the header names a dataset, under any profile', async () => {
    for (const profile of PROFILES) {
      const { report } = await files.preflight(`with-dataset-${profile}.json`, validRequest(), profile);
      expect(findingsOf(report, 'streaming.header.dataset-id-absent'), profile).toEqual([]);
    }
  });

  it('docs profile: information only, pointing at the header; the message is accepted', async () => {
    const text = withoutDataset();
    const { report } = await files.preflight('no-dataset-docs.json', text, 'docs');
    const finding = onlyFinding(report, 'streaming.header.dataset-id-absent');
    const at = valueOf(text, 'header', 1);
    expect(finding).toMatchObject({ severity: 'info', pointer: '/messages/1/header', line: at.line, column: at.column, messageIndex: 1 });
    expect(ruleIds(report)).toEqual(['streaming.header.dataset-id-absent']);
    expect(multiStatus(report).messages).toEqual([ACCEPTED(0), ACCEPTED(1)]);
  });

  it("docs profile: without a dataset, streaming validation checks the entity against the header's schema", async () => {
    const message = webEventMessage('second');
    delete message.header.datasetId;
    delete message.body.xdmEntity.timestamp;
    const { report } = await files.preflight('no-dataset-no-timestamp.json', secondMessageIs(message), 'docs');
    expect(ruleIds(report)).toEqual(['streaming.header.dataset-id-absent', 'streaming.entity.time-series-field-missing']);
    expect(multiStatus(report).messages[1]).toMatchObject({ outcome: 'accepted', streamingValidation: { status: 'fail' } });
  });

  it('openapi profile: rejected with "Message has unknown xdm format"', async () => {
    const text = withoutDataset();
    const { report } = await files.preflight('no-dataset-openapi.json', text, 'openapi');
    const at = valueOf(text, 'header', 1);
    expect(onlyFinding(report, 'streaming.header.dataset-id-absent')).toMatchObject({
      severity: 'error',
      pointer: '/messages/1/header',
      line: at.line,
      column: at.column,
      messageIndex: 1,
    });
    expect(multiStatus(report).messages).toEqual([ACCEPTED(0), REJECTED(1, UNKNOWN_XDM_FORMAT)]);
  });

  it('strict profile: rejected with "Message has unknown xdm format"', async () => {
    const { report } = await files.preflight('no-dataset-strict.json', withoutDataset(), 'strict');
    expect(onlyFinding(report, 'streaming.header.dataset-id-absent')).toMatchObject({ severity: 'error', messageIndex: 1 });
    expect(multiStatus(report).messages).toEqual([ACCEPTED(0), REJECTED(1, UNKNOWN_XDM_FORMAT)]);
  });
});

describe('streaming.dataset.unknown: datasetId must reference an existing dataset of the org', () => {
  it('does not fire for a dataset of the world', async () => {
    const { report } = await files.preflight('known-dataset.json', validRequest());
    expect(findingsOf(report, 'streaming.dataset.unknown')).toEqual([]);
  });

  it('rejects a dataset id the world does not have, pointing at datasetId', async () => {
    const message = webEventMessage('second');
    message.header.datasetId = '000000000000000000000000';
    const text = secondMessageIs(message);
    const { report } = await files.preflight('unknown-dataset.json', text);
    const finding = onlyFinding(report, 'streaming.dataset.unknown');
    const at = valueOf(text, 'datasetId', 1);
    expect(finding).toMatchObject({ severity: 'error', pointer: '/messages/1/header/datasetId', line: at.line, column: at.column, messageIndex: 1 });
    expectMessageNames(finding, '"000000000000000000000000"', WEB_EVENT_DATASET_ID, PROFILE_DATASET_ID);
    expect(ruleIds(report)).toEqual(['streaming.dataset.unknown']);
    expect(multiStatus(report).messages).toEqual([ACCEPTED(0), REJECTED(1, UNKNOWN_XDM_FORMAT)]);
  });

  it('rejects a datasetId that is not a string', async () => {
    const message = webEventMessage('second');
    message.header.datasetId = null;
    const text = secondMessageIs(message);
    const { report } = await files.preflight('null-dataset.json', text);
    const at = valueOf(text, 'datasetId', 1);
    expect(onlyFinding(report, 'streaming.dataset.unknown')).toMatchObject({ pointer: '/messages/1/header/datasetId', line: at.line, column: at.column });
    expect(multiStatus(report).messages[1]).toEqual(REJECTED(1, UNKNOWN_XDM_FORMAT));
  });
});

describe("streaming.dataset.schema-mismatch: the dataset named by datasetId must have the schema the header's schemaRef names", () => {
  it("does not fire when the dataset's schema is the header's", async () => {
    const { report } = await files.preflight('matching.json', validRequest());
    expect(findingsOf(report, 'streaming.dataset.schema-mismatch')).toEqual([]);
  });

  it("rejects a web event sent to the profile dataset, pointing at the header's schema id", async () => {
    const message = webEventMessage('second');
    message.header.datasetId = PROFILE_DATASET_ID;
    const text = secondMessageIs(message);
    const { report } = await files.preflight('event-to-profile-dataset.json', text);
    const finding = onlyFinding(report, 'streaming.dataset.schema-mismatch');
    // Each message names its schema twice, header first: message 1's header id is the third "id".
    const at = valueOf(text, 'id', 2);
    expect(finding).toMatchObject({
      severity: 'error',
      pointer: '/messages/1/header/schemaRef/id',
      line: at.line,
      column: at.column,
      messageIndex: 1,
    });
    expectMessageNames(finding, PROFILE_DATASET_ID, PROFILE_SCHEMA_ID, WEB_EVENT_SCHEMA_ID);
    expect(ruleIds(report)).toEqual(['streaming.dataset.schema-mismatch']);
    expect(multiStatus(report).messages).toEqual([ACCEPTED(0), REJECTED(1, UNKNOWN_XDM_FORMAT)]);
  });
});

describe('streaming.header.flow-id-absent: the OpenAPI file requires flowId; the tutorial examples carry none and are accepted', () => {
  function withoutFlow(): string {
    const message = webEventMessage('second');
    delete message.header.flowId;
    return secondMessageIs(message);
  }

  it('does not fire when the header carries a flowId, under any profile', async () => {
    for (const profile of PROFILES) {
      const { report } = await files.preflight(`with-flow-${profile}.json`, validRequest(), profile);
      expect(findingsOf(report, 'streaming.header.flow-id-absent'), profile).toEqual([]);
    }
  });

  it('docs profile: not checked at all; the message is accepted', async () => {
    const { report } = await files.preflight('no-flow-docs.json', withoutFlow(), 'docs');
    expect(report.findings).toEqual([]);
    expect(multiStatus(report).messages).toEqual([ACCEPTED(0), ACCEPTED(1)]);
  });

  it('openapi profile: rejected with "Message has unknown xdm format", pointing at the header', async () => {
    const text = withoutFlow();
    const { report } = await files.preflight('no-flow-openapi.json', text, 'openapi');
    const at = valueOf(text, 'header', 1);
    expect(onlyFinding(report, 'streaming.header.flow-id-absent')).toMatchObject({
      severity: 'error',
      pointer: '/messages/1/header',
      line: at.line,
      column: at.column,
      messageIndex: 1,
    });
    expect(multiStatus(report).messages).toEqual([ACCEPTED(0), REJECTED(1, UNKNOWN_XDM_FORMAT)]);
  });

  it('strict profile: rejected with "Message has unknown xdm format"', async () => {
    const { report } = await files.preflight('no-flow-strict.json', withoutFlow(), 'strict');
    expect(onlyFinding(report, 'streaming.header.flow-id-absent')).toMatchObject({ severity: 'error', messageIndex: 1 });
    expect(multiStatus(report).messages).toEqual([ACCEPTED(0), REJECTED(1, UNKNOWN_XDM_FORMAT)]);
  });
});

describe('streaming.header.created-at-invalid: header.createdAt is a time in milliseconds since the epoch (a number in the tutorials, a string in the OpenAPI file)', () => {
  function createdAt(value: unknown): string {
    const message = webEventMessage('second');
    message.header.createdAt = value;
    return secondMessageIs(message);
  }

  it('does not fire for the string "1526283801869" under any profile', async () => {
    for (const profile of PROFILES) {
      const { report } = await files.preflight(`created-at-string-${profile}.json`, createdAt('1526283801869'), profile);
      expect(findingsOf(report, 'streaming.header.created-at-invalid'), profile).toEqual([]);
    }
  });

  it('docs profile: the number 1526283801869 the tutorials send is accepted silently', async () => {
    const { report } = await files.preflight('created-at-number-docs.json', createdAt(1526283801869), 'docs');
    expect(report.findings).toEqual([]);
  });

  it('openapi profile: the number draws a warning, pointing at createdAt; the answer does not change', async () => {
    const text = createdAt(1526283801869);
    const { report } = await files.preflight('created-at-number-openapi.json', text, 'openapi');
    const finding = onlyFinding(report, 'streaming.header.created-at-invalid');
    const at = valueOf(text, 'createdAt', 1);
    expect(finding).toMatchObject({ severity: 'warn', pointer: '/messages/1/header/createdAt', line: at.line, column: at.column, messageIndex: 1 });
    expectMessageNames(finding, 'a number', 'string');
    expect(multiStatus(report).messages).toEqual([ACCEPTED(0), ACCEPTED(1)]);
  });

  it('strict profile: takes either form, so the number is accepted silently', async () => {
    const { report } = await files.preflight('created-at-number-strict.json', createdAt(1526283801869), 'strict');
    expect(report.findings).toEqual([]);
  });

  it('warns under every profile for seconds instead of milliseconds', async () => {
    for (const profile of PROFILES) {
      const text = createdAt('1526283801');
      const { report } = await files.preflight(`created-at-seconds-${profile}.json`, text, profile);
      const finding = onlyFinding(report, 'streaming.header.created-at-invalid');
      expect(finding, profile).toMatchObject({ severity: 'warn', pointer: '/messages/1/header/createdAt', ...valueOf(text, 'createdAt', 1) });
      expect(finding.message, profile).toContain('seconds');
      expect(multiStatus(report).messages, profile).toEqual([ACCEPTED(0), ACCEPTED(1)]);
    }
  });

  it('warns for an ISO date string', async () => {
    const { report } = await files.preflight('created-at-iso.json', createdAt('2019-02-23T22:07:01Z'), 'docs');
    expectMessageNames(onlyFinding(report, 'streaming.header.created-at-invalid'), '"2019-02-23T22:07:01Z"', 'milliseconds');
  });
});
