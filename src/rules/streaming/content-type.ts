import { CONTENT_TYPE_FORMS } from '../../contract/streaming.js';

/** The schema version a contentType names, in any documented form; undefined when it names none. */
export function contentTypeVersion(contentType: string | undefined): string | undefined {
  if (contentType === undefined) return undefined;
  for (const form of Object.values(CONTENT_TYPE_FORMS)) {
    const match = form.pattern.exec(contentType);
    if (match) return match[1];
  }
  return undefined;
}
