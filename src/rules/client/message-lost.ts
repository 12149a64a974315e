/**
 * Every valid message the scenario handed over must end accepted. A message lost for a reason another rule
 * names (given up on after a 503 with too few retries, refused as part of a request over 1 MB, refused for
 * bad credentials, broken by the client) is told by that rule; this one tells the rest: messages never sent,
 * or given up on after retrying.
 *
 * A client that sent none of the scenario's messages brings its own data, and is not judged for these.
 */
import { CLIENT_OBLIGATIONS } from '../../contract/client.js';
import { episodes, plural, sentMessages, usedInputs, type ClientRule, type ClientViolation } from './context.js';

const MIN_RETRIES = CLIENT_OBLIGATIONS.retryUnavailable.minRetries;

export const messageLost: ClientRule = {
  id: 'client.message.lost',
  title: 'A valid message handed to the client is never accepted',
  description: 'Every valid message of AEP_MESSAGES_FILE ends accepted (its 207 entry carries an xactionId) exactly once.',
  severity: 'error',
  source: CLIENT_OBLIGATIONS.readEveryEntry.source,
  check(traffic) {
    if (traffic.inputs.valid.length === 0 || !usedInputs(traffic)) return [];
    const accepted = new Set<string>();
    const sentKeys = new Set<string>();
    const sentIds = new Set<string>();
    for (const { message } of sentMessages(traffic)) {
      sentKeys.add(message.key);
      if (message.id !== undefined) sentIds.add(message.id);
      if (message.outcome.kind === 'accepted') {
        accepted.add(message.key);
        if (message.id !== undefined) accepted.add(`id:${message.id}`);
      }
    }
    const lastEpisode = new Map(episodes(traffic).map((e) => [e.key, e]));
    let neverSent = 0;
    let givenUp = 0;
    const givenUpExchanges = new Set<number>();
    for (const input of traffic.inputs.valid) {
      if (accepted.has(input.key) || (input.id !== undefined && accepted.has(`id:${input.id}`))) continue;
      if (!sentKeys.has(input.key) && (input.id === undefined || !sentIds.has(input.id))) {
        neverSent++;
        continue;
      }
      const episode = lastEpisode.get(input.key);
      // Sent, but only in a changed form, or its last answer is another rule's to tell.
      if (episode === undefined || !episode.abandoned || episode.attempts.length - 1 < MIN_RETRIES) continue;
      givenUp++;
      for (const a of episode.attempts) givenUpExchanges.add(a.exchange.index);
    }
    const found: ClientViolation[] = [];
    if (neverSent > 0) {
      found.push({
        message: `${plural(neverSent, 'valid message')} of the ${traffic.inputs.valid.length} handed over ${neverSent === 1 ? 'was' : 'were'} never sent.`,
        exchanges: [],
      });
    }
    if (givenUp > 0) {
      found.push({
        message: `${plural(givenUp, 'valid message')} ${givenUp === 1 ? 'was' : 'were'} given up on after retries and never accepted.`,
        exchanges: [...givenUpExchanges].sort((a, b) => a - b),
      });
    }
    return found;
  },
};
