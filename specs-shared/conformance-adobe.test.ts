/**
 * `npm run conformance:adobe`'s data against what it rests on, without starting anything: every id it names
 * is in the contract, every request of Adobe's collections is planned, and Prism's verdicts are read into
 * the keys the data uses. The run itself is `npm run conformance:adobe` (called by .ci/run).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadExpectations, violationKey } from '../scripts/conformance-adobe/expectations.js';
import { buildRun } from '../scripts/conformance-adobe/postman.js';
import { locationOf, readVerdict } from '../scripts/conformance-adobe/prism.js';

const EXTERNAL = process.env.AEP_EXTERNAL_DIR ?? fileURLToPath(new URL('../../shared/external/', import.meta.url));

describe('conformance:adobe data', () => {
  it('names only sources, behaviours, disagreements and errata the contract has', async () => {
    const expectations = await loadExpectations();
    expect(expectations.postman.steps.length).toBeGreaterThan(0);
    for (const v of expectations.prism.violations) expect([v.disagreement, v.erratum, v.invalidOnPurpose].filter(Boolean)).toHaveLength(1);
  });

  it("plans every request of Adobe's three collections, each with a documented status", async () => {
    if (!existsSync(EXTERNAL)) throw new Error(`Adobe's files not found at ${EXTERNAL}: clone the project beside shared/, or set AEP_EXTERNAL_DIR`);
    const expectations = await loadExpectations();
    const { plans, collection } = buildRun(EXTERNAL, expectations, { PLATFORM_GATEWAY: 'http://127.0.0.1:1' });
    expect((collection.item as unknown[]).length).toBe(plans.length);
    for (const p of plans) expect(p.expected).toBeGreaterThanOrEqual(200);
    const statuses = new Set(plans.filter((p) => p.kind === 'step').map((p) => p.expected));
    expect([...statuses].sort()).toEqual(expect.arrayContaining([200, 201, 207]));
  });

  it("reads Prism's header and problem bodies into file, operation, location and code", () => {
    expect(locationOf(['response', 'body', 'errors', '0', 'rows', 1])).toBe('response.body.errors[].rows[]');
    const header = JSON.stringify([{ location: ['response', 'body', 'receivedTimeMs'], severity: 'Error', code: 'format', message: 'must match format "int32"' }]);
    const fromHeader = readVerdict('streaming-ingestion.yaml', 'POST /collection/{CONNECTION_ID}', { 'sl-violations': header }, Buffer.alloc(0));
    expect(fromHeader.map(violationKey)).toEqual(['streaming-ingestion.yaml POST /collection/{CONNECTION_ID} response.body.receivedTimeMs format']);
    const problem = {
      type: 'https://stoplight.io/prism/errors#UNPROCESSABLE_ENTITY',
      validation: [{ location: ['header'], severity: 'Error', code: 'required', message: "Request header must have required property 'x-api-key'" }],
    };
    const fromBody = readVerdict('batch-ingestion.yaml', 'POST /batches', { 'content-type': 'application/problem+json' }, Buffer.from(JSON.stringify(problem)));
    expect(fromBody.map(violationKey)).toEqual(['batch-ingestion.yaml POST /batches request.header.x-api-key required']);
    const cut = `Too many violations! ${header.slice(0, -1)},{"location":["request","bo`;
    const fromCut = readVerdict('streaming-ingestion.yaml', 'POST /collection/{CONNECTION_ID}', { 'sl-violations': cut }, Buffer.alloc(0));
    expect(fromCut.map((v) => v.code)).toEqual(['format', 'HEADER_CUT']);
  });
});
