/**
 * Escaping for the HTML report: every text from a run goes through `text()` (element content) or `attr()`
 * (a quoted attribute value) before it reaches the page; nothing from a run is ever written as markup.
 */

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** `&`, `<`, `>`, `"` and `'` as entities: safe in element content and in a quoted attribute alike. */
export function escapeHtml(value: string | number): string {
  return String(value).replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/** A link's address when it is a web address (http or https); anything else (`javascript:`, `data:`) is dropped. */
export function safeUrl(url: string): string | null {
  return /^https?:\/\/[^\s"'<>]+$/i.test(url) ? url : null;
}

/** A link to a documentation page, or the address as text when it is not a web address. */
export function docLink(url: string, label = url): string {
  const safe = safeUrl(url);
  return safe === null ? escapeHtml(label) : `<a class="doc" href="${escapeHtml(safe)}" rel="noreferrer">${escapeHtml(label)}</a>`;
}

/** A token usable in a `data-` attribute and a CSS class: lower-case letters, digits and dashes. */
export function token(value: string): string {
  return value.toLowerCase().replace(/[^a-z0-9-]+/g, '-');
}
