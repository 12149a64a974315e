/**
 * The shape of one message at the collection endpoint: an object with a header and a body, the header
 * naming its schema with schemaRef, the body repeating it in xdmMeta. A message that breaks one of these
 * gets `{statusCode: 400, message: "... Message has unknown xdm format"}` in the 207 body, and the other
 * messages of the request are judged on their own.
 */
import { describe, expect, it } from 'vitest';
import {
  ACCEPTED,
  REJECTED,
  UNKNOWN_XDM_FORMAT,
  findingsOf,
  messageAt,
  multiStatus,
  onlyFinding,
  payloadFiles,
  positionOf,
  pretty,
  requestOf,
  ruleIds,
  valueOf,
  webEventMessage,
  ORG_ID,
  WEB_EVENT_DATASET_ID,
  secondMessageIs,
} from './helpers.js';

const files = payloadFiles();

/** A request whose message 0 is valid and message 1 is the one under test. */

async function validRequest() {
  return (await files.preflight('valid.json', pretty(requestOf(webEventMessage(), webEventMessage('second'))))).report;
}

describe('streaming.message.not-object: each element of "messages" is an object with a header and a body', () => {
  it('does not fire for object messages', async () => {
    expect(findingsOf(await validRequest(), 'streaming.message.not-object')).toEqual([]);
  });

  it('rejects a string element with "Message has unknown xdm format", pointing at the element', async () => {
    const text = secondMessageIs('header=...;body=...');
    const { file, report } = await files.preflight('string-message.json', text);
    const finding = onlyFinding(report, 'streaming.message.not-object');
    const at = positionOf(text, '"header=...;body=..."');
    expect(finding).toMatchObject({ severity: 'error', file, pointer: '/messages/1', line: at.line, column: at.column, messageIndex: 1 });
    expect(finding.message).toContain('a string');
    // No other rule speaks about a message that is not an object.
    expect(ruleIds(report)).toEqual(['streaming.message.not-object']);
    expect(multiStatus(report).messages).toEqual([ACCEPTED(0), REJECTED(1, UNKNOWN_XDM_FORMAT)]);
    expect(multiStatus(report).body.responses).toEqual([{ xactionId: '<batchId>:0' }, { statusCode: 400, message: UNKNOWN_XDM_FORMAT }]);
  });

  it('rejects null and an array element alike', async () => {
    const text = pretty(requestOf(null, [webEventMessage()]));
    const { report } = await files.preflight('null-and-array.json', text);
    const found = findingsOf(report, 'streaming.message.not-object');
    expect(found.map((f) => [f.pointer, f.messageIndex, f.line, f.column])).toEqual([
      ['/messages/0', 0, ...Object.values(positionOf(text, 'null'))],
      ['/messages/1', 1, ...Object.values(positionOf(text, '\n    [', { at: 5 }))],
    ]);
    expect(multiStatus(report).messages).toEqual([REJECTED(0, UNKNOWN_XDM_FORMAT), REJECTED(1, UNKNOWN_XDM_FORMAT)]);
  });
});

describe('streaming.header.missing: every message needs a header section, or it is answered "Message has unknown xdm format"', () => {
  it('does not fire when the message has a header object', async () => {
    expect(findingsOf(await validRequest(), 'streaming.header.missing')).toEqual([]);
  });

  it('rejects a message without "header", pointing at the message', async () => {
    const { header: _header, ...message } = webEventMessage('second');
    const text = secondMessageIs(message);
    const { report } = await files.preflight('no-header.json', text);
    const finding = onlyFinding(report, 'streaming.header.missing');
    const at = messageAt(text, 1);
    expect(finding).toMatchObject({ severity: 'error', pointer: '/messages/1', line: at.line, column: at.column, messageIndex: 1 });
    expect(multiStatus(report).messages).toEqual([ACCEPTED(0), REJECTED(1, UNKNOWN_XDM_FORMAT)]);
  });

  it('rejects a header that is not an object, pointing at its value', async () => {
    const message = webEventMessage('second');
    Object.assign(message, { header: 'x-gw-ims-org-id: 5D2E1F8A5C3E4B7A0A495E2C@AdobeOrg' });
    const text = secondMessageIs(message);
    const { report } = await files.preflight('string-header.json', text);
    const finding = onlyFinding(report, 'streaming.header.missing');
    const at = valueOf(text, 'header', 1);
    expect(finding).toMatchObject({ pointer: '/messages/1/header', line: at.line, column: at.column, messageIndex: 1 });
    expect(finding.message).toContain('a string');
    expect(multiStatus(report).messages[1]).toEqual(REJECTED(1, UNKNOWN_XDM_FORMAT));
  });
});

describe('streaming.body.missing: a message without a body is answered "Message has unknown xdm format"', () => {
  it('does not fire when the message has a body object', async () => {
    expect(findingsOf(await validRequest(), 'streaming.body.missing')).toEqual([]);
  });

  it("rejects the documented partial-failure example's second message (a header and no body), pointing at the message", async () => {
    const { body: _body, ...message } = webEventMessage('second');
    const text = secondMessageIs(message);
    const { report } = await files.preflight('no-body.json', text);
    const finding = onlyFinding(report, 'streaming.body.missing');
    const at = messageAt(text, 1);
    expect(finding).toMatchObject({ severity: 'error', pointer: '/messages/1', line: at.line, column: at.column, messageIndex: 1 });
    expect(ruleIds(report)).toEqual(['streaming.body.missing']);
    expect(multiStatus(report).messages).toEqual([ACCEPTED(0), REJECTED(1, UNKNOWN_XDM_FORMAT)]);
  });

  it('rejects "body": null, pointing at the null', async () => {
    const message = webEventMessage('second');
    Object.assign(message, { body: null });
    const text = secondMessageIs(message);
    const { report } = await files.preflight('null-body.json', text);
    const at = valueOf(text, 'body', 1);
    expect(onlyFinding(report, 'streaming.body.missing')).toMatchObject({ pointer: '/messages/1/body', line: at.line, column: at.column, messageIndex: 1 });
    expect(multiStatus(report).messages[1]).toEqual(REJECTED(1, UNKNOWN_XDM_FORMAT));
  });
});

describe('streaming.header.legacy-xdm-schema: a header naming its schema with the legacy "xdmSchema" is answered "Message has unknown xdm format"', () => {
  it('does not fire for a header with schemaRef', async () => {
    expect(findingsOf(await validRequest(), 'streaming.header.legacy-xdm-schema')).toEqual([]);
  });

  it("rejects the documented partial-failure example's last message, pointing at xdmSchema", async () => {
    const message = webEventMessage('fifth');
    message.header = {
      xdmSchema: { name: '_xdm.context.experienceevent', version: '1.0', msgType: 'xdmEntityCreate', msgId: '1513900810000-0', msgVersion: '1.0' },
      imsOrgId: ORG_ID,
      datasetId: WEB_EVENT_DATASET_ID,
      source: { name: 'web-storefront' },
    };
    const text = secondMessageIs(message);
    const { report } = await files.preflight('legacy.json', text);
    const finding = onlyFinding(report, 'streaming.header.legacy-xdm-schema');
    const at = valueOf(text, 'xdmSchema');
    expect(finding).toMatchObject({ severity: 'error', pointer: '/messages/1/header/xdmSchema', line: at.line, column: at.column, messageIndex: 1 });
    expect(finding.message).toContain('_xdm.context.experienceevent');
    // The legacy form is its own rule: "schemaRef is missing" is not said as well.
    expect(findingsOf(report, 'streaming.header.schema-ref-missing')).toEqual([]);
    expect(multiStatus(report).messages).toEqual([ACCEPTED(0), REJECTED(1, UNKNOWN_XDM_FORMAT)]);
  });

  it('does not fire when the header carries schemaRef beside a left-over xdmSchema', async () => {
    const message = webEventMessage('second');
    message.header['xdmSchema'] = { name: '_xdm.context.experienceevent' };
    const { report } = await files.preflight('legacy-and-schema-ref.json', secondMessageIs(message));
    expect(findingsOf(report, 'streaming.header.legacy-xdm-schema')).toEqual([]);
  });
});

describe('streaming.header.schema-ref-missing: the header references its XDM schema through schemaRef {id, contentType}', () => {
  it('does not fire for a header schemaRef with an id', async () => {
    expect(findingsOf(await validRequest(), 'streaming.header.schema-ref-missing')).toEqual([]);
  });

  it('rejects a header without schemaRef, pointing at the header', async () => {
    const message = webEventMessage('second');
    delete message.header.schemaRef;
    const text = secondMessageIs(message);
    const { report } = await files.preflight('no-schema-ref.json', text);
    const finding = onlyFinding(report, 'streaming.header.schema-ref-missing');
    const at = valueOf(text, 'header', 1);
    expect(finding).toMatchObject({ severity: 'error', pointer: '/messages/1/header', line: at.line, column: at.column, messageIndex: 1 });
    expect(finding.message).toContain('is missing');
    expect(multiStatus(report).messages).toEqual([ACCEPTED(0), REJECTED(1, UNKNOWN_XDM_FORMAT)]);
  });

  it('rejects a schemaRef without an id, pointing at the schemaRef', async () => {
    const message = webEventMessage('second');
    delete message.header.schemaRef!.id;
    const text = secondMessageIs(message);
    const { report } = await files.preflight('schema-ref-no-id.json', text);
    // Each message names its schema twice (header, then body.xdmMeta): message 1's header schemaRef is the third.
    const at = valueOf(text, 'schemaRef', 2);
    expect(onlyFinding(report, 'streaming.header.schema-ref-missing')).toMatchObject({
      pointer: '/messages/1/header/schemaRef',
      line: at.line,
      column: at.column,
      messageIndex: 1,
    });
    expect(multiStatus(report).messages[1]).toEqual(REJECTED(1, UNKNOWN_XDM_FORMAT));
  });

  it('rejects a schemaRef given as a bare string', async () => {
    const message = webEventMessage('second');
    Object.assign(message.header, { schemaRef: 'https://ns.adobe.com/acme/schemas/0f1c2d3e4a5b6c7d8e9f0a1b2c3d4e5f' });
    const text = secondMessageIs(message);
    const { report } = await files.preflight('schema-ref-string.json', text);
    const at = valueOf(text, 'schemaRef', 2);
    const finding = onlyFinding(report, 'streaming.header.schema-ref-missing');
    expect(finding).toMatchObject({ pointer: '/messages/1/header/schemaRef', line: at.line, column: at.column });
    expect(finding.message).toContain('a string');
    expect(multiStatus(report).messages[1]).toEqual(REJECTED(1, UNKNOWN_XDM_FORMAT));
  });
});

describe('streaming.body.xdm-meta-missing: the body repeats the schemaRef in xdmMeta, or its format is unknown', () => {
  it('does not fire when the body has xdmMeta', async () => {
    expect(findingsOf(await validRequest(), 'streaming.body.xdm-meta-missing')).toEqual([]);
  });

  it('rejects a body without xdmMeta, pointing at the body', async () => {
    const message = webEventMessage('second');
    delete message.body.xdmMeta;
    const text = secondMessageIs(message);
    const { report } = await files.preflight('no-xdm-meta.json', text);
    const finding = onlyFinding(report, 'streaming.body.xdm-meta-missing');
    const at = valueOf(text, 'body', 1);
    expect(finding).toMatchObject({ severity: 'error', pointer: '/messages/1/body', line: at.line, column: at.column, messageIndex: 1 });
    // Without xdmMeta there is nothing to compare with the header: the mismatch rule stays silent.
    expect(ruleIds(report)).toEqual(['streaming.body.xdm-meta-missing']);
    expect(multiStatus(report).messages).toEqual([ACCEPTED(0), REJECTED(1, UNKNOWN_XDM_FORMAT)]);
  });

  it('rejects an xdmMeta that is not an object, pointing at its value', async () => {
    const message = webEventMessage('second');
    Object.assign(message.body, { xdmMeta: [] });
    const text = secondMessageIs(message);
    const { report } = await files.preflight('xdm-meta-array.json', text);
    const at = valueOf(text, 'xdmMeta', 1);
    expect(onlyFinding(report, 'streaming.body.xdm-meta-missing')).toMatchObject({
      pointer: '/messages/1/body/xdmMeta',
      line: at.line,
      column: at.column,
      messageIndex: 1,
    });
    expect(multiStatus(report).messages[1]).toEqual(REJECTED(1, UNKNOWN_XDM_FORMAT));
  });
});
