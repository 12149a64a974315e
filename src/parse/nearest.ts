/** "Did you mean …?": the candidate a few edits away from a word, the likely typo. */

/** Levenshtein distance: insertions, deletions and substitutions, one each. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/**
 * The candidate nearest to `word`, when it is close enough to be the word meant: at most two edits, or a
 * fifth of the word's length for long words; else one that begins the word or that the word begins, at
 * least half as long as the other (`warning` for `warn`). Ties go to the first candidate.
 */
export function nearest(word: string, candidates: Iterable<string>): string | undefined {
  let best: { candidate: string; distance: number } | undefined;
  let affix: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(word, candidate);
    if (best === undefined || distance < best.distance) best = { candidate, distance };
    const [short, long] = candidate.length < word.length ? [candidate, word] : [word, candidate];
    if (short.length >= 4 && short.length * 2 >= long.length && long.startsWith(short) && (affix === undefined || distance < affix.distance)) {
      affix = { candidate, distance };
    }
  }
  if (best !== undefined && best.distance <= Math.max(2, Math.floor(word.length / 5))) return best.candidate;
  return affix?.candidate;
}

/** ` (did you mean "x"?)` when a candidate is near, else nothing. */
export function didYouMean(word: string, candidates: Iterable<string>): string {
  const near = nearest(word, candidates);
  return near === undefined ? '' : ` (did you mean ${JSON.stringify(near)}?)`;
}
