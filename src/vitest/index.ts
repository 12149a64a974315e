/**
 * `aep-ingest-harness/vitest`: importing it extends Vitest's `expect` with the harness's matchers, typed
 * for TypeScript through Vitest's `Assertion` and `AsymmetricMatchersContaining` interfaces; and gives
 * `useReferenceServer`. Import it once per test file, or from a `setupFiles` module.
 *
 *   expect(message).toBeAcceptedBy({ profile: 'strict' });
 *   await expect(await fetch(url, { method: 'POST', body })).toMatchDocumentedResponse(body);
 *   expect(harOrCalls).toSatisfyBatchLifecycle();
 */
import { expect } from 'vitest';
import { acceptanceDiff, acceptanceMessage, judgeAcceptance, type AcceptedByOptions } from './accepted.js';
import { answerOf, compareWithDocumented, comparisonDiff, comparisonMessage, type ReceivedAnswer } from './documented-response.js';
import { failing, judgeLifecycle, lifecycleMessage, type BatchLifecycleOptions } from './lifecycle.js';

export { useReferenceServer, type ReferenceServer, type ReferenceServerEnv, type ReferenceServerVariable, type UseReferenceServerOptions } from './reference-server.js';
export type { AcceptedByOptions } from './accepted.js';
export type { BatchLifecycleOptions, RecordedBody, RecordedCall, RecordedHeaders } from './lifecycle.js';

/** Options of `toMatchDocumentedResponse`: the tenant, profile and inlet the answer is predicted for. */
export type DocumentedResponseOptions = AcceptedByOptions;

interface MatcherResult {
  pass: boolean;
  message: () => string;
  actual?: unknown;
  expected?: unknown;
}

/** Whether a value is a fetch `Response` (from any realm): its body is read, as text, from a clone. */
function isResponse(value: unknown): value is Response {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Response).status === 'number' &&
    typeof (value as Response).text === 'function' &&
    typeof (value as Response).clone === 'function' &&
    typeof (value as Response).headers === 'object'
  );
}

function documentedResult(request: unknown, answer: ReceivedAnswer, options: DocumentedResponseOptions | undefined, isNot: boolean): MatcherResult {
  const comparison = compareWithDocumented(request, answer, options);
  const pass = comparison.mismatches.length === 0;
  return {
    pass,
    message: () => comparisonMessage(comparison, isNot),
    ...(pass ? {} : (({ expected, actual }) => ({ expected, actual }))(comparisonDiff(comparison))),
  };
}

export const aepMatchers = {
  toBeAcceptedBy(this: { isNot: boolean }, received: unknown, options?: AcceptedByOptions): MatcherResult {
    const acceptance = judgeAcceptance(received, options);
    const isNot = this.isNot;
    return {
      pass: acceptance.accepted,
      message: () => acceptanceMessage(acceptance, isNot),
      ...(acceptance.accepted ? {} : acceptanceDiff(acceptance)),
    };
  },

  toMatchDocumentedResponse(this: { isNot: boolean }, received: unknown, request: unknown, options?: DocumentedResponseOptions): MatcherResult | Promise<MatcherResult> {
    const isNot = this.isNot;
    if (isResponse(received)) {
      if (received.bodyUsed) throw new TypeError("toMatchDocumentedResponse: the Response's body was already read; pass the answer as { status, body }, or expect on the Response before reading it");
      return received
        .clone()
        .text()
        .then((text) => documentedResult(request, answerOf({ status: received.status, body: text }), options, isNot));
    }
    if (typeof received !== 'object' || received === null || !('status' in received)) {
      throw new TypeError(`toMatchDocumentedResponse: expected a fetch Response or { status, body }, received ${received === null ? 'null' : Array.isArray(received) ? 'an array' : typeof received}`);
    }
    return documentedResult(request, answerOf(received as { status: unknown; body?: unknown }), options, isNot);
  },

  toSatisfyBatchLifecycle(this: { isNot: boolean }, received: unknown, options: BatchLifecycleOptions = {}): MatcherResult {
    const verdict = judgeLifecycle(received, options);
    const isNot = this.isNot;
    // Calls that cannot be read fail the expectation either way, `.not` included.
    if (!verdict.ok) throw new TypeError(`toSatisfyBatchLifecycle: ${verdict.error}`);
    const found = failing(verdict, options);
    return {
      pass: found.length === 0,
      message: () => lifecycleMessage(verdict, options, isNot),
      ...(found.length === 0 ? {} : { expected: [], actual: found.map((f) => `${f.ruleId} at entry ${f.entry}`) }),
    };
  },
};

expect.extend(aepMatchers);

/** The matchers on `expect(value)`. */
export interface AepMatchers<T = unknown> {
  /**
   * Passes when the streaming endpoint would accept everything: the request is not refused (400, 413), no
   * message is rejected in the 207, none goes to the error batch. Judged by the engine `preflight` runs,
   * on a message, a `{messages}` request, an array of messages, or a body as text or bytes.
   */
  toBeAcceptedBy(options?: AcceptedByOptions): void;
  /**
   * Passes when a streaming answer (a fetch `Response`, awaited; or `{status, body}`) is what the
   * documentation gives for `request`: the status; for a 207, the body's shape, one entry per message in
   * order, `batchId:index` xactionIds for accepted messages, the documented text for rejected ones.
   */
  toMatchDocumentedResponse(request: unknown, options?: DocumentedResponseOptions): T extends Response ? Promise<void> : void;
  /**
   * Passes when the trace checker finds nothing in recorded calls (a HAR object or text, or a list of
   * `{request, response, startedDateTime?}`): batch request rules, and the batch and Campaign life cycles
   * on both sides.
   */
  toSatisfyBatchLifecycle(options?: BatchLifecycleOptions): void;
}

/** The matchers as asymmetric matchers (`expect.toBeAcceptedBy()` inside `toEqual`); synchronous ones only. */
export interface AepAsymmetricMatchers {
  toBeAcceptedBy(options?: AcceptedByOptions): unknown;
  toSatisfyBatchLifecycle(options?: BatchLifecycleOptions): unknown;
}

declare module 'vitest' {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any, @typescript-eslint/no-empty-object-type
  interface Assertion<T = any> extends AepMatchers<T> {}
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface AsymmetricMatchersContaining extends AepAsymmetricMatchers {}
}
