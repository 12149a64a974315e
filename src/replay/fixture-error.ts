/** One problem in a fixture file, located in the file. */
export interface FixtureIssue {
  /** The fixture file as the caller named it. */
  file: string;
  /** 1-based line; 0 when the problem concerns the whole file (it cannot be read). */
  line: number;
  /** 1-based column; 0 when the problem concerns the whole file. */
  column: number;
  /** Where in the fixture: `steps[1].request.method`; empty for the file itself. */
  field: string;
  reason: string;
  /** `batch/upload.yaml:14:9: steps[1].request.method: "PUTT" is not one of GET, POST, PUT, PATCH, DELETE, HEAD` */
  message: string;
}

export function fixtureIssue(file: string, line: number, column: number, field: string, reason: string): FixtureIssue {
  const where = [file, ...(line > 0 ? [line, ...(column > 0 ? [column] : [])] : [])].join(':');
  return { file, line, column, field, reason, message: field === '' ? `${where}: ${reason}` : `${where}: ${field}: ${reason}` };
}

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
