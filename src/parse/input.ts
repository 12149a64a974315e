/**
 * Reading a file the user named, with errors a person can act on.
 *
 * The CLI prints an InputError as `file: message` (and exits 3), so messages name the problem,
 * not the system call that met it, and never carry a stack trace.
 */

export class InputError extends Error {
  constructor(
    message: string,
    public readonly file: string,
    public readonly line?: number,
    public readonly column?: number,
  ) {
    super(message);
    this.name = 'InputError';
  }
}

/** File-system errors in words; shared with the NDJSON reader so both say the same thing. */
export function describeFsError(error: unknown, file: string): InputError {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  switch (code) {
    case 'ENOENT':
      return new InputError('no such file', file);
    case 'ENOTDIR':
      return new InputError('no such file (a part of the path is not a directory)', file);
    case 'EACCES':
    case 'EPERM':
      return new InputError('permission denied', file);
    case 'EISDIR':
      return new InputError('is a directory, not a file', file);
    case 'ELOOP':
      return new InputError('too many symbolic links in the path', file);
    case 'ENAMETOOLONG':
      return new InputError('the file name is too long', file);
    case 'EMFILE':
    case 'ENFILE':
      return new InputError('too many open files; close some and retry', file);
    default:
      return new InputError(`cannot read the file (${code ?? (error instanceof Error ? error.message : String(error))})`, file);
  }
}

export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${bytes} bytes` : `${value.toFixed(1)} ${units[unit]} (${bytes} bytes)`;
}

/**
 * The bytes of a file the user named, at most `maxBytes` of them. Pipes, FIFOs and devices are read as
 * streams and stopped at the limit (`read-bounded.ts`); a FIFO nobody writes to is not waited for forever.
 */
export async function readInputFile(path: string, opts: { maxBytes: number; writerWaitMs?: number }): Promise<Uint8Array> {
  const { readBounded } = await import('./read-bounded.js');
  return readBounded(path, opts);
}

const BOM = [0xef, 0xbb, 0xbf] as const;

export function hasUtf8Bom(bytes: Uint8Array): boolean {
  return bytes.length >= 3 && bytes[0] === BOM[0] && bytes[1] === BOM[1] && bytes[2] === BOM[2];
}

// One decoder for the process: fatal so bad bytes are reported, not silently replaced by U+FFFD;
// ignoreBOM because the BOM is stripped (and reported) here, and a second one is content.
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export function decodeUtf8(bytes: Uint8Array, file: string): { text: string; bom: boolean } {
  const bom = hasUtf8Bom(bytes);
  if (bytes.length === 0) throw new InputError('file is empty', file);
  if (bom && bytes.length === 3) throw new InputError('file is empty (it holds only a byte order mark)', file);
  const body = bom ? bytes.subarray(3) : bytes;
  try {
    return { text: strictUtf8.decode(body), bom };
  } catch {
    throw invalidUtf8Error(body, bom ? 3 : 0, file);
  }
}

/** Where the first byte that does not begin a well-formed UTF-8 sequence is. */
export interface Utf8Fault {
  /** Offset in the bytes given. */
  offset: number;
  line: number;
  /** 1-based, in UTF-16 code units of the text decoded so far on that line. */
  column: number;
  byte: number;
}

/**
 * The first ill-formed sequence, by the Unicode "well-formed UTF-8" table (the one TextDecoder and
 * Buffer.isUtf8 apply: no overlongs, no surrogates, nothing above U+10FFFF).
 * One forward pass, no copy; only run once the fast decoder has already said the bytes are bad.
 */
export function findUtf8Fault(bytes: Uint8Array): Utf8Fault | null {
  const length = bytes.length;
  let line = 1;
  let column = 1;
  let at = 0;
  while (at < length) {
    const lead = bytes[at]!;
    if (lead < 0x80) {
      if (lead === 0x0a) {
        line++;
        column = 1;
      } else {
        column++;
      }
      at++;
      continue;
    }
    let size: number;
    let low = 0x80;
    let high = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) size = 2;
    else if (lead >= 0xe0 && lead <= 0xef) {
      size = 3;
      if (lead === 0xe0) low = 0xa0; // overlong
      else if (lead === 0xed) high = 0x9f; // UTF-16 surrogates
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      size = 4;
      if (lead === 0xf0) low = 0x90; // overlong
      else if (lead === 0xf4) high = 0x8f; // above U+10FFFF
    } else {
      return { offset: at, line, column, byte: lead };
    }
    if (at + size > length) return { offset: at, line, column, byte: lead };
    const second = bytes[at + 1]!;
    if (second < low || second > high) return { offset: at, line, column, byte: lead };
    for (let k = 2; k < size; k++) {
      const next = bytes[at + k]!;
      if (next < 0x80 || next > 0xbf) return { offset: at, line, column, byte: lead };
    }
    column += size === 4 ? 2 : 1;
    at += size;
  }
  return null;
}

function hex(byte: number): string {
  return `0x${byte.toString(16).toUpperCase().padStart(2, '0')}`;
}

function invalidUtf8Error(body: Uint8Array, skipped: number, file: string): InputError {
  const fault = findUtf8Fault(body);
  // The fast decoder and this table agree; if they ever did not, still say something true.
  if (fault === null) return new InputError('file is not valid UTF-8', file);
  const offset = fault.offset + skipped;
  const utf16 =
    skipped === 0 && fault.offset === 0 && body.length >= 2 &&
    ((body[0] === 0xff && body[1] === 0xfe) || (body[0] === 0xfe && body[1] === 0xff));
  const hint = utf16 ? 'the file looks like UTF-16; save it as UTF-8' : 'save the file as UTF-8';
  return new InputError(
    `file is not valid UTF-8: byte ${hex(fault.byte)} at offset ${offset} (line ${fault.line}, column ${fault.column}) does not start a valid character; ${hint}`,
    file,
    fault.line,
    fault.column,
  );
}

/** What the server says of a batch file that is not UTF-8 (`server/batch-records.ts`); pre-flight says the same. */
export const NOT_UTF8_TEXT = 'the file is not valid UTF-8 text';

/** The byte length of an incomplete UTF-8 sequence at the end of `bytes` (0 when it ends on a character). */
function incompleteTail(bytes: Uint8Array): number {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const b = bytes[bytes.length - back]!;
    if (b < 0x80) return 0;
    if (b >= 0xc0) {
      const size = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
      return size > back ? back : 0;
    }
  }
  return 0;
}

/**
 * Checks a stream of bytes is UTF-8, chunk by chunk, keeping the line and column reached, so the first
 * bad byte is located in the whole stream. `lineShift` numbers the lines of a slice as in its file.
 */
export class Utf8StreamCheck {
  private readonly decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
  private line: number;
  private column = 1;
  private tail: Uint8Array = new Uint8Array(0);

  constructor(lineShift = 0) {
    this.line = 1 + lineShift;
  }

  /** Null while the bytes so far are UTF-8 (a character may continue in the next chunk); the fault otherwise. */
  push(chunk: Uint8Array): { line: number; column: number } | null {
    let text: string;
    try {
      text = this.decoder.decode(chunk, { stream: true });
    } catch {
      return this.fault(chunk);
    }
    const last = text.lastIndexOf('\n');
    if (last === -1) this.column += text.length;
    else {
      for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) this.line++;
      this.column = text.length - last;
    }
    const keep = incompleteTail(chunk);
    this.tail = keep === 0 ? new Uint8Array(0) : chunk.slice(chunk.length - keep);
    return null;
  }

  /** At the end of the stream: a character cut short is a fault too. */
  end(): { line: number; column: number } | null {
    try {
      this.decoder.decode();
      return null;
    } catch {
      return { line: this.line, column: this.column };
    }
  }

  private fault(chunk: Uint8Array): { line: number; column: number } {
    const combined = new Uint8Array(this.tail.length + chunk.length);
    combined.set(this.tail, 0);
    combined.set(chunk, this.tail.length);
    const found = findUtf8Fault(combined);
    if (found === null) return { line: this.line, column: this.column };
    return { line: this.line + found.line - 1, column: found.line === 1 ? this.column + found.column - 1 : found.column };
  }
}
