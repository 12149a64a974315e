import { locatedIssue, type LocatedIssue } from '../world/world-error.js';

/** One problem in a fixture file, located in the file (`steps[1].request.method` as its field). */
export type FixtureIssue = LocatedIssue;
export const fixtureIssue = locatedIssue;

/**
 * Fixture files that cannot be replayed. Every problem found is in `errors`, in file order; the message
 * lists all of them, one a line, so nothing is fixed one error at a time.
 */
export class FixtureError extends Error {
  override readonly name = 'FixtureError';
  readonly errors: readonly FixtureIssue[];

  constructor(errors: readonly FixtureIssue[]) {
    if (errors.length === 0) throw new TypeError('FixtureError needs at least one issue');
    super(errors.map((issue) => issue.message).join('\n'));
    this.errors = errors;
  }

  /** The files the problems are in, each once. */
  get files(): string[] {
    return [...new Set(this.errors.map((e) => e.file))];
  }

  static of(file: string, line: number, column: number, field: string, reason: string): FixtureError {
    return new FixtureError([fixtureIssue(file, line, column, field, reason)]);
  }
}
