import { describe, expect, it } from 'vitest';
import { CAMPAIGN_REQUEST_STATUSES, CAMPAIGN_REQUEST_TRANSITIONS, type TriggerOutcome } from '../../../src/contract/campaign.js';
import {
  INITIAL_REQUEST_STATUS,
  decideTrigger,
  isRequestFinal,
  transitionRequest,
  triggerResponseBody,
} from '../../../src/lifecycle/campaign.js';

const MAPPING = 'ProfileToAEP';

/** published, stopped, a request in progress → outcome. Published is checked first (undocumented order). */
const TABLE: [boolean, boolean, boolean, TriggerOutcome][] = [
  [true, true, false, 'submitted'],
  [true, true, true, 'already-in-progress'],
  [true, false, false, 'not-stopped'],
  [true, false, true, 'not-stopped'],
  [false, true, false, 'not-published'],
  [false, true, true, 'not-published'],
  [false, false, false, 'not-published'],
  [false, false, true, 'not-published'],
];

const TEXTS: Record<TriggerOutcome, [string, string]> = {
  submitted: ['Success', `Ingestion request submitted successfully for the Mapping ID: ${MAPPING}`],
  'already-in-progress': ['In Progress', `Ingestion request already in progress for the Mapping ID: ${MAPPING}`],
  'not-stopped': ['Failed', `Unable to submit data ingestion request, XDM Mapping ID: ${MAPPING} is not stopped`],
  'not-published': ['Failed', `Unable to submit data ingestion request, XDM Mapping ID: ${MAPPING} is not published`],
};

describe('Campaign trigger decision table', () => {
  for (const [published, stopped, running, outcome] of TABLE) {
    it(`published=${published} stopped=${stopped} inProgress=${running} → ${outcome}`, () => {
      const d = decideTrigger({ id: MAPPING, published, stopped }, running ? { requestId: 3520 } : undefined);
      expect(d.outcome).toBe(outcome);
      expect([d.status, d.info]).toEqual(TEXTS[outcome]);
    });
  }

  it('bodies: submitted and in-progress carry requestId, failures do not', () => {
    const submitted = decideTrigger({ id: MAPPING, published: true, stopped: true }, undefined);
    expect(triggerResponseBody(submitted, 3521)).toEqual({ requestId: 3521, info: TEXTS.submitted[1], status: 'Success' });
    const running = decideTrigger({ id: MAPPING, published: true, stopped: true }, { requestId: 3520 });
    expect(triggerResponseBody(running)).toEqual({ requestId: 3520, info: TEXTS['already-in-progress'][1], status: 'In Progress' });
    const notStopped = decideTrigger({ id: MAPPING, published: true, stopped: false }, undefined);
    expect(triggerResponseBody(notStopped, 1)).toEqual({ info: TEXTS['not-stopped'][1], status: 'Failed' });
  });
});

describe('Campaign ingestion request life cycle', () => {
  it('starts In Progress and ends in Success, Failed or Aborted', () => {
    expect(INITIAL_REQUEST_STATUS).toBe('In Progress');
    expect(transitionRequest('In Progress', 'succeed')).toEqual({ ok: true, next: 'Success' });
    expect(transitionRequest('In Progress', 'fail')).toEqual({ ok: true, next: 'Failed' });
    expect(transitionRequest('In Progress', 'abort')).toEqual({ ok: true, next: 'Aborted' });
  });

  it('a final request refuses every event, with a reason', () => {
    for (const status of CAMPAIGN_REQUEST_STATUSES.filter((s) => s !== 'In Progress')) {
      expect(isRequestFinal(status)).toBe(true);
      for (const { event } of CAMPAIGN_REQUEST_TRANSITIONS) {
        const r = transitionRequest(status, event);
        expect(r.ok).toBe(false);
        if (!r.ok) expect(r.reason).toContain(status);
      }
    }
    expect(isRequestFinal('In Progress')).toBe(false);
  });
});
