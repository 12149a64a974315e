import { describe, expect, it } from 'vitest';
import * as batch from '../../../src/contract/batch.js';
import * as campaign from '../../../src/contract/campaign.js';
import * as catalog from '../../../src/contract/catalog.js';
import * as gateway from '../../../src/contract/gateway.js';
import { PROFILE_NAMES } from '../../../src/contract/profiles.js';
import { SOURCES, type SourceRef } from '../../../src/contract/sources.js';

const TABLES = {
  batch: { disagreements: batch.BATCH_DISAGREEMENTS, picks: batch.BATCH_PICKS },
  catalog: { disagreements: catalog.CATALOG_DISAGREEMENTS, picks: catalog.CATALOG_PICKS },
  campaign: { disagreements: campaign.CAMPAIGN_DISAGREEMENTS, picks: campaign.CAMPAIGN_PICKS },
} as const;

function sourceRefs(value: unknown, seen = new Set<unknown>()): SourceRef[] {
  if (value === null || typeof value !== 'object' || seen.has(value)) return [];
  seen.add(value);
  const refs: SourceRef[] = [];
  const record = value as Record<string, unknown>;
  if (typeof record.source === 'string' && typeof record.section === 'string') refs.push(record as unknown as SourceRef);
  for (const v of Object.values(record)) refs.push(...sourceRefs(v, seen));
  return refs;
}

describe('every disagreement of batch, catalog and campaign', () => {
  for (const [api, { disagreements, picks }] of Object.entries(TABLES)) {
    it(`${api}: each profile picks an existing reading of every disagreement`, () => {
      for (const profile of PROFILE_NAMES) {
        const chosen = picks[profile] as Record<string, string>;
        expect(Object.keys(chosen).sort()).toEqual(Object.keys(disagreements).sort());
        for (const [id, name] of Object.entries(chosen)) {
          const d = (disagreements as Record<string, { id: string; readings: Record<string, unknown> }>)[id];
          expect(d?.id).toBe(id);
          expect(Object.keys(d?.readings ?? {})).toContain(name);
        }
      }
    });

    it(`${api}: every disagreement has at least two readings, each with a source and a note`, () => {
      for (const d of Object.values(disagreements as Record<string, { readings: Record<string, { note: string; sources: SourceRef[] }> }>)) {
        const readings = Object.values(d.readings);
        expect(readings.length).toBeGreaterThanOrEqual(2);
        for (const reading of readings) {
          expect(reading.note.length).toBeGreaterThan(0);
          expect(reading.sources.length).toBeGreaterThan(0);
        }
      }
    });
  }
});

describe('every fact cites a known source', () => {
  for (const [name, module] of Object.entries({ batch, catalog, campaign, gateway })) {
    it(`${name}: each SourceRef names a source in SOURCES and a section`, () => {
      const refs = sourceRefs(module);
      expect(refs.length).toBeGreaterThan(5);
      for (const ref of refs) {
        expect(Object.keys(SOURCES)).toContain(ref.source);
        expect(ref.section.length).toBeGreaterThan(0);
      }
    });
  }
});
