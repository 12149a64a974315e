import { CONTENT_TYPE_FORMS, type ContentTypeForm } from '../../contract/streaming.js';

export interface ParsedContentType {
  form: ContentTypeForm | undefined;
  version: string | undefined;
}

const FORMS = Object.entries(CONTENT_TYPE_FORMS) as [ContentTypeForm, (typeof CONTENT_TYPE_FORMS)[ContentTypeForm]][];
const NONE: ParsedContentType = { form: undefined, version: undefined };

// A payload repeats a handful of contentType strings across every message: match each once.
const cache = new Map<string, ParsedContentType>();
const CACHE_LIMIT = 1024;

/** Which documented form a contentType takes, and the schema version it names. */
export function parseContentType(contentType: string | undefined): ParsedContentType {
  if (contentType === undefined) return NONE;
  let parsed = cache.get(contentType);
  if (parsed !== undefined) return parsed;
  parsed = NONE;
  for (const [form, { pattern }] of FORMS) {
    const match = pattern.exec(contentType);
    if (match) {
      parsed = { form, version: match[1] };
      break;
    }
  }
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(contentType, parsed);
  return parsed;
}

/** The schema version a contentType names, in any documented form; undefined when it names none. */
export function contentTypeVersion(contentType: string | undefined): string | undefined {
  return parseContentType(contentType).version;
}
