/**
 * Faults the world file asks for (`faults:`), injected by the server on its own so that a client under test
 * meets rate limits, outages, slowness and dropped connections without asking for them.
 *
 * An entry's `path` is a prefix of the request path (`/collection/batch/` matches every batch endpoint), or,
 * when it holds `*`, a glob of the whole path: `*` stands for any characters within one path segment, `**`
 * for any characters across segments. The query string is never part of the path. Each entry counts the
 * requests it matches (path and, if given, method) on its own, per server, and applies to every `every`th
 * one: with `every: 2`, the 2nd, 4th, 6th… When several entries apply to one request, the first listed wins.
 */
import type { IncomingMessage } from 'node:http';
import type { World, WorldFault } from '../world/types.js';

/** What the counters belong to: one running server (its context). */
export interface WorldFaultScope {
  readonly world: World;
}

/** The part of a fault a world entry can ask for (the header's `Fault` without its per-API names). */
export interface WorldFaultEffect {
  status?: 429 | 500 | 503;
  retryAfter?: number;
  latencyMs?: number;
  drop?: boolean;
}

const counters = new WeakMap<WorldFaultScope, number[]>();
const matchers = new WeakMap<WorldFault, (path: string) => boolean>();

export function worldFaultOf(req: IncomingMessage, scope: WorldFaultScope): WorldFaultEffect | undefined {
  const faults = scope.world.faults;
  if (faults === undefined || faults.length === 0) return undefined;
  const path = pathOf(req.url ?? '/');
  let counts = counters.get(scope);
  if (counts === undefined) counters.set(scope, (counts = faults.map(() => 0)));
  let applied: WorldFaultEffect | undefined;
  faults.forEach((fault, index) => {
    if (fault.method !== undefined && fault.method.toUpperCase() !== req.method?.toUpperCase()) return;
    if (!matcherOf(fault)(path)) return;
    const count = (counts[index] ?? 0) + 1;
    counts[index] = count;
    if (applied === undefined && count % Math.max(1, fault.every ?? 1) === 0) applied = effectOf(fault);
  });
  return applied;
}

function effectOf(fault: WorldFault): WorldFaultEffect {
  return {
    ...(fault.status !== undefined ? { status: fault.status } : {}),
    ...(fault.retryAfter !== undefined ? { retryAfter: fault.retryAfter } : {}),
    ...(fault.latencyMs !== undefined ? { latencyMs: fault.latencyMs } : {}),
    ...(fault.drop === true ? { drop: true } : {}),
  };
}

function pathOf(url: string): string {
  const end = url.search(/[?#]/);
  return end === -1 ? url : url.slice(0, end);
}

function matcherOf(fault: WorldFault): (path: string) => boolean {
  let matcher = matchers.get(fault);
  if (matcher === undefined) {
    matcher = fault.path.includes('*') ? globMatcher(fault.path) : (path) => path.startsWith(fault.path);
    matchers.set(fault, matcher);
  }
  return matcher;
}

export function globMatcher(glob: string): (path: string) => boolean {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i] ?? '';
    if (char === '*' && glob[i + 1] === '*') {
      source += '.*';
      i++;
    } else if (char === '*') source += '[^/]*';
    else source += char.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  }
  const pattern = new RegExp(`^${source}$`);
  return (path) => pattern.test(path);
}
