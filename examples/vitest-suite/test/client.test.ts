import { describe, expect, it } from 'vitest';
import { preflightValues } from 'aep-ingest-harness';
import { useReferenceServer, type RecordedCall } from 'aep-ingest-harness/vitest';
import { configFromEnv, sendPageViews, toMessage, toRequest, uploadRecords, type PageView } from '../src/client.js';

const views: PageView[] = [
  { id: 'a1f5c8e2-0001', url: 'https://www.example.com/', name: 'home', at: new Date('2024-11-23T14:20:00Z') },
  { id: 'a1f5c8e2-0002', url: 'https://www.example.com/shoes', name: 'shoes', at: new Date('2024-11-23T14:21:30Z') },
];

/** A fetch that keeps every call, as `toSatisfyBatchLifecycle` reads them. */
function recordingFetch(): { fetch: typeof fetch; calls: RecordedCall[] } {
  const calls: RecordedCall[] = [];
  const recording: typeof fetch = async (input, init) => {
    const startedDateTime = new Date();
    const response = await fetch(input, init);
    calls.push({
      startedDateTime,
      request: { method: init?.method ?? 'GET', url: String(input), headers: init?.headers as Record<string, string>, body: init?.body as string | undefined },
      response: { status: response.status, headers: response.headers, body: await response.clone().text() },
    });
    return response;
  };
  return { fetch: recording, calls };
}

describe('the streaming client', () => {
  const reference = useReferenceServer();

  it('builds messages the endpoint accepts, every one', () => {
    const config = configFromEnv(reference.env);
    expect(toRequest(views, config)).toBeAcceptedBy();
    expect(toMessage(views[0]!, config)).toBeAcceptedBy({ world: reference.world, profile: 'docs' });
  });

  it('gets the documented answer from the reference server', async () => {
    const { body, response } = await sendPageViews(views, configFromEnv(reference.env));
    await expect(response).toMatchDocumentedResponse(body);
  });

  it('a message for another org is rejected, with the documented text', async () => {
    const config = { ...configFromEnv(reference.env), orgId: '0A1B2C3D4E5F60718293A4B5@AdobeOrg' };
    expect(toMessage(views[0]!, config)).not.toBeAcceptedBy();
    const report = preflightValues(toRequest(views, config));
    expect(report.summary.findings.error).toBe(2);
    const { body, response } = await sendPageViews(views, config);
    await expect(response).toMatchDocumentedResponse(body);
  });
});

describe('the batch client', () => {
  const reference = useReferenceServer({ store: 'temp-dir' });

  it('creates, uploads, completes and follows its batch as the life cycle says', async () => {
    const { fetch, calls } = recordingFetch();
    const records = views.map((v) => ({ _id: v.id, timestamp: v.at.toISOString(), eventType: 'web.webpagedetails.pageViews' }));
    const { status } = await uploadRecords(records, configFromEnv(reference.env), { fetch, pollIntervalMs: 50 });
    expect(status).toMatch(/^(success|active)$/);
    // Polling every 50 ms is a warning (trace.client.poll-too-fast) only a test may accept.
    expect(calls).toSatisfyBatchLifecycle({ failOn: 'error' });
  });
});
