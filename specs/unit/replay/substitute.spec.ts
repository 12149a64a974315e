/** `${name}` from captures, bindings and run variables, in that order; placeholders before it. */
import { describe, expect, it } from 'vitest';
import { applyPlaceholders, referencesIn, Scope, substituteText, substituteValue, UnboundReference } from '../../../src/replay/substitute.js';
import { RUN_VARIABLES, runVariables } from '../../../src/replay/variables.js';
import { defaultWorld } from '../../../src/world/default.js';

const world = defaultWorld();

describe('run variables from the default world', () => {
  it('gives every variable of the table', () => {
    const values = runVariables(world);
    const got = Object.fromEntries([...values].map(([k, v]) => [k, v.ok ? v.value : `(none: ${v.reason})`]));
    expect(got).toEqual({
      inletId: '9b0cb233972f3b0092992284c7353f5eead496218e8441a79b25e9421ea127f5',
      orgId: '5D2E1F8A5C3E4B7A0A495E2C@AdobeOrg',
      sandbox: 'prod',
      authInletId: '(none: the world (embedded:default) has none (the first inlet that requires authentication))',
      datasetId: '5f0c0c7f6c5f1b194c1e0b4a',
      schemaId: 'https://ns.adobe.com/acme/schemas/0f1c2d3e4a5b6c7d8e9f0a1b2c3d4e5f',
      schemaVersion: '1',
      contentType: 'application/vnd.adobe.xed-full+json;version=1',
      profileDatasetId: '5f0c0c7f6c5f1b194c1e0b4b',
      profileSchemaId: 'https://ns.adobe.com/acme/schemas/7c1e2d3f4a5b6c7d8e9f0a1b2c3d4e5f',
      profileSchemaVersion: '1',
      profileContentType: 'application/vnd.adobe.xed-full+json;version=1',
      mappingId: 'ProfileToAEP',
      notStoppedMappingId: 'EventsToAEP',
      unpublishedMappingId: 'DraftMapping',
    });
    expect(RUN_VARIABLES.map((v) => v.name)).toEqual(Object.keys(got));
  });
});

describe('substitution', () => {
  it('finds the names a text refers to, each once', () => {
    expect(referencesIn('/b/${batchId}/d/${datasetId}/f/${batchId} $ {x} ${1bad}')).toEqual(['batchId', 'datasetId']);
  });

  it('looks up captures, then bindings, then run variables', () => {
    const scope = new Scope(runVariables(world), { datasetId: 'bound', path: '/collection/batch/${inletId}' });
    expect(substituteText('${datasetId}', scope)).toBe('bound');
    scope.capture('datasetId', 'captured');
    expect(substituteText('${datasetId}', scope)).toBe('captured');
    expect(substituteText('${path}', scope)).toBe('/collection/batch/9b0cb233972f3b0092992284c7353f5eead496218e8441a79b25e9421ea127f5');
    expect(substituteText('${orgId}!', scope)).toBe('5D2E1F8A5C3E4B7A0A495E2C@AdobeOrg!');
  });

  it('a value that is exactly one reference keeps its type; keys are substituted too', () => {
    const scope = new Scope(runVariables(world));
    scope.capture('requestId', 3520);
    expect(substituteValue({ requestId: '${requestId}', label: 'r${requestId}', '${requestId}': [true] }, scope)).toEqual({
      requestId: 3520,
      label: 'r3520',
      '3520': [true],
    });
  });

  it('a name nothing gives throws UnboundReference, with the reason the world has none', () => {
    const scope = new Scope(runVariables(world));
    expect(() => substituteText('${batchId}', scope)).toThrow(UnboundReference);
    expect(() => substituteText('${authInletId}', scope)).toThrow('${authInletId}: the world (embedded:default) has none (the first inlet that requires authentication)');
  });

  it('a binding may use run variables only', () => {
    expect(() => new Scope(runVariables(world), { a: '${b}' })).toThrow('a binding may only use run variables');
  });

  it('placeholders are literal replacements, every occurrence, before ${name}', () => {
    const text = applyPlaceholders('{"imsOrgId":"{ORG_ID}","again":"{ORG_ID}","ds":"{DATASET_ID}"}', { '{ORG_ID}': '${orgId}', '{DATASET_ID}': 'ds1' });
    expect(text).toBe('{"imsOrgId":"${orgId}","again":"${orgId}","ds":"ds1"}');
    expect(substituteText(text, new Scope(runVariables(world)))).toBe('{"imsOrgId":"5D2E1F8A5C3E4B7A0A495E2C@AdobeOrg","again":"5D2E1F8A5C3E4B7A0A495E2C@AdobeOrg","ds":"ds1"}');
  });
});
