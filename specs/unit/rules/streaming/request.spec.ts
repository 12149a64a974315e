/**
 * Rules on the request as a whole: the platform answers it with one status (400 or 413) and reads no
 * message, or, for advice, the answer does not change.
 */
import { describe, expect, it } from 'vitest';
import {
  ACCEPTED,
  findingsOf,
  messageStream,
  multiStatus,
  ndjson,
  onlyFinding,
  payloadFiles,
  positionOf,
  pretty,
  refusal,
  requestOf,
  ruleIds,
  valueOf,
  webEventMessage,
  type StreamingMessage,
  PROFILES,
} from './helpers.js';

const files = payloadFiles();

/** The two readings of "1 MB" (contract: streaming.requestLimit.bytes). */
const BINARY_MB = 1_048_576;
const DECIMAL_MB = 1_000_000;

/** A valid request of exactly `bytes` bytes: JSON allows whitespace after the value. */
function requestOfSize(bytes: number): string {
  const text = pretty(requestOf(webEventMessage()));
  const padding = bytes - Buffer.byteLength(text, 'utf8');
  if (padding < 0) throw new Error(`the base request is already ${Buffer.byteLength(text)} bytes`);
  return text + ' '.repeat(padding);
}

/** A valid web-event message whose compact JSON is exactly `bytes` bytes, grown through its page name. */
function messageOfSize(bytes: number): StreamingMessage {
  const message = webEventMessage();
  const page = (message.body.xdmEntity['web'] as { webPageDetails: { name: string } }).webPageDetails;
  const padding = bytes - Buffer.byteLength(JSON.stringify(message), 'utf8');
  page.name += 'x'.repeat(padding);
  expect(Buffer.byteLength(JSON.stringify(message), 'utf8')).toBe(bytes);
  return message;
}

describe('streaming.request.not-json: a body that does not parse as JSON is refused with 400', () => {
  it('does not fire for the valid request', async () => {
    const { report } = await files.preflight('valid.json', pretty(requestOf(webEventMessage())));
    expect(findingsOf(report, 'streaming.request.not-json')).toEqual([]);
    expect(report.inputError).toBeUndefined();
  });

  it("points at the trailing comma of the tutorial's fix snippet, the first place the text stops being JSON", async () => {
    const text = [
      '{',
      '  "messages": [',
      '    {',
      '      "header": { "imsOrgId": "5D2E1F8A5C3E4B7A0A495E2C@AdobeOrg" },',
      '      "body": {',
      '        "xdmEntity": {',
      '          "_id": "9af5adcc-db9c-4692-b826-65d3abe68c22",',
      '          "timestamp": "2019-02-23T22:07:01Z",',
      '        }',
      '      }',
      '    }',
      '  ]',
      '}',
    ].join('\n');
    const { file, report } = await files.preflight('trailing-comma.json', text);

    const finding = onlyFinding(report, 'streaming.request.not-json');
    // The comma that nothing follows is what the author has to delete.
    const comma = positionOf(text, '",\n        }', { at: 1 });
    expect(finding).toMatchObject({ severity: 'error', file, pointer: '', line: comma.line, column: comma.column });
    expect(comma).toEqual({ line: 8, column: 46 });
    expect(finding.message).toContain("trailing comma before '}'");
    expect(finding.messageIndex).toBeUndefined();

    const answer = refusal(report);
    expect(answer.status).toBe(400);
    expect(answer.reason).toBe(finding.message);
    expect(report.inputError).toMatchObject({ line: comma.line, column: comma.column });
  });

  it('points at the end of the text when the request stops early', async () => {
    const text = '{\n  "messages": [\n';
    const { report } = await files.preflight('truncated.json', text);
    const finding = onlyFinding(report, 'streaming.request.not-json');
    expect({ line: finding.line, column: finding.column }).toEqual({ line: 3, column: 1 });
    expect(refusal(report).status).toBe(400);
  });
});

describe('streaming.request.too-large: a request whose whole payload is over 1 MB is refused with 413 Payload Too Large', () => {
  it('does not fire at exactly 1 048 576 bytes under the docs profile', async () => {
    const { report } = await files.preflight('at-limit.json', requestOfSize(BINARY_MB));
    expect(report.bytes).toBe(BINARY_MB);
    expect(findingsOf(report, 'streaming.request.too-large')).toEqual([]);
    expect(multiStatus(report).messages).toEqual([ACCEPTED(0)]);
  });

  it('refuses a request one byte over, and no 207 body is predicted', async () => {
    const { report } = await files.preflight('over-limit.json', requestOfSize(BINARY_MB + 1));
    const finding = onlyFinding(report, 'streaming.request.too-large');
    expect(finding).toMatchObject({ severity: 'error', pointer: '', line: 1, column: 1 });
    expect(finding.messageIndex).toBeUndefined();
    expect(finding.message).toContain('1,048,577 bytes');

    const answer = refusal(report);
    expect(answer).toMatchObject({ kind: 'batch-request', status: 413, reason: finding.message });
    expect('body' in answer).toBe(false);
  });

  it('wins over a body that is not JSON: the size is judged before the body is read', async () => {
    const text = requestOfSize(BINARY_MB + 10).replace('"messages"', '"messages" "');
    const { report } = await files.preflight('over-limit-broken.json', text);
    expect(ruleIds(report)).toEqual(expect.arrayContaining(['streaming.request.not-json', 'streaming.request.too-large']));
    expect(refusal(report).status).toBe(413);
  });
});

describe('streaming.request.size-ambiguous: between 1 000 000 and 1 048 576 bytes a request passes only if "1 MB" means 1 048 576 bytes', () => {
  it('does not fire at exactly 1 000 000 bytes under any profile', async () => {
    for (const profile of PROFILES) {
      const { report } = await files.preflight(`decimal-mb-${profile}.json`, requestOfSize(DECIMAL_MB), profile);
      expect(report.findings, profile).toEqual([]);
      expect(multiStatus(report).messages, profile).toEqual([ACCEPTED(0)]);
    }
  });

  it('docs profile (1 MB = 1 048 576 bytes): warns at 1 000 001 bytes and the answer stays 207', async () => {
    const { report } = await files.preflight('band-docs.json', requestOfSize(DECIMAL_MB + 1), 'docs');
    const finding = onlyFinding(report, 'streaming.request.size-ambiguous');
    expect(finding).toMatchObject({ severity: 'warn', pointer: '', line: 1, column: 1 });
    expect(finding.messageIndex).toBeUndefined();
    expect(ruleIds(report)).toEqual(['streaming.request.size-ambiguous']);
    expect(multiStatus(report).messages).toEqual([ACCEPTED(0)]);
  });

  it('openapi profile (also reads 1 048 576 bytes): warns at 1 000 001 bytes and the answer stays 207', async () => {
    const { report } = await files.preflight('band-openapi.json', requestOfSize(DECIMAL_MB + 1), 'openapi');
    expect(ruleIds(report)).toEqual(['streaming.request.size-ambiguous']);
    expect(onlyFinding(report, 'streaming.request.size-ambiguous').severity).toBe('warn');
    expect(multiStatus(report).messages).toEqual([ACCEPTED(0)]);
  });

  it('strict profile (1 MB = 1 000 000 bytes): the same request is over the limit and refused with 413', async () => {
    const { report } = await files.preflight('band-strict.json', requestOfSize(DECIMAL_MB + 1), 'strict');
    expect(ruleIds(report)).toEqual(['streaming.request.too-large']);
    expect(onlyFinding(report, 'streaming.request.too-large').message).toContain('1,000,000');
    expect(refusal(report).status).toBe(413);
  });

  it('docs profile: warns at exactly 1 048 576 bytes, the top of the band', async () => {
    const { report } = await files.preflight('band-top.json', requestOfSize(BINARY_MB), 'docs');
    expect(ruleIds(report)).toEqual(['streaming.request.size-ambiguous']);
  });
});

describe('streaming.request.not-object: a multi-message request is a JSON object holding "messages"', () => {
  it('does not fire for the valid request', async () => {
    const { report } = await files.preflight('valid.json', pretty(requestOf(webEventMessage())));
    expect(findingsOf(report, 'streaming.request.not-object')).toEqual([]);
  });

  it('refuses a bare array of messages with 400, pointing at the array', async () => {
    const text = `\n  ${pretty([webEventMessage()])}`;
    const { report } = await files.preflight('array.json', text);
    const finding = onlyFinding(report, 'streaming.request.not-object');
    const bracket = positionOf(text, '[');
    expect(finding).toMatchObject({ severity: 'error', pointer: '', line: bracket.line, column: bracket.column });
    expect(bracket).toEqual({ line: 2, column: 3 });
    expect(finding.message).toContain('an array');
    expect(refusal(report)).toMatchObject({ status: 400, reason: finding.message });
  });

  it('refuses a JSON string with 400', async () => {
    const { report } = await files.preflight('string.json', '"messages"');
    expect(onlyFinding(report, 'streaming.request.not-object')).toMatchObject({ pointer: '', line: 1, column: 1 });
    expect(refusal(report).status).toBe(400);
  });
});

describe('streaming.request.messages-missing: the batch endpoint expects the messages in a "messages" array', () => {
  it('does not fire for the valid request', async () => {
    const { report } = await files.preflight('valid.json', pretty(requestOf(webEventMessage())));
    expect(findingsOf(report, 'streaming.request.messages-missing')).toEqual([]);
  });

  it('refuses an object without "messages" (here misspelt "message") with 400, pointing at the object', async () => {
    const text = `\n${pretty({ message: [webEventMessage()] })}`;
    const { report } = await files.preflight('misspelt.json', text);
    const finding = onlyFinding(report, 'streaming.request.messages-missing');
    const brace = positionOf(text, '{');
    expect(finding).toMatchObject({ severity: 'error', pointer: '', line: brace.line, column: brace.column });
    expect(brace).toEqual({ line: 2, column: 1 });
    expect(refusal(report)).toMatchObject({ status: 400, reason: finding.message });
  });
});

describe('streaming.request.messages-not-array: "messages" holds an array of messages', () => {
  it('does not fire for the valid request', async () => {
    const { report } = await files.preflight('valid.json', pretty(requestOf(webEventMessage())));
    expect(findingsOf(report, 'streaming.request.messages-not-array')).toEqual([]);
  });

  it('refuses "messages" holding one message object with 400, pointing at that value', async () => {
    const text = pretty({ messages: webEventMessage() });
    const { report } = await files.preflight('messages-object.json', text);
    const finding = onlyFinding(report, 'streaming.request.messages-not-array');
    const value = valueOf(text, 'messages');
    expect(finding).toMatchObject({ severity: 'error', pointer: '/messages', line: value.line, column: value.column });
    expect(finding.message).toContain('an object');
    expect(refusal(report)).toMatchObject({ status: 400, reason: finding.message });
  });

  it('refuses "messages": null with 400', async () => {
    const text = '{\n  "messages": null\n}';
    const { report } = await files.preflight('messages-null.json', text);
    expect(onlyFinding(report, 'streaming.request.messages-not-array')).toMatchObject({ pointer: '/messages', line: 2, column: 15 });
    expect(refusal(report).status).toBe(400);
  });
});

describe('streaming.request.messages-empty: a request with an empty "messages" array carries nothing to ingest', () => {
  it('does not fire for a request with one message', async () => {
    const { report } = await files.preflight('valid.json', pretty(requestOf(webEventMessage())));
    expect(findingsOf(report, 'streaming.request.messages-empty')).toEqual([]);
  });

  it('refuses "messages": [] with 400, pointing at the array', async () => {
    const text = '{\n  "messages": []\n}\n';
    const { report } = await files.preflight('empty.json', text);
    const finding = onlyFinding(report, 'streaming.request.messages-empty');
    const value = valueOf(text, 'messages');
    expect(finding).toMatchObject({ severity: 'error', pointer: '/messages', line: value.line, column: value.column });
    expect(value).toEqual({ line: 2, column: 15 });
    expect(refusal(report)).toMatchObject({ status: 400, reason: finding.message });
  });
});

describe('streaming.input.byte-order-mark: JSON sent over the network must not start with a byte order mark', () => {
  const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

  it('does not fire for a file without one', async () => {
    const { report } = await files.preflight('no-bom.json', pretty(requestOf(webEventMessage())));
    expect(findingsOf(report, 'streaming.input.byte-order-mark')).toEqual([]);
  });

  it('warns for a request that starts with EF BB BF, and the answer does not change', async () => {
    const content = Buffer.concat([BOM, Buffer.from(pretty(requestOf(webEventMessage())), 'utf8')]);
    const { report } = await files.preflight('bom.json', content);
    const finding = onlyFinding(report, 'streaming.input.byte-order-mark');
    // Columns count characters after the mark, which editors do not show.
    expect(finding).toMatchObject({ severity: 'warn', pointer: '', line: 1, column: 1 });
    expect(finding.messageIndex).toBeUndefined();
    expect(ruleIds(report)).toEqual(['streaming.input.byte-order-mark']);
    expect(multiStatus(report).messages).toEqual([ACCEPTED(0)]);
  });

  it('warns once for an NDJSON file that starts with one, and every line is still judged', async () => {
    const content = Buffer.concat([BOM, Buffer.from(ndjson(webEventMessage(), webEventMessage('second')), 'utf8')]);
    const { report } = await files.preflight('bom.ndjson', content);
    expect(ruleIds(report)).toEqual(['streaming.input.byte-order-mark']);
    expect(onlyFinding(report, 'streaming.input.byte-order-mark')).toMatchObject({ severity: 'warn', line: 1, column: 1 });
    expect(messageStream(report).counts).toEqual({ messages: 2, accepted: 2, rejected: 0, errorBatch: 0 });
  });
});

describe('streaming.message.too-large: a message that, alone in the smallest request, is over 1 MB can never be sent', () => {
  // The smallest envelope, {"messages":[ and ]}, adds 15 bytes.
  it('docs profile: does not fire for an NDJSON line of 1 048 561 bytes (1 048 576 with the envelope)', async () => {
    const { report } = await files.preflight('fits.ndjson', ndjson(webEventMessage(), messageOfSize(BINARY_MB - 15)), 'docs');
    expect(findingsOf(report, 'streaming.message.too-large')).toEqual([]);
  });

  it('docs profile: flags a line of 1 048 562 bytes as an error, at the start of its line; the prediction does not change', async () => {
    const text = ndjson(webEventMessage(), messageOfSize(BINARY_MB - 14));
    const { report } = await files.preflight('too-large.ndjson', text, 'docs');
    const finding = onlyFinding(report, 'streaming.message.too-large');
    expect(finding).toMatchObject({ severity: 'error', pointer: '', line: 2, column: 1 });
    expect(finding.messageIndex).toBeUndefined();
    expect(finding.message).toContain('1,048,562 bytes');
    expect(messageStream(report).counts).toEqual({ messages: 2, accepted: 2, rejected: 0, errorBatch: 0 });
  });

  it('strict profile (1 MB = 1 000 000 bytes): flags a line of 999 986 bytes that the docs profile lets pass', async () => {
    const text = ndjson(messageOfSize(DECIMAL_MB - 14));
    const strict = await files.preflight('too-large-strict.ndjson', text, 'strict');
    expect(onlyFinding(strict.report, 'streaming.message.too-large')).toMatchObject({ severity: 'error', line: 1, column: 1 });
    const docs = await files.preflight('too-large-docs.ndjson', text, 'docs');
    expect(findingsOf(docs.report, 'streaming.message.too-large')).toEqual([]);
  });

  it('is not checked for a request file, where streaming.request.too-large already speaks', async () => {
    const { report } = await files.preflight('big-request.json', pretty(requestOf(messageOfSize(BINARY_MB - 14))), 'docs');
    expect(findingsOf(report, 'streaming.message.too-large')).toEqual([]);
    expect(refusal(report).status).toBe(413);
  });
});
