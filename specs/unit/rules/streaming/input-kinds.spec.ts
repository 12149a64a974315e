/**
 * The same rules over the three kinds of input file: NDJSON (one message per line, each judged as an
 * element of a batch request), a single message for `POST /collection/{CONNECTION_ID}`, and a cap on the
 * findings kept per file.
 */
import { describe, expect, it } from 'vitest';
import {
  ABSENT_OR_WRONG_IMS_ORG,
  ACCEPTED,
  INLET_ID,
  REJECTED,
  findingsOf,
  messageStream,
  multiStatus,
  ndjson,
  onlyFinding,
  payloadFiles,
  positionOf,
  pretty,
  profileMessage,
  requestOf,
  ruleIds,
  singleMessage,
  valueOf,
  webEventMessage,
} from './helpers.js';

const files = payloadFiles();

function wrongOrg(entityId: string) {
  const message = webEventMessage(entityId);
  message.header.imsOrgId = 'invalid@AdobeOrg';
  return message;
}

describe('NDJSON: one message per line; findings name the line, messageIndex counts messages, the prediction counts outcomes', () => {
  function mixedStream(): string {
    const noTimestamp = webEventMessage('no-timestamp');
    delete noTimestamp.body.xdmEntity.timestamp;
    // A blank line counts as a line, not as a message.
    return [JSON.stringify(webEventMessage('first')), '', JSON.stringify(wrongOrg('wrong-org')), JSON.stringify(noTimestamp), JSON.stringify(profileMessage())].join('\n') + '\n';
  }

  it('a stream of valid messages draws no finding and counts every message accepted', async () => {
    const { report } = await files.preflight('valid.ndjson', ndjson(webEventMessage('a'), profileMessage(), webEventMessage('b')));
    expect(report.kind).toBe('ndjson');
    expect(report.findings).toEqual([]);
    expect(messageStream(report)).toMatchObject({
      kind: 'message-stream',
      inletId: INLET_ID,
      counts: { messages: 3, accepted: 3, rejected: 0, errorBatch: 0 },
      notAccepted: [],
      notAcceptedTruncated: 0,
    });
  });

  it('places each finding on its own line, with pointers into that line\'s message', async () => {
    const text = mixedStream();
    const { file, report } = await files.preflight('mixed.ndjson', text);

    const org = onlyFinding(report, 'streaming.header.ims-org-mismatch');
    const orgAt = positionOf(text, '"invalid@AdobeOrg"');
    expect(orgAt.line).toBe(3);
    expect(org).toMatchObject({ severity: 'error', file, pointer: '/header/imsOrgId', line: orgAt.line, column: orgAt.column, messageIndex: 1 });

    const timestamp = onlyFinding(report, 'streaming.entity.time-series-field-missing');
    // Messages 0, 1 and 2 each carry one "xdmEntity"; message 2's is on line 4.
    const entityAt = positionOf(text, '"xdmEntity":', { occurrence: 2, at: '"xdmEntity":'.length });
    expect(entityAt.line).toBe(4);
    expect(timestamp).toMatchObject({ severity: 'error', pointer: '/body/xdmEntity', line: entityAt.line, column: entityAt.column, messageIndex: 2 });
    expect(ruleIds(report)).toEqual(['streaming.header.ims-org-mismatch', 'streaming.entity.time-series-field-missing']);
  });

  it('predicts the outcome of each message and lists only those not plainly accepted', async () => {
    const { report } = await files.preflight('mixed-prediction.ndjson', mixedStream());
    const stream = messageStream(report);
    expect(stream.counts).toEqual({ messages: 4, accepted: 3, rejected: 1, errorBatch: 1 });
    expect(stream.notAccepted).toEqual([
      REJECTED(1, ABSENT_OR_WRONG_IMS_ORG),
      {
        index: 2,
        outcome: 'accepted',
        xactionId: '<batchId>:2',
        streamingValidation: {
          status: 'fail',
          errors: [{ keyword: 'required', message: 'required key [timestamp] not found', pointerToViolation: '#', schemaLocation: '#' }],
        },
      },
    ]);
    expect(stream.notAcceptedTruncated).toBe(0);
    expect(report.inputError).toBeUndefined();
  });

  it('reports a line that is not JSON at that line, and does not count it as a message', async () => {
    const text = `${JSON.stringify(webEventMessage('a'))}\n{"header": {"imsOrgId": \n${JSON.stringify(wrongOrg('c'))}\n`;
    const { report } = await files.preflight('broken-line.ndjson', text);
    const notJson = onlyFinding(report, 'streaming.request.not-json');
    // The line ends before the value of "imsOrgId": that is where it stops being JSON.
    const brokenLine = '{"header": {"imsOrgId": ';
    expect(notJson).toMatchObject({ severity: 'error', pointer: '', ...positionOf(text, brokenLine, { at: brokenLine.length }) });
    expect(notJson.messageIndex).toBeUndefined();
    // The message after the broken line is message 1, on line 3.
    const orgAt = positionOf(text, '"invalid@AdobeOrg"');
    expect(orgAt.line).toBe(3);
    expect(onlyFinding(report, 'streaming.header.ims-org-mismatch')).toMatchObject({ messageIndex: 1, ...orgAt });
    expect(messageStream(report).counts).toEqual({ messages: 2, accepted: 1, rejected: 1, errorBatch: 0 });
    expect(report.inputError).toMatchObject({ line: 2 });
  });
});

describe('a single-message file is judged as one message for POST /collection/{CONNECTION_ID}: 200 or 400', () => {
  it('a valid message is predicted 200 with its accepted verdict', async () => {
    const { report } = await files.preflight('single.json', pretty(webEventMessage()));
    expect(report.kind).toBe('message');
    expect(report.findings).toEqual([]);
    expect(singleMessage(report)).toEqual({
      kind: 'single-message',
      endpoint: 'POST /collection/{CONNECTION_ID}',
      inletId: INLET_ID,
      status: 200,
      message: ACCEPTED(0),
    });
  });

  it('a message with a wrong org is predicted 400 with the documented text, findings pointing into the message', async () => {
    const text = pretty(wrongOrg('single'));
    const { report } = await files.preflight('single-wrong-org.json', text);
    const at = valueOf(text, 'imsOrgId');
    expect(onlyFinding(report, 'streaming.header.ims-org-mismatch')).toMatchObject({
      pointer: '/header/imsOrgId',
      line: at.line,
      column: at.column,
      messageIndex: 0,
    });
    expect(singleMessage(report)).toMatchObject({ status: 400, message: REJECTED(0, ABSENT_OR_WRONG_IMS_ORG) });
  });

  it('a message accepted by the endpoint but failing streaming validation is still 200', async () => {
    const message = webEventMessage('single');
    message.body.xdmEntity.timestamp = 'yesterday';
    const { report } = await files.preflight('single-error-batch.json', pretty(message));
    expect(ruleIds(report)).toEqual(['streaming.entity.xdm-invalid']);
    expect(singleMessage(report)).toMatchObject({ status: 200, message: { index: 0, outcome: 'accepted', streamingValidation: { status: 'fail' } } });
  });
});

describe('at most --max-findings findings are kept per file; the rest are counted as dropped', () => {
  it('keeps the first two of four findings of a request, and still predicts every message', async () => {
    const text = pretty(requestOf(wrongOrg('a'), wrongOrg('b'), wrongOrg('c'), wrongOrg('d')));
    const { report } = await files.preflight('four-wrong-orgs.json', text, 'docs', { maxFindings: 2 });
    expect(report.findings.map((f) => [f.ruleId, f.messageIndex, f.line, f.column])).toEqual([
      ['streaming.header.ims-org-mismatch', 0, ...Object.values(valueOf(text, 'imsOrgId', 0))],
      ['streaming.header.ims-org-mismatch', 1, ...Object.values(valueOf(text, 'imsOrgId', 1))],
    ]);
    expect(report.findingsDropped).toBe(2);
    expect(multiStatus(report).counts).toEqual({ messages: 4, accepted: 0, rejected: 4, errorBatch: 0 });
  });

  it('keeps the first two findings of an NDJSON stream and counts the third as dropped', async () => {
    const { report } = await files.preflight('three-wrong-orgs.ndjson', ndjson(wrongOrg('a'), wrongOrg('b'), wrongOrg('c')), 'docs', { maxFindings: 2 });
    expect(report.findings.map((f) => [f.messageIndex, f.line])).toEqual([
      [0, 1],
      [1, 2],
    ]);
    expect(report.findingsDropped).toBe(1);
    expect(messageStream(report).counts.rejected).toBe(3);
  });

  it('drops nothing when the findings fit', async () => {
    const { report } = await files.preflight('fits.json', pretty(requestOf(wrongOrg('a'))), 'docs', { maxFindings: 2 });
    expect(findingsOf(report, 'streaming.header.ims-org-mismatch')).toHaveLength(1);
    expect(report.findingsDropped).toBe(0);
  });
});

describe('finding locations count UTF-16 code units as editors do, and follow the value JSON.parse kept', () => {
  /** A header whose source name, written before imsOrgId, holds characters outside ASCII and outside the BMP. */
  function accentedWrongOrg() {
    const message = webEventMessage('accents');
    const { imsOrgId: _org, source: _source, ...rest } = message.header;
    message.header = { source: { name: 'Crème brûlée 🍰 boutique' }, ...rest, imsOrgId: 'invalid@AdobeOrg' };
    return message;
  }

  it('on one NDJSON line, the column after multi-byte characters is counted in code units, not bytes', async () => {
    const text = ndjson(accentedWrongOrg());
    const { report } = await files.preflight('accents.ndjson', text);
    const at = positionOf(text, '"invalid@AdobeOrg"');
    expect(Buffer.byteLength(text.slice(0, at.column - 1), 'utf8')).toBeGreaterThan(at.column - 1);
    expect(onlyFinding(report, 'streaming.header.ims-org-mismatch')).toMatchObject({ line: 1, column: at.column });
  });

  it('in a request file, likewise', async () => {
    const text = pretty(requestOf(accentedWrongOrg()));
    const { report } = await files.preflight('accents.json', text);
    expect(onlyFinding(report, 'streaming.header.ims-org-mismatch')).toMatchObject(valueOf(text, 'imsOrgId'));
  });

  it('a repeated key is judged by its last value, and the finding points at that one', async () => {
    const text = [
      '{"messages": [',
      `  {"header": {"imsOrgId": "5D2E1F8A5C3E4B7A0A495E2C@AdobeOrg", "imsOrgId": "invalid@AdobeOrg",`,
      `              "schemaRef": ${JSON.stringify(webEventMessage().header.schemaRef)}, "datasetId": "5f0c0c7f6c5f1b194c1e0b4a"},`,
      `   "body": ${JSON.stringify(webEventMessage().body)}}`,
      ']}',
    ].join('\n');
    const { report } = await files.preflight('repeated-key.json', text);
    expect(onlyFinding(report, 'streaming.header.ims-org-mismatch')).toMatchObject(positionOf(text, '"invalid@AdobeOrg"'));
    expect(multiStatus(report).messages).toEqual([REJECTED(0, ABSENT_OR_WRONG_IMS_ORG)]);
  });
});
