/**
 * Markdown rendered as GitHub and GitLab would (markdown-it, CommonMark, tables, raw HTML allowed, as in a
 * comment), and the HTML elements the rendering holds: a report's Markdown must give only the elements
 * Markdown itself makes, never one written in the run's text.
 */
import MarkdownIt from 'markdown-it';

const md = new MarkdownIt({ html: true, linkify: false });

export function renderMarkdown(text: string): string {
  return md.render(text);
}

/** The elements Markdown produces from this project's reports; anything else came in raw. */
const MARKDOWN_ELEMENTS = new Set(['h1', 'h2', 'h3', 'p', 'strong', 'em', 'code', 'pre', 'ul', 'li', 'a', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'br', 'hr', 'details', 'summary', 'blockquote', 'ol']);

/** Every element name the HTML opens. */
export function elementsIn(html: string): string[] {
  return [...html.matchAll(/<([A-Za-z][A-Za-z0-9-]*)/g)].map((m) => m[1]!.toLowerCase());
}

/** Elements that Markdown does not make: raw HTML let through from the run's text. */
export function rawElements(html: string, allowed: ReadonlySet<string> = MARKDOWN_ELEMENTS): string[] {
  return elementsIn(html).filter((name) => !allowed.has(name));
}

/** The text of every `<pre><code>` block, entities decoded. */
export function codeBlocksIn(html: string): string[] {
  return [...html.matchAll(/<pre><code[^>]*>([\s\S]*?)<\/code><\/pre>/g)].map((m) =>
    m[1]!.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&'),
  );
}
