/**
 * A small XML 1.0 well-formedness checker for the JUnit specs (no XML dependency in the project): one root
 * element, tags nested and closed in order, attributes quoted and not repeated, `&` only in a known entity
 * or character reference, no `<` in text or attribute values, only XML `Char`s. It returns the element
 * tree with entities decoded, so specs can look inside. It handles what our formats write (declaration,
 * elements, attributes, text), and rejects comments, CDATA and DOCTYPE rather than skipping them.
 */

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** The element's own text (not its descendants'), decoded. */
  text: string;
}

const NAME = /^[A-Za-z_:][A-Za-z0-9_:.-]*/;
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(raw: string, where: string): string {
  if (raw.includes('<')) throw new Error(`raw "<" in ${where}`);
  return raw.replace(/&([^;]*);?/g, (match, reference: string) => {
    if (!match.endsWith(';')) throw new Error(`unterminated reference "${match}" in ${where}`);
    const named = ENTITIES[reference];
    if (named !== undefined) return named;
    const numeric = /^#(?:x([0-9A-Fa-f]+)|([0-9]+))$/.exec(reference);
    if (numeric === null) throw new Error(`unknown entity "&${reference};" in ${where}`);
    const codePoint = numeric[1] !== undefined ? parseInt(numeric[1], 16) : parseInt(numeric[2] ?? '', 10);
    const character = String.fromCodePoint(codePoint);
    if (NOT_XML_CHAR.test(character)) throw new Error(`reference to a non-XML character "&${reference};" in ${where}`);
    return character;
  });
}

export function parseWellFormedXml(xml: string): XmlElement {
  const bad = NOT_XML_CHAR.exec(xml);
  if (bad !== null) throw new Error(`character U+${bad[0].codePointAt(0)?.toString(16)} is not allowed in XML 1.0`);
  let position = 0;
  const declaration = /^<\?xml\s[^?]*\?>/.exec(xml);
  if (declaration !== null) position = declaration[0].length;

  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;

  while (position < xml.length) {
    const next = xml.indexOf('<', position);
    const rawText = xml.slice(position, next === -1 ? xml.length : next);
    const text = decode(rawText, 'text');
    const parent = stack[stack.length - 1];
    if (parent !== undefined) parent.text += text;
    else if (text.trim() !== '') throw new Error(`text outside the root element: ${JSON.stringify(text)}`);
    if (next === -1) break;
    position = next;

    if (xml.startsWith('<!', position) || xml.startsWith('<?', position)) {
      throw new Error(`unsupported markup at ${position}: ${xml.slice(position, position + 12)}`);
    }
    if (xml.startsWith('</', position)) {
      const close = /^<\/([A-Za-z_:][A-Za-z0-9_:.-]*)\s*>/.exec(xml.slice(position));
      if (close === null) throw new Error(`malformed closing tag at ${position}`);
      const open = stack.pop();
      if (open === undefined || open.name !== close[1]) {
        throw new Error(`</${close[1]}> closes <${open?.name ?? 'nothing'}> at ${position}`);
      }
      position += close[0].length;
      continue;
    }

    position += 1;
    const name = NAME.exec(xml.slice(position));
    if (name === null) throw new Error(`malformed tag at ${position}`);
    position += name[0].length;
    const element: XmlElement = { name: name[0], attributes: {}, children: [], text: '' };
    for (;;) {
      const whitespace = /^\s*/.exec(xml.slice(position))?.[0] ?? '';
      position += whitespace.length;
      if (xml.startsWith('/>', position) || xml.startsWith('>', position)) break;
      if (whitespace === '') throw new Error(`attributes of <${element.name}> must be separated by whitespace`);
      const attribute = /^([A-Za-z_:][A-Za-z0-9_:.-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/.exec(xml.slice(position));
      if (attribute === null) throw new Error(`malformed attribute in <${element.name}> at ${position}`);
      const attributeName = attribute[1] ?? '';
      if (Object.hasOwn(element.attributes, attributeName)) {
        throw new Error(`attribute ${attributeName} repeated in <${element.name}>`);
      }
      element.attributes[attributeName] = decode(attribute[2] ?? attribute[3] ?? '', `attribute ${attributeName}`);
      position += attribute[0].length;
    }
    const selfClosing = xml.startsWith('/>', position);
    position += selfClosing ? 2 : 1;

    const parentElement = stack[stack.length - 1];
    if (parentElement !== undefined) parentElement.children.push(element);
    else if (root === undefined) root = element;
    else throw new Error(`second root element <${element.name}>`);
    if (!selfClosing) stack.push(element);
  }

  if (stack.length > 0) throw new Error(`unclosed <${stack.map((element) => element.name).join('>, <')}>`);
  if (root === undefined) throw new Error('no root element');
  return root;
}
