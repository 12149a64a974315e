/** `toBeAcceptedBy`: the pre-flight engine's verdict on a value, as a matcher; the failure names rule and pointer. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import '../../src/vitest/index.js';
import { defaultWorld } from '../../src/world/default.js';

const ROOT = join(import.meta.dirname, '../..');
const payload = (name: string) => JSON.parse(readFileSync(join(ROOT, 'fixtures/payloads', name), 'utf8')) as { messages: unknown[] };

/** The error a failing expectation throws: its message, and the diff Vitest prints. */
function failure(run: () => void): { message: string; expected: unknown; actual: unknown } {
  try {
    run();
  } catch (error) {
    const e = error as Error & { expected?: unknown; actual?: unknown };
    return { message: e.message, expected: e.expected, actual: e.actual };
  }
  throw new Error('the expectation passed');
}

describe('toBeAcceptedBy', () => {
  it('passes on a request, a message, an array of messages and a body the endpoint accepts whole', () => {
    const request = payload('web-events.json');
    expect(request).toBeAcceptedBy();
    expect(request.messages[0]).toBeAcceptedBy();
    expect(request.messages).toBeAcceptedBy();
    expect(JSON.stringify(request)).toBeAcceptedBy();
    expect(Buffer.from(JSON.stringify(request))).toBeAcceptedBy({ world: defaultWorld(), profile: 'docs' });
  });

  it('fails on rejected and error-batch messages, naming the documented text, the rule and the pointer of each', () => {
    const mixed = payload('web-events-mixed.json');
    const { message, expected, actual } = failure(() => expect(mixed.messages.slice(3)).toBeAcceptedBy());
    expect(message).toMatchInlineSnapshot(`
      "expected the request (3 messages) to be accepted by inlet 9b0cb233972f3b0092992284c7353f5eead496218e8441a79b25e9421ea127f5, profile docs; 3 of 3 messages are not:
        message 0: rejected: 400 "inletId: [9b0cb233972f3b0092992284c7353f5eead496218e8441a79b25e9421ea127f5] imsOrgId: [5D2E1F8A5C3E4B7A0A495E2C@AdobeOrg] Message has an absent or wrong ims org in the header"
          streaming.header.ims-org-mismatch at /messages/0/header/imsOrgId: imsOrgId "0A1B2C3D4E5F60718293A4B5@AdobeOrg" is not the org of inlet 9b0cb233972f3b0092992284c7353f5eead496218e8441a79b25e9421ea127f5, which is "5D2E1F8A5C3E4B7A0A495E2C@AdobeOrg".
        message 1: rejected: 400 "inletId: [9b0cb233972f3b0092992284c7353f5eead496218e8441a79b25e9421ea127f5] imsOrgId: [5D2E1F8A5C3E4B7A0A495E2C@AdobeOrg] Message has unknown xdm format"
          streaming.dataset.schema-mismatch at /messages/1/header/schemaRef/id: Dataset 5f0c0c7f6c5f1b194c1e0b4a has schema https://ns.adobe.com/acme/schemas/0f1c2d3e4a5b6c7d8e9f0a1b2c3d4e5f, but the header's schemaRef names https://ns.adobe.com/acme/schemas/7c1e2d3f4a5b6c7d8e9f0a1b2c3d4e5f.
        message 2: accepted, then to the error batch (fails streaming validation)
          streaming.entity.xdm-invalid at /messages/2/body/xdmEntity/coupon: xdmEntity/coupon: extraneous key [coupon] is not permitted (streaming validation against the dataset's schema).
          streaming.entity.xdm-invalid at /messages/2/body/xdmEntity/timestamp: xdmEntity/timestamp: [2024-11-23 14:28:00] is not a valid date-time. Expected [yyyy-MM-dd'T'HH:mm:ss[.S{1,9}](Z|+HH:mm|-HH:mm)] (streaming validation against the dataset's schema).
          streaming.entity.xdm-invalid at /messages/2/body/xdmEntity/productListItems/0/quantity: xdmEntity/productListItems/0/quantity: must be integer (streaming validation against the dataset's schema).
          streaming.entity.xdm-invalid at /messages/2/body/xdmEntity/productListItems/0/currencyCode: xdmEntity/productListItems/0/currencyCode: must match pattern "^[A-Z]{3}$" (streaming validation against the dataset's schema)."
    `);
    expect(expected).toEqual({ 'message 0': 'accepted', 'message 1': 'accepted', 'message 2': 'accepted' });
    expect(actual).toMatchInlineSnapshot(`
      {
        "message 0": "rejected: 400 "inletId: [9b0cb233972f3b0092992284c7353f5eead496218e8441a79b25e9421ea127f5] imsOrgId: [5D2E1F8A5C3E4B7A0A495E2C@AdobeOrg] Message has an absent or wrong ims org in the header"; streaming.header.ims-org-mismatch at /messages/0/header/imsOrgId",
        "message 1": "rejected: 400 "inletId: [9b0cb233972f3b0092992284c7353f5eead496218e8441a79b25e9421ea127f5] imsOrgId: [5D2E1F8A5C3E4B7A0A495E2C@AdobeOrg] Message has unknown xdm format"; streaming.dataset.schema-mismatch at /messages/1/header/schemaRef/id",
        "message 2": "accepted, then to the error batch (fails streaming validation); streaming.entity.xdm-invalid at /messages/2/body/xdmEntity/coupon; streaming.entity.xdm-invalid at /messages/2/body/xdmEntity/timestamp; streaming.entity.xdm-invalid at /messages/2/body/xdmEntity/productListItems/0/quantity; streaming.entity.xdm-invalid at /messages/2/body/xdmEntity/productListItems/0/currencyCode",
      }
    `);
  });

  it('fails on a request refused as a whole', () => {
    expect(failure(() => expect('{"messages": [').toBeAcceptedBy()).message).toMatchInlineSnapshot(`
      "expected the request to be accepted by inlet 9b0cb233972f3b0092992284c7353f5eead496218e8441a79b25e9421ea127f5, profile docs, but it is not:
        the request: refused as a whole: 400 The request body is not JSON: unexpected end of input: 2 brackets still open.
          streaming.request.not-json at /"
    `);
  });

  it('follows the profile: a message without imsOrgId is accepted under docs, rejected under strict', () => {
    const { header, body } = payload('web-events.json').messages[0] as { header: Record<string, unknown>; body: unknown };
    const withoutOrg = { header: { ...header, imsOrgId: undefined }, body };
    expect(withoutOrg).toBeAcceptedBy({ profile: 'docs' });
    expect(withoutOrg).not.toBeAcceptedBy({ profile: 'strict' });
  });

  it('.not passes on what is not accepted, and fails on what is', () => {
    expect(payload('web-events-mixed.json')).not.toBeAcceptedBy();
    expect(failure(() => expect(payload('web-events.json')).not.toBeAcceptedBy()).message).toMatchInlineSnapshot(`"expected the request (3 messages) not to be accepted by inlet 9b0cb233972f3b0092992284c7353f5eead496218e8441a79b25e9421ea127f5, profile docs, but all 3 are accepted, none to the error batch"`);
  });

  it('works as an asymmetric matcher', () => {
    const request = payload('web-events.json');
    expect({ sent: request }).toEqual({ sent: expect.toBeAcceptedBy() });
  });
});
