/** A step's request on the wire: the target's credentials, a step's own header winning, omitted headers, bodies. */
import { describe, expect, it } from 'vitest';
import { buildRequest } from '../../../src/replay/request.js';
import { Scope } from '../../../src/replay/substitute.js';
import { runVariables } from '../../../src/replay/variables.js';
import { defaultWorld } from '../../../src/world/default.js';

const scope = () => new Scope(runVariables(defaultWorld()));
const TARGET = { Authorization: 'Bearer t0ken-for-tests', 'x-api-key': 'key', 'x-gw-ims-org-id': 'org@AdobeOrg', 'x-sandbox-name': 'prod' };

describe('buildRequest', () => {
  it('adds the target headers to every request', () => {
    const wire = buildRequest({ method: 'GET', path: '/x' }, undefined, TARGET, scope());
    expect(wire).toEqual({ method: 'GET', path: '/x', headers: TARGET });
  });

  it("a step's explicit header wins over the target's, whatever its case", () => {
    const wire = buildRequest({ method: 'GET', path: '/x', headers: { 'X-Sandbox-Name': 'PROD' } }, undefined, TARGET, scope());
    expect(wire.headers['X-Sandbox-Name']).toBe('PROD');
    expect(wire.headers['x-sandbox-name']).toBeUndefined();
  });

  it('omitHeaders leaves a target header out (the documented answer to a missing header)', () => {
    const wire = buildRequest({ method: 'GET', path: '/x', omitHeaders: ['X-API-KEY'] }, undefined, TARGET, scope());
    expect(Object.keys(wire.headers)).toEqual(['Authorization', 'x-gw-ims-org-id', 'x-sandbox-name']);
  });

  it('a json body is sent as its text with ${name} substituted, and application/json unless the step says otherwise', () => {
    const wire = buildRequest({ method: 'POST', path: '/batches', json: { datasetId: '${datasetId}' } }, undefined, {}, scope());
    expect(wire.body).toBe('{"datasetId":"5f0c0c7f6c5f1b194c1e0b4a"}');
    expect(wire.headers).toEqual({ 'Content-Type': 'application/json' });
    const own = buildRequest({ method: 'POST', path: '/b', headers: { 'content-type': 'text/plain' }, json: 1 }, undefined, {}, scope());
    expect(own.headers).toEqual({ 'content-type': 'text/plain' });
  });

  it('text, file and generated bodies', () => {
    expect(buildRequest({ method: 'POST', path: '/c/${inletId}', text: 'org ${orgId}' }, undefined, {}, scope())).toMatchObject({
      path: '/c/9b0cb233972f3b0092992284c7353f5eead496218e8441a79b25e9421ea127f5',
      body: 'org 5D2E1F8A5C3E4B7A0A495E2C@AdobeOrg',
    });
    const text = { path: '/f', bytes: new Uint8Array(), text: '{"ds":"${datasetId}"}' };
    expect(buildRequest({ method: 'PUT', path: '/f', file: 'f.json' }, text, {}, scope()).body).toBe('{"ds":"5f0c0c7f6c5f1b194c1e0b4a"}');
    const bytes = { path: '/p', bytes: new Uint8Array([0x50, 0x41, 0x52, 0x31, 0xff]) };
    expect(buildRequest({ method: 'PUT', path: '/p', file: 'p.parquet' }, bytes, {}, scope()).body).toBe(bytes.bytes);
    const generated = buildRequest({ method: 'POST', path: '/g', generate: { size: 5, fill: 'ab' } }, undefined, {}, scope()).body as Buffer;
    expect(generated.toString()).toBe('ababa');
  });
});
