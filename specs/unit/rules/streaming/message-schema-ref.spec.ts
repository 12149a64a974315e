/**
 * The schema a message names: schemaRef {id, contentType} in the header, repeated in body.xdmMeta.
 * Every failure here leaves the message "of an unknown XDM format": the 207 entry is
 * "Message has unknown xdm format".
 */
import { describe, expect, it } from 'vitest';
import {
  ACCEPTED,
  PROFILE_SCHEMA_ID,
  REJECTED,
  UNKNOWN_XDM_FORMAT,
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
  type StreamingMessage,
  PROFILES,
  secondMessageIs,
} from './helpers.js';

const files = payloadFiles();


/** Message 1 with the same contentType in its header and its body.xdmMeta. */
function contentTypeEverywhere(contentType: string | undefined): StreamingMessage {
  const message = webEventMessage('second');
  for (const ref of [message.header.schemaRef!, message.body.xdmMeta!.schemaRef!]) {
    if (contentType === undefined) delete ref.contentType;
    else ref.contentType = contentType;
  }
  return message;
}

/*
 * Each message names its schema twice, header first: in a two-message request, occurrences 2 and 3 of
 * "id" and "contentType" are message 1's header and body.
 */
const HEADER_OF_MESSAGE_1 = 2;
const BODY_OF_MESSAGE_1 = 3;

describe('streaming.schema-ref.content-type-malformed: schemaRef.contentType is application/vnd.adobe.xed-full+json with the schema version, in a documented form', () => {
  it('does not fire for ;version=1 under any profile', async () => {
    for (const profile of PROFILES) {
      const { report } = await files.preflight(`version-parameter-${profile}.json`, pretty(requestOf(webEventMessage())), profile);
      expect(findingsOf(report, 'streaming.schema-ref.content-type-malformed'), profile).toEqual([]);
    }
  });

  it('rejects application/json in the header and in the body, one finding at each contentType', async () => {
    const text = secondMessageIs(contentTypeEverywhere('application/json'));
    const { report } = await files.preflight('application-json.json', text);
    const found = findingsOf(report, 'streaming.schema-ref.content-type-malformed');
    expect(found.map((f) => ({ severity: f.severity, pointer: f.pointer, line: f.line, column: f.column, messageIndex: f.messageIndex }))).toEqual([
      { severity: 'error', pointer: '/messages/1/header/schemaRef/contentType', ...valueOf(text, 'contentType', HEADER_OF_MESSAGE_1), messageIndex: 1 },
      { severity: 'error', pointer: '/messages/1/body/xdmMeta/schemaRef/contentType', ...valueOf(text, 'contentType', BODY_OF_MESSAGE_1), messageIndex: 1 },
    ]);
    expect(found[0]!.message).toContain('"application/json"');
    // Header and body agree (neither names a version), so the mismatch rule does not speak as well.
    expect(ruleIds(report)).toEqual(['streaming.schema-ref.content-type-malformed', 'streaming.schema-ref.content-type-malformed']);
    expect(multiStatus(report).messages).toEqual([ACCEPTED(0), REJECTED(1, UNKNOWN_XDM_FORMAT)]);
  });

  it('rejects a schemaRef without contentType, pointing at the schemaRef', async () => {
    const text = secondMessageIs(contentTypeEverywhere(undefined));
    const { report } = await files.preflight('no-content-type.json', text);
    const found = findingsOf(report, 'streaming.schema-ref.content-type-malformed');
    expect(found.map((f) => ({ pointer: f.pointer, line: f.line, column: f.column }))).toEqual([
      { pointer: '/messages/1/header/schemaRef', ...valueOf(text, 'schemaRef', HEADER_OF_MESSAGE_1) },
      { pointer: '/messages/1/body/xdmMeta/schemaRef', ...valueOf(text, 'schemaRef', BODY_OF_MESSAGE_1) },
    ]);
    expect(found[0]!.message).toContain('missing');
    expect(multiStatus(report).messages[1]).toEqual(REJECTED(1, UNKNOWN_XDM_FORMAT));
  });

  describe('the bare-version form of the older tutorial, application/vnd.adobe.xed-full+json;1', () => {
    const bare = 'application/vnd.adobe.xed-full+json;1';

    it('docs profile: accepted, as every documented form is', async () => {
      const { report } = await files.preflight('bare-docs.json', secondMessageIs(contentTypeEverywhere(bare)), 'docs');
      expect(report.findings).toEqual([]);
      expect(multiStatus(report).messages).toEqual([ACCEPTED(0), ACCEPTED(1)]);
    });

    it('openapi profile: rejected, the OpenAPI file writes only ;version=', async () => {
      const text = secondMessageIs(contentTypeEverywhere(bare));
      const { report } = await files.preflight('bare-openapi.json', text, 'openapi');
      const found = findingsOf(report, 'streaming.schema-ref.content-type-malformed');
      expect(found.map((f) => [f.severity, f.pointer, f.line, f.column])).toEqual([
        ['error', '/messages/1/header/schemaRef/contentType', ...Object.values(valueOf(text, 'contentType', HEADER_OF_MESSAGE_1))],
        ['error', '/messages/1/body/xdmMeta/schemaRef/contentType', ...Object.values(valueOf(text, 'contentType', BODY_OF_MESSAGE_1))],
      ]);
      expect(found[0]!.message).toContain('application/vnd.adobe.xed-full+json;version=1');
      expect(multiStatus(report).messages).toEqual([ACCEPTED(0), REJECTED(1, UNKNOWN_XDM_FORMAT)]);
    });

    it('strict profile: rejected', async () => {
      const { report } = await files.preflight('bare-strict.json', secondMessageIs(contentTypeEverywhere(bare)), 'strict');
      expect(findingsOf(report, 'streaming.schema-ref.content-type-malformed')).toHaveLength(2);
      expect(multiStatus(report).messages).toEqual([ACCEPTED(0), REJECTED(1, UNKNOWN_XDM_FORMAT)]);
    });
  });

  it('"; version=1" (with a space, as dataset creation writes it) is accepted under docs and rejected under openapi and strict', async () => {
    const spaced = secondMessageIs(contentTypeEverywhere('application/vnd.adobe.xed-full+json; version=1'));
    const docs = await files.preflight('spaced-docs.json', spaced, 'docs');
    expect(docs.report.findings).toEqual([]);
    for (const profile of ['openapi', 'strict'] as const) {
      const { report } = await files.preflight(`spaced-${profile}.json`, spaced, profile);
      expect(ruleIds(report), profile).toEqual(['streaming.schema-ref.content-type-malformed', 'streaming.schema-ref.content-type-malformed']);
      expect(multiStatus(report).messages[1], profile).toEqual(REJECTED(1, UNKNOWN_XDM_FORMAT));
    }
  });
});

describe("streaming.schema-ref.header-body-mismatch: body.xdmMeta.schemaRef must name the header's schema and version", () => {
  it('does not fire when both name the same schema and version', async () => {
    const { report } = await files.preflight('same.json', pretty(requestOf(webEventMessage())));
    expect(findingsOf(report, 'streaming.schema-ref.header-body-mismatch')).toEqual([]);
  });

  it('rejects a body naming another schema, pointing at the body\'s id', async () => {
    const message = webEventMessage('second');
    message.body.xdmMeta!.schemaRef!.id = PROFILE_SCHEMA_ID;
    const text = secondMessageIs(message);
    const { report } = await files.preflight('other-schema.json', text);
    const finding = onlyFinding(report, 'streaming.schema-ref.header-body-mismatch');
    const at = valueOf(text, 'id', BODY_OF_MESSAGE_1);
    expect(finding).toMatchObject({
      severity: 'error',
      pointer: '/messages/1/body/xdmMeta/schemaRef/id',
      line: at.line,
      column: at.column,
      messageIndex: 1,
    });
    expectMessageNames(finding, PROFILE_SCHEMA_ID, WEB_EVENT_SCHEMA_ID);
    expect(ruleIds(report)).toEqual(['streaming.schema-ref.header-body-mismatch']);
    expect(multiStatus(report).messages).toEqual([ACCEPTED(0), REJECTED(1, UNKNOWN_XDM_FORMAT)]);
  });

  it("rejects a body naming another version of the header's schema, pointing at the body's contentType", async () => {
    const message = webEventMessage('second');
    message.body.xdmMeta!.schemaRef!.contentType = 'application/vnd.adobe.xed-full+json;version=2';
    const text = secondMessageIs(message);
    const { report } = await files.preflight('other-version.json', text);
    const at = valueOf(text, 'contentType', BODY_OF_MESSAGE_1);
    expect(onlyFinding(report, 'streaming.schema-ref.header-body-mismatch')).toMatchObject({
      pointer: '/messages/1/body/xdmMeta/schemaRef/contentType',
      line: at.line,
      column: at.column,
      messageIndex: 1,
    });
    expect(multiStatus(report).messages[1]).toEqual(REJECTED(1, UNKNOWN_XDM_FORMAT));
  });

  it('accepts the same version written in two documented forms (docs profile)', async () => {
    const message = webEventMessage('second');
    message.body.xdmMeta!.schemaRef!.contentType = 'application/vnd.adobe.xed-full+json;1';
    const { report } = await files.preflight('two-forms.json', secondMessageIs(message), 'docs');
    expect(report.findings).toEqual([]);
  });

  it('rejects an xdmMeta without schemaRef, pointing at xdmMeta', async () => {
    const message = webEventMessage('second');
    delete message.body.xdmMeta!.schemaRef;
    const text = secondMessageIs(message);
    const { report } = await files.preflight('xdm-meta-empty.json', text);
    const at = valueOf(text, 'xdmMeta', 1);
    const finding = onlyFinding(report, 'streaming.schema-ref.header-body-mismatch');
    expect(finding).toMatchObject({ pointer: '/messages/1/body/xdmMeta', line: at.line, column: at.column, messageIndex: 1 });
    expect(finding.message).toContain('no schema');
    expect(multiStatus(report).messages[1]).toEqual(REJECTED(1, UNKNOWN_XDM_FORMAT));
  });
});

describe('streaming.schema-ref.unknown-schema: the header must reference an XDM schema the org has', () => {
  it('does not fire for a schema of the world', async () => {
    const { report } = await files.preflight('known.json', pretty(requestOf(webEventMessage())));
    expect(findingsOf(report, 'streaming.schema-ref.unknown-schema')).toEqual([]);
  });

  it("rejects a schema id the world does not have, pointing at the header's id", async () => {
    const unknownId = 'https://ns.adobe.com/acme/schemas/ffffffffffffffffffffffffffffffff';
    const message = webEventMessage('second');
    message.header.schemaRef!.id = unknownId;
    message.body.xdmMeta!.schemaRef!.id = unknownId;
    const text = secondMessageIs(message);
    const { report } = await files.preflight('unknown-schema.json', text);
    const finding = onlyFinding(report, 'streaming.schema-ref.unknown-schema');
    const at = valueOf(text, 'id', HEADER_OF_MESSAGE_1);
    expect(finding).toMatchObject({
      severity: 'error',
      pointer: '/messages/1/header/schemaRef/id',
      line: at.line,
      column: at.column,
      messageIndex: 1,
    });
    expect(finding.message).toContain(`known: ${WEB_EVENT_SCHEMA_ID}, ${PROFILE_SCHEMA_ID}`);
    // The web-event dataset's schema is not the unknown one either: both are reported, the first decides the text.
    expect(ruleIds(report)).toEqual(['streaming.schema-ref.unknown-schema', 'streaming.dataset.schema-mismatch']);
    expect(multiStatus(report).messages).toEqual([ACCEPTED(0), REJECTED(1, UNKNOWN_XDM_FORMAT)]);
  });
});
