/**
 * How a large file is cut into parts for `PATCH …/files/{FILE_NAME}`, and how each part names its bytes.
 *
 * The documented facts: a part names "the beginning and the end" of its range in `Content-Range`, the
 * accepted range per request is 0 – 512000000 (BATCH_LIMITS.partRangeBytes), and gaps or overlaps are
 * refused when the file is completed (RANGE_VALIDATION). The spelling `bytes {start}-{end}/{total}` with an
 * inclusive end is the harness's reading (CONTENT_RANGE.harnessReads), not Adobe's.
 */
import { BATCH_LIMITS, type ContentRange } from '../../contract/batch.js';

/**
 * The most bytes the harness puts in one part: 512 000 000. The OpenAPI's "accepted range of content
 * bytes is 0 - 512000000" is read as a part of at most that many bytes (the smaller of the two ways to
 * read an inclusive 0 – 512000000), so a part never exceeds either reading.
 */
export const MAX_PART_BYTES = BATCH_LIMITS.partRangeBytes.max;

/**
 * The byte ranges of a file of `size` bytes cut into parts of `chunkBytes` (the last one shorter): they
 * tile [0, size - 1] in order, with no gap and no overlap. An empty file has no part.
 */
export function chunkRanges(size: number, chunkBytes: number): Required<ContentRange>[] {
  if (!Number.isSafeInteger(size) || size < 0) throw new RangeError(`a file size is a whole number of bytes, got ${size}`);
  if (!Number.isSafeInteger(chunkBytes) || chunkBytes < 1) throw new RangeError(`a part holds at least 1 byte, got ${chunkBytes}`);
  const ranges: Required<ContentRange>[] = [];
  for (let start = 0; start < size; start += chunkBytes) {
    ranges.push({ start, end: Math.min(start + chunkBytes, size) - 1, total: size });
  }
  return ranges;
}

/** The `Content-Range` value of a part, as the harness writes it (and `parseContentRange` reads it back). */
export function contentRangeHeader(range: Required<ContentRange>): string {
  return `bytes ${range.start}-${range.end}/${range.total}`;
}
