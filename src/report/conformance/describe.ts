import { shownPath } from '../paths.js';
import type { CheckOrigin } from './model.js';

/** Where a check came from, in one line: the fixture and step, or the property with the seed that replays it. */
export function describeOrigin(origin: CheckOrigin, cwd?: string): string {
  if (origin.kind === 'fixture') {
    return `fixture ${origin.fixture} (${shownPath(origin.file, cwd)}), step ${origin.step + 1}${origin.stepName ? ` "${origin.stepName}"` : ''}`;
  }
  const path = origin.path !== undefined ? `, path ${origin.path}` : '';
  return `property ${origin.property}, seed ${origin.seed}${path}`;
}
