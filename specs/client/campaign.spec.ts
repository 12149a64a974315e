/**
 * The reference client's Campaign trigger against the reference server in-process: a trigger followed to
 * its end, a request already in progress followed without triggering again, and the documented refusals.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AepClient } from '../../src/client/index.js';
import { fillCampaignText, TRIGGER_RESPONSES } from '../../src/contract/campaign.js';
import type { RunningServer } from '../../src/server/index.js';
import { startServer } from '../../src/server/index.js';
import { defaultWorld } from '../../src/world/default.js';
import { fastTiming, ORG, pointedAt, recordingFetch } from './helpers.js';

let server: RunningServer;

beforeAll(async () => {
  const world = defaultWorld();
  world.campaignMappings.push({ id: 'SpecSlowMapping', published: true, stopped: true, outcome: { status: 'success', numRecords: 15 }, processingMs: 1_500 });
  server = await startServer({ world });
});
afterAll(() => server.close());

const triggers = (calls: ReturnType<typeof recordingFetch>['calls']) => calls.filter((c) => c.method === 'POST');
const statusReads = (calls: ReturnType<typeof recordingFetch>['calls']) => calls.filter((c) => c.method === 'GET');

function client() {
  const recorded = recordingFetch();
  const timing = fastTiming(1 / 10);
  return { client: new AepClient(pointedAt(server, { fetch: recorded.fetch, ...timing.options })), calls: recorded.calls, waits: timing.waits };
}

describe('triggering a mapping', () => {
  it('follows the submitted request to Success', async () => {
    const { client: c, calls, waits } = client();
    const result = await c.triggerCampaign('ProfileToAEP');
    expect(result.error).toBeUndefined();
    expect(result).toMatchObject({ mappingId: 'ProfileToAEP', trigger: 'submitted', status: 'Success', numRecords: 15 });
    expect(typeof result.requestId).toBe('number');
    const trigger = triggers(calls);
    expect(trigger).toHaveLength(1);
    expect(trigger[0]!.url.pathname).toBe(`/${encodeURIComponent(ORG)}/campaign/dataIngestion/xdmIngestion/ProfileToAEP/ingest`);
    expect(trigger[0]!.headers).toMatchObject({ 'cache-control': 'no-cache', 'x-api-key': 'spec-api-key' });
    expect(statusReads(calls).every((s) => s.url.searchParams.get('requestId') === String(result.requestId))).toBe(true);
    expect(waits[0]).toBe(1000);
  });

  it('follows a request already in progress, polling with growing waits, and never triggers again', async () => {
    const first = client();
    const running = first.client.triggerCampaign('SpecSlowMapping');
    // A second caller while the first request runs is answered "already in progress" with its id.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const second = client();
    const result = await second.client.triggerCampaign('SpecSlowMapping');
    const original = await running;
    expect(result.trigger).toBe('already-in-progress');
    expect(result.requestId).toBe(original.requestId);
    expect(result.status).toBe('Success');
    expect(triggers(second.calls)).toHaveLength(1);
    expect(statusReads(second.calls).length).toBeGreaterThanOrEqual(2);
    second.waits.slice(1).forEach((w, i) => expect(w).toBe(Math.min(30_000, second.waits[i]! * 2)));
  });

  it('returns the documented refusal of a mapping that is not stopped, without retrying', async () => {
    const { client: c, calls } = client();
    const result = await c.triggerCampaign('EventsToAEP');
    expect(result.trigger).toBe('refused');
    expect(result.status).toBe('Failed');
    expect(result.info).toBe(fillCampaignText(TRIGGER_RESPONSES['not-stopped'].info, 'EventsToAEP'));
    expect(result.error?.kind).toBe('refused');
    expect(calls).toHaveLength(1);
  });

  it('returns the documented refusal of a mapping that is not published', async () => {
    const result = await client().client.triggerCampaign('DraftMapping');
    expect(result.info).toBe(fillCampaignText(TRIGGER_RESPONSES['not-published'].info, 'DraftMapping'));
    expect(result.error?.kind).toBe('refused');
  });

  it('reads a request that ends Aborted as a result with its documented info', async () => {
    const result = await client().client.triggerCampaign('AbortedMapping');
    expect(result.status).toBe('Aborted');
    expect(result.error).toBeUndefined();
    expect(result.info).toMatch(/^Mapping Id: AbortedMapping\. Ingestion request aborted/);
  });

  it('says why when the mapping does not exist', async () => {
    const result = await client().client.triggerCampaign('NoSuchMapping');
    expect(result.error).toMatchObject({ kind: 'refused', status: 404 });
  });
});
