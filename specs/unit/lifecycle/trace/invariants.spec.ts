/** Each life-cycle invariant of check-trace, client and server side: a small HAR, the finding at its entry. */
import { describe, expect, it } from 'vitest';
import { checkHarText } from '../../../../src/lifecycle/trace/index.js';
import { locatePointers } from '../../../../src/parse/locate.js';
import type { Finding } from '../../../../src/rules/finding.js';
import { calls as c, toHar, type Call } from './har-builder.js';

const B = 'BATCH1';

function check(list: Call[]): { findings: Finding[]; text: string } {
  const text = toHar(list);
  const result = checkHarText(text, 'trace.har');
  if (!result.ok) throw new Error(result.error.message);
  return { findings: result.findings, text };
}

/** The one finding with this id: at this entry, located where its pointer is in the HAR text. */
function expectOne(list: Call[], ruleId: string, entry: number): Finding {
  const { findings, text } = check(list);
  expect(findings.map((f) => [f.ruleId, f.messageIndex])).toEqual([[ruleId, entry]]);
  const finding = findings[0]!;
  expect(finding.pointer.startsWith(`/log/entries/${entry}/`)).toBe(true);
  const at = locatePointers(text, [finding.pointer]).get(finding.pointer)!;
  expect([finding.line, finding.column]).toEqual([at.line, at.column]);
  expect(finding.line).toBeGreaterThan(1);
  expect(finding.message).toContain(`entry ${entry} (2025-03-04T`);
  return finding;
}

const clean: Call[] = [c.create(B), c.put(B, 'a.json'), c.action(B, 'COMPLETE'), c.status(B, 'loaded'), c.status(B, 'success')];

describe('a clean trace', () => {
  it('create, upload, COMPLETE, statuses along the life cycle: no finding', () => {
    expect(check(clean).findings).toEqual([]);
  });
  it('secrets in headers never reach a finding', () => {
    const list = [c.create(B), { ...c.put(B, 'a.json'), headers: { Authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.c2VjcmV0.c2ln', 'Content-Type': 'application/octet-stream' } }, c.action(B, 'COMPLETE')];
    const { findings } = check(list);
    expect(findings.map((f) => f.ruleId)).toContain('batch.request.header-missing');
    for (const f of findings) expect(f.message).not.toContain('eyJ');
  });
});

describe('client: upload before create', () => {
  it('a file sent to a batch created later is an error at the upload', () => {
    const f = expectOne([c.put(B, 'a.json'), ...clean], 'trace.client.upload-before-create', 0);
    expect(f.severity).toBe('error');
  });
  it('a batch never created in the trace is a warning (the recording may start late)', () => {
    const f = expectOne([c.put('OTHER', 'a.json'), c.action('OTHER', 'COMPLETE')], 'trace.client.upload-before-create', 0);
    expect(f.severity).toBe('warn');
  });
});

describe('client: upload after COMPLETE or ABORT', () => {
  it('after COMPLETE', () => {
    expectOne([c.create(B), c.put(B, 'a.json'), c.action(B, 'COMPLETE'), c.put(B, 'b.json')], 'trace.client.upload-after-close', 3);
  });
  it('after ABORT', () => {
    expectOne([c.create(B), c.action(B, 'ABORT'), c.put(B, 'b.json')], 'trace.client.upload-after-close', 2);
  });
});

describe('client: COMPLETE missing', () => {
  it('is reported at the last upload of the batch', () => {
    expectOne([c.create(B), c.put(B, 'a.json'), c.put(B, 'b.json'), c.status(B, 'loading')], 'trace.client.complete-missing', 2);
  });
});

describe('client: chunks of a large file', () => {
  const F = 'big.json';
  it('a gap is reported where the file is completed', () => {
    const list = [c.create(B), c.initialize(B, F), c.part(B, F, 0, 9, 30), c.part(B, F, 20, 29, 30), c.completeFile(B, F), c.action(B, 'COMPLETE')];
    expect(expectOne(list, 'trace.client.chunk-gap', 4).message).toContain('bytes 10-19');
  });
  it('a missing tail (total known) is a gap', () => {
    expectOne([c.create(B), c.initialize(B, F), c.part(B, F, 0, 9, 30), c.completeFile(B, F), c.action(B, 'COMPLETE')], 'trace.client.chunk-gap', 3);
  });
  it('an overlap is reported at the overlapping part, on its Content-Range header', () => {
    const list = [c.create(B), c.initialize(B, F), c.part(B, F, 0, 9, 20), c.part(B, F, 5, 19, 20), c.completeFile(B, F), c.action(B, 'COMPLETE')];
    expect(expectOne(list, 'trace.client.chunk-overlap', 3).pointer).toBe('/log/entries/3/request/headers/5');
  });
  it('contiguous parts are clean', () => {
    expect(check([c.create(B), c.initialize(B, F), c.part(B, F, 0, 9, 20), c.part(B, F, 10, 19, 20), c.completeFile(B, F), c.action(B, 'COMPLETE')]).findings).toEqual([]);
  });
});

describe('client: status polled faster than sensible', () => {
  it('five polls less than 5 s apart on average warn once, at the fifth', () => {
    const polls = [0, 1, 2, 3, 4, 5].map((k) => ({ ...c.status(B, 'loaded'), at: 20_000 + k * 1000 }));
    const f = expectOne([{ ...c.create(B), at: 0 }, { ...c.action(B, 'COMPLETE'), at: 10_000 }, ...polls], 'trace.client.poll-too-fast', 6);
    expect(f.severity).toBe('warn');
  });
  it('polls every 5 s are fine', () => {
    const polls = [0, 1, 2, 3, 4, 5].map((k) => ({ ...c.status(B, 'loaded'), at: 20_000 + k * 5000 }));
    expect(check([{ ...c.create(B), at: 0 }, { ...c.action(B, 'COMPLETE'), at: 10_000 }, ...polls]).findings).toEqual([]);
  });
});

describe('server: a status change the life cycle does not allow', () => {
  it('going backwards from active to staging', () => {
    expectOne([...clean, c.status(B, 'staging')], 'trace.server.illegal-transition', 5);
  });
  it('leaving loading without COMPLETE', () => {
    expectOne([c.create(B), c.put(B, 'a.json'), c.status(B, 'staging'), c.action(B, 'COMPLETE')], 'trace.server.illegal-transition', 2);
  });
  it('an ABORT accepted on a loaded batch (docs profile: only a loading batch can be aborted)', () => {
    expectOne([c.create(B), c.action(B, 'COMPLETE'), c.status(B, 'loaded'), c.action(B, 'ABORT')], 'trace.server.illegal-transition', 3);
  });
});

describe('server: COMPLETE not idempotent', () => {
  it('a retried COMPLETE answered 400 after a 200', () => {
    expectOne([...clean, c.action(B, 'COMPLETE', 400)], 'trace.server.complete-not-idempotent', 5);
  });
  it('a retried COMPLETE answered 200 again is fine', () => {
    expect(check([...clean, c.action(B, 'COMPLETE')]).findings).toEqual([]);
  });
});

describe('server: a terminal state left', () => {
  it('a failed batch answered active', () => {
    expectOne([c.create(B), c.action(B, 'COMPLETE'), c.status(B, 'failed'), c.status(B, 'active')], 'trace.server.terminal-state-left', 3);
  });
  it('a Campaign request that succeeded answered In Progress', () => {
    expectOne([c.trigger('M', 7), c.campaignStatus('M', 7, 'Success'), c.campaignStatus('M', 7, 'In Progress')], 'trace.server.terminal-state-left', 2);
  });
});

describe('server: a Campaign request that changes its id', () => {
  it('the status of request 7 answered for request 8', () => {
    expectOne([c.trigger('M', 7), c.campaignStatus('M', 7, 'In Progress', 8)], 'trace.server.campaign-request-id-changed', 1);
  });
});

describe('server: "already in progress" names another request than the running one', () => {
  const inProgress = (mapping: string, requestId: number): Call => ({
    ...c.trigger(mapping, requestId),
    response: { requestId, info: `Ingestion request already in progress for the Mapping ID: ${mapping}`, status: 'In Progress' },
  });
  it('request 7 runs; a second trigger is answered in progress for request 9', () => {
    expectOne([c.trigger('M', 7), inProgress('M', 9)], 'trace.server.campaign-in-progress-other-request', 1);
  });
  it('answered for the running request, or after it ended: no finding', () => {
    expect(check([c.trigger('M', 7), inProgress('M', 7)]).findings).toEqual([]);
    expect(check([c.trigger('M', 7), c.campaignStatus('M', 7, 'Success'), inProgress('M', 9)]).findings).toEqual([]);
  });
});

describe('server: a Failed Campaign request that reports records', () => {
  it('Failed with numRecords 15', () => {
    const failed: Call = { ...c.campaignStatus('M', 7, 'Failed'), response: { batchId: '', info: 'Mapping Id: M. ACP-880056 Failed to fetch the record from the database.', numRecords: 15, requestId: 7, status: 'Failed' } };
    expectOne([c.trigger('M', 7), failed], 'trace.server.campaign-failed-num-records', 1);
  });
  it('Failed with numRecords 0, as documented: no finding', () => {
    expect(check([c.trigger('M', 7), c.campaignStatus('M', 7, 'Failed')]).findings).toEqual([]);
  });
});

describe('a Campaign status read that names no requestId', () => {
  it('is matched by the requestId of the answer', () => {
    const bare = (status: string): Call => ({ ...c.campaignStatus('M', 7, status), url: c.campaignStatus('M', 7, status).url.replace(/\?requestId=7$/, '') });
    expectOne([c.trigger('M', 7), bare('Success'), bare('In Progress')], 'trace.server.terminal-state-left', 2);
  });
});

describe('batch request rules run on every batch call of the trace', () => {
  it('action=complete in lower case is advice under docs, at its entry', () => {
    const { findings } = check([c.create(B), c.action(B, 'complete')]);
    expect(findings.map((f) => [f.ruleId, f.messageIndex, f.severity])).toEqual([['batch.request.action-case', 1, 'info']]);
  });
});

describe('malformed HAR', () => {
  const bad = (text: string) => {
    const r = checkHarText(text, 'x.har');
    if (r.ok) throw new Error('expected an input error');
    return r.error;
  };
  it('broken JSON is located', () => {
    const e = bad('{"log": {"entries": [}\n');
    expect(e.message).toContain('malformed');
    expect(e.line).toBe(1);
  });
  it('no log', () => expect(bad('{"entries": []}').message).toContain('no "log"'));
  it('an entry without a request names the pointer and is located', () => {
    const e = bad('{"log": {"entries": [\n  {"startedDateTime": "2025-03-04T09:00:00Z", "response": {"status": 200, "headers": []}}\n]}}');
    expect(e.message).toContain('/log/entries/0/request is missing');
    expect(e.line).toBe(2);
  });
  it('a status that is not a number', () => {
    const text = toHar([c.create(B)]).replace('"status": 201', '"status": "201"');
    expect(bad(text).message).toContain('/log/entries/0/response/status is a string');
  });
  it('a bad date', () => {
    const text = toHar([c.create(B)]).replace(/"startedDateTime": "[^"]+"/, '"startedDateTime": "yesterday"');
    expect(bad(text).message).toContain('not an ISO 8601 date-time');
  });
});
