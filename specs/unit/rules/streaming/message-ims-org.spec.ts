/**
 * The org a message header names. The documented 207 entry for both rules is
 * "Message has an absent or wrong ims org in the header", prefixed with the inlet and the inlet's org
 * (not the org the header named: the tutorial shows the inlet's).
 */
import { describe, expect, it } from 'vitest';
import {
  ABSENT_OR_WRONG_IMS_ORG,
  ACCEPTED,
  INLET_ID,
  ORG_ID,
  REJECTED,
  expectMessageNames,
  findingsOf,
  multiStatus,
  onlyFinding,
  payloadFiles,
  positionOf,
  pretty,
  requestOf,
  ruleIds,
  valueOf,
  webEventMessage,
  PROFILES,
} from './helpers.js';

const files = payloadFiles();

describe("streaming.header.ims-org-mismatch: the header's imsOrgId must be the org of the inlet the request is sent to", () => {
  it("does not fire when imsOrgId is the inlet's org", async () => {
    const { report } = await files.preflight('right-org.json', pretty(requestOf(webEventMessage())));
    expect(findingsOf(report, 'streaming.header.ims-org-mismatch')).toEqual([]);
  });

  it('rejects a message naming another org, with the inlet\'s org in the documented text', async () => {
    const wrongOrg = webEventMessage('second');
    wrongOrg.header.imsOrgId = 'invalid@AdobeOrg';
    const text = pretty(requestOf(webEventMessage(), wrongOrg));
    const { file, report } = await files.preflight('wrong-org.json', text);

    const finding = onlyFinding(report, 'streaming.header.ims-org-mismatch');
    const at = positionOf(text, '"invalid@AdobeOrg"');
    expect(finding).toMatchObject({
      ruleId: 'streaming.header.ims-org-mismatch',
      severity: 'error',
      file,
      pointer: '/messages/1/header/imsOrgId',
      line: at.line,
      column: at.column,
      messageIndex: 1,
    });
    expectMessageNames(finding, '"invalid@AdobeOrg"', INLET_ID, ORG_ID);
    expect(ruleIds(report)).toEqual(['streaming.header.ims-org-mismatch']);

    expect(ABSENT_OR_WRONG_IMS_ORG).toBe(
      `inletId: [${INLET_ID}] imsOrgId: [${ORG_ID}] Message has an absent or wrong ims org in the header`,
    );
    expect(multiStatus(report).messages).toEqual([ACCEPTED(0), REJECTED(1, ABSENT_OR_WRONG_IMS_ORG)]);
    expect(multiStatus(report).counts).toEqual({ messages: 2, accepted: 1, rejected: 1, errorBatch: 0 });
  });

  it('rejects an imsOrgId that is not a string, and an org differing only in case', async () => {
    const numeric = webEventMessage('numeric');
    numeric.header.imsOrgId = 12345;
    const lowerCase = webEventMessage('lower');
    lowerCase.header.imsOrgId = ORG_ID.toLowerCase();
    const text = pretty(requestOf(numeric, lowerCase));
    const { report } = await files.preflight('odd-orgs.json', text);
    const found = findingsOf(report, 'streaming.header.ims-org-mismatch');
    expect(found.map((f) => ({ pointer: f.pointer, line: f.line, column: f.column, messageIndex: f.messageIndex }))).toEqual([
      { pointer: '/messages/0/header/imsOrgId', ...valueOf(text, 'imsOrgId', 0), messageIndex: 0 },
      { pointer: '/messages/1/header/imsOrgId', ...valueOf(text, 'imsOrgId', 1), messageIndex: 1 },
    ]);
    expect(multiStatus(report).messages).toEqual([REJECTED(0, ABSENT_OR_WRONG_IMS_ORG), REJECTED(1, ABSENT_OR_WRONG_IMS_ORG)]);
  });
});

describe('streaming.header.ims-org-absent: the tutorial says a missing imsOrgId is filled in with the inlet\'s org; the OpenAPI file requires it', () => {
  function withoutOrg(): string {
    const noOrg = webEventMessage('second');
    delete noOrg.header.imsOrgId;
    return pretty(requestOf(webEventMessage(), noOrg));
  }

  it('does not fire when the header names its org, under any profile', async () => {
    for (const profile of PROFILES) {
      const { report } = await files.preflight(`with-org-${profile}.json`, pretty(requestOf(webEventMessage())), profile);
      expect(findingsOf(report, 'streaming.header.ims-org-absent'), profile).toEqual([]);
    }
  });

  it('docs profile: information only, pointing at the header; the message is accepted', async () => {
    const text = withoutOrg();
    const { report } = await files.preflight('no-org-docs.json', text, 'docs');
    const finding = onlyFinding(report, 'streaming.header.ims-org-absent');
    const at = valueOf(text, 'header', 1);
    expect(finding).toMatchObject({ severity: 'info', pointer: '/messages/1/header', line: at.line, column: at.column, messageIndex: 1 });
    expect(finding.message).toContain(ORG_ID);
    expect(multiStatus(report).messages).toEqual([ACCEPTED(0), ACCEPTED(1)]);
  });

  it('openapi profile: rejected with "Message has an absent or wrong ims org in the header"', async () => {
    const text = withoutOrg();
    const { report } = await files.preflight('no-org-openapi.json', text, 'openapi');
    const at = valueOf(text, 'header', 1);
    expect(onlyFinding(report, 'streaming.header.ims-org-absent')).toMatchObject({
      severity: 'error',
      pointer: '/messages/1/header',
      line: at.line,
      column: at.column,
      messageIndex: 1,
    });
    expect(multiStatus(report).messages).toEqual([ACCEPTED(0), REJECTED(1, ABSENT_OR_WRONG_IMS_ORG)]);
  });

  it('strict profile: rejected with "Message has an absent or wrong ims org in the header"', async () => {
    const { report } = await files.preflight('no-org-strict.json', withoutOrg(), 'strict');
    expect(onlyFinding(report, 'streaming.header.ims-org-absent')).toMatchObject({ severity: 'error', messageIndex: 1 });
    expect(multiStatus(report).messages).toEqual([ACCEPTED(0), REJECTED(1, ABSENT_OR_WRONG_IMS_ORG)]);
  });
});
