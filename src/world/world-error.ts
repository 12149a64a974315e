/** One problem in a file (a world file, a fixture), located in the file. */
export interface LocatedIssue {
  /** The file as the caller named it. */
  file: string;
  /** 1-based line; 0 when the problem concerns the whole file (it cannot be read). */
  line: number;
  /** 1-based column; 0 when the problem concerns the whole file. */
  column: number;
  /** Where in the file's data the problem is, as a path: `inlets[0].org`; empty for the file itself. */
  field: string;
  /** The problem in plain words, without the location: `names org "X", which is not in orgs (known: A)`. */
  reason: string;
  /** The located message: `world.yaml:12:7: inlets[0].org: names org "X", which is not in orgs (known: A)`. */
  message: string;
}

export function locatedIssue(file: string, line: number, column: number, field: string, reason: string): LocatedIssue {
  const where = [file, ...(line > 0 ? [line, ...(column > 0 ? [column] : [])] : [])].join(':');
  const message = field === '' ? `${where}: ${reason}` : `${where}: ${field}: ${reason}`;
  return { file, line, column, field, reason, message };
}

export type WorldIssue = LocatedIssue;
export const worldIssue = locatedIssue;

/**
 * A world file that cannot be used. Every problem found is in `errors`, in file order; the error's own
 * location fields are the first problem's, and its message lists all of them, one a line.
 */
export class WorldError extends Error {
  override readonly name = 'WorldError';
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly field: string;
  readonly errors: readonly WorldIssue[];
  /**
   * True when the world file, or a schema file it names, could not be read as text (too large, not
   * UTF-8, a FIFO nobody writes to): the commands exit 3, as for any input that cannot be read, rather
   * than 2 for a world that reads but does not hold together.
   */
  readonly unreadable: boolean;

  constructor(errors: readonly WorldIssue[], unreadable = false) {
    const first = errors[0];
    if (first === undefined) throw new TypeError('WorldError needs at least one issue');
    super(errors.map((issue) => issue.message).join('\n'));
    this.file = first.file;
    this.line = first.line;
    this.column = first.column;
    this.field = first.field;
    this.errors = errors;
    this.unreadable = unreadable;
  }

  static of(file: string, line: number, column: number, field: string, reason: string, unreadable = false): WorldError {
    return new WorldError([worldIssue(file, line, column, field, reason)], unreadable);
  }
}
