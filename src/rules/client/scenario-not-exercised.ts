/**
 * A scenario the client's traffic never exercised proves nothing: a client that sends nothing must not pass.
 * Each scenario says what its traffic must contain (`conformance/client/scenarios.ts`); the runner records
 * the reason here when it is missing.
 */
import type { ClientRule } from './context.js';

export const scenarioNotExercised: ClientRule = {
  id: 'client.scenario.not-exercised',
  title: "The client's traffic never exercised the scenario",
  description: 'Each scenario needs traffic of its kind (a streaming request answered with the fault, a batch created and uploaded, a Campaign trigger); without it nothing was verified.',
  severity: 'error',
  source: { source: 'streaming-multiple-messages', section: 'Stream to a dataset' },
  check(traffic) {
    return traffic.notExercised === undefined ? [] : [{ message: `not exercised: ${traffic.notExercised}.`, exchanges: [] }];
  },
};
