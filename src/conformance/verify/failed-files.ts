/**
 * A failed batch's failed files through the Data Access API, checked against the documented shapes
 * (export.failed): `GET /export/batches/{ID}/failed` lists them as `{data: [{name, length, _links: {self:
 * {href}}}], _page: {limit, count}}` (contract FAILED_BATCH_FILES), and `…/failed?path={name}` gives each
 * one's `_validationErrors`, items with the documented fields (contract FAILED_BATCH_FILE). The batch is
 * one the model filled with records whose violation it knows, so the documented violation must be among
 * the items.
 */
import { EXPORT_BASE, FAILED_BATCH_FILE, FAILED_BATCH_FILES } from '../../contract/catalog.js';
import { valueAtPointer } from '../../parse/locate.js';
import type { DocumentedViolation } from '../../generate/index.js';
import type { VerifyContext } from './context.js';
import { fieldsOf, shown, type Answer } from './http.js';
import type { CaseLog } from './property.js';

/** A listed file, once its documented fields are checked. */
interface ListedFile {
  name: string;
}

/** Where a listed file's link is: `_links.self.href` as a JSON pointer. */
const LINK_POINTER = `/${FAILED_BATCH_FILES.listing.linkPath.join('/')}`;

function readListing(log: CaseLog, answer: Answer, subject: string): ListedFile[] {
  log.require('export.failed', answer.status === FAILED_BATCH_FILES.status, `${subject}: status`, FAILED_BATCH_FILES.status, shown(answer));
  const body = fieldsOf(answer.json);
  const data = body?.['data'];
  const { listing, maxFilesPerAnswer } = FAILED_BATCH_FILES;
  // The model put a record the schema refuses in the batch: at least one file lists it, and an answer holds at most 100.
  log.require(
    'export.failed',
    Array.isArray(data) && data.length >= 1 && data.length <= maxFilesPerAnswer,
    `${subject}: data lists the failed files`,
    `data: an array of 1 to ${maxFilesPerAnswer} files`,
    shown(answer),
  );
  const files = data as unknown[];
  const malformed = files.findIndex((item) => {
    const fields = fieldsOf(item);
    const name = fields?.['name'];
    const length = fields?.['length'];
    const href = valueAtPointer(item, LINK_POINTER);
    // The Data Access OpenAPI types length as a string (of digits: it is a size).
    const lengthOk = listing.lengthType === 'string' ? typeof length === 'string' && /^\d+$/.test(length) : typeof length === 'number';
    return !(listing.itemFields.every((f) => fields?.[f] !== undefined) && typeof name === 'string' && name !== '' && lengthOk && typeof href === 'string' && href !== '');
  });
  log.require(
    'export.failed',
    malformed < 0,
    `${subject}: each file has ${listing.itemFields.join(', ')} and ${listing.linkPath.join('.')}`,
    `{name: "<file>", length: ${listing.lengthType === 'string' ? '"<digits>"' : '<number>'}, _links: {self: {href: "<url>"}}}`,
    malformed < 0 ? undefined : `data[${malformed}]: ${JSON.stringify(files[malformed])}`,
  );
  const page = fieldsOf(body?.['_page']);
  const limit = page?.['limit'];
  const count = page?.['count'];
  // No limit was asked: the documented default (100). Whether count is this page's files or all of them is not
  // said; either way it is a whole number not below the files listed here.
  log.check(
    'export.failed',
    listing.page.fields.every((f) => page?.[f] !== undefined) && limit === listing.page.limit && Number.isInteger(count) && (count as number) >= files.length,
    `${subject}: _page`,
    `{limit: ${listing.page.limit}, count: <at least ${files.length}>}`,
    JSON.stringify(body?.['_page']),
  );
  return files.map((item) => ({ name: fieldsOf(item)!['name'] as string }));
}

/** The `_validationErrors` of one failed file, once their documented fields are checked; [] when the file is not so shaped. */
function readFailedFile(log: CaseLog, answer: Answer, subject: string): Record<string, unknown>[] {
  if (!log.check('export.failed', answer.status === FAILED_BATCH_FILES.status, `${subject}: status`, FAILED_BATCH_FILES.status, shown(answer))) return [];
  const errors = fieldsOf(answer.json)?.[FAILED_BATCH_FILE.validationErrorsField];
  const items = Array.isArray(errors) ? errors.map(fieldsOf) : [];
  const shaped =
    items.length > 0 &&
    items.every(
      (item) =>
        item !== undefined &&
        FAILED_BATCH_FILE.itemFields.every((f) => item[f] !== undefined) &&
        // The documented example gives every field but causingExceptions as a string.
        FAILED_BATCH_FILE.itemFields.every((f) => f === 'causingExceptions' || typeof item[f] === 'string'),
    );
  log.check(
    'export.failed',
    shaped,
    `${subject}: ${FAILED_BATCH_FILE.validationErrorsField}`,
    `${FAILED_BATCH_FILE.validationErrorsField}: a non-empty array of {${FAILED_BATCH_FILE.itemFields.join(', ')}}`,
    answer.text.slice(0, 300),
  );
  return shaped ? (items as Record<string, unknown>[]) : [];
}

function matches(item: Record<string, unknown>, violation: DocumentedViolation): boolean {
  return (
    item['keyword'] === violation.keyword &&
    item['pointerToViolation'] === violation.pointerToViolation &&
    item['schemaLocation'] === violation.schemaLocation &&
    typeof item['message'] === 'string' &&
    item['message'].startsWith(violation.messagePrefix)
  );
}

/** Lists the failed files of a batch that ended failed, reads each one, and checks the known violations are reported. */
export async function checkFailedFiles(ctx: VerifyContext, log: CaseLog, batchId: string, violations: readonly DocumentedViolation[]): Promise<void> {
  const path = `${EXPORT_BASE.path}${FAILED_BATCH_FILES.path.replace('{BATCH_ID}', encodeURIComponent(batchId))}`;
  const listed = readListing(log, await ctx.http.call(FAILED_BATCH_FILES.method, path), `${FAILED_BATCH_FILES.method} ${path}`);
  const items: Record<string, unknown>[] = [];
  for (const file of listed) {
    const answer = await ctx.http.call(FAILED_BATCH_FILE.method, path, { query: { [FAILED_BATCH_FILE.query]: file.name } });
    items.push(...readFailedFile(log, answer, `${FAILED_BATCH_FILE.method} ${path}?${FAILED_BATCH_FILE.query}=${file.name}`));
  }
  const distinct = [...new Map(violations.map((v) => [JSON.stringify(v), v])).values()];
  for (const violation of distinct) {
    log.check(
      'export.failed',
      items.some((item) => matches(item, violation)),
      `${FAILED_BATCH_FILE.method} ${path}?${FAILED_BATCH_FILE.query}=…: the record uploaded with ${violation.pointerToViolation} invalid is reported`,
      { keyword: violation.keyword, message: `${violation.messagePrefix}…`, pointerToViolation: violation.pointerToViolation, schemaLocation: violation.schemaLocation },
      items.slice(0, 3),
    );
  }
}
