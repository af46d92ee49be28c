/**
 * HTML from a backend (Kore's `htmlText`) reduced to text and a tiny allowlist of inline
 * elements, none of which keeps any attribute.
 *
 * The markup is parsed by `DOMParser` into an inert document (no browsing context: scripts do
 * not run, images and styles do not load), and the result is built from scratch in the
 * current document with `createElement` / `createTextNode`: no parsed node is ever adopted,
 * so nothing the parser produced (attributes, namespaces, event handlers) can come along.
 */

/** The only elements kept, all inline formatting, without attributes. */
export const ALLOWED_ELEMENTS: ReadonlySet<string> = new Set([
  'b',
  'strong',
  'i',
  'em',
  'u',
  'code',
  'br',
  'span',
]);

/** Elements dropped together with their content (their text is code or not meant as text). */
export const DROPPED_ELEMENTS: ReadonlySet<string> = new Set([
  'script',
  'style',
  'template',
  'iframe',
  'object',
  'embed',
  'noscript',
  'noembed',
  'noframes',
  'title',
]);

const HTML_NS = 'http://www.w3.org/1999/xhtml';

/** How many nodes one call copies before giving up on structure and keeping plain text. */
const MAX_NODES = 10_000;

/**
 * `html` as a fragment of text nodes and attribute-less `b strong i em u code br span`
 * elements. Any other element (including everything in SVG or MathML) is unwrapped to its
 * content; `script`, `style`, `template`, `iframe`, `object`, `embed`, `noscript` and the like
 * are dropped with their content, and so are comments. Iterative, so deeply nested markup cannot exhaust the stack.
 */
export function sanitizeHtml(html: string): DocumentFragment {
  const out = document.createDocumentFragment();
  const parsed = new DOMParser().parseFromString(html, 'text/html');
  const root = parsed.body;
  if (!root) return out;

  // Walk the parsed tree depth first; each entry says where the node's copy goes.
  const stack: { node: Node; parent: Node }[] = [];
  for (let child = root.lastChild; child; child = child.previousSibling) {
    stack.push({ node: child, parent: out });
  }
  let produced = 0;
  while (stack.length > 0) {
    const { node, parent } = stack.pop()!;
    if (++produced > MAX_NODES) {
      // Pathological input: keep what is left as plain text.
      parent.appendChild(document.createTextNode(node.textContent ?? ''));
      for (const rest of stack.splice(0).reverse()) {
        rest.parent.appendChild(document.createTextNode(rest.node.textContent ?? ''));
      }
      break;
    }
    if (node.nodeType === Node.TEXT_NODE) {
      parent.appendChild(document.createTextNode(node.nodeValue ?? ''));
      continue;
    }
    if (node.nodeType !== Node.ELEMENT_NODE) continue; // comments, processing instructions
    const element = node as Element;
    const name = element.localName.toLowerCase();
    if (DROPPED_ELEMENTS.has(name)) continue;
    let target = parent;
    if (element.namespaceURI === HTML_NS && ALLOWED_ELEMENTS.has(name)) {
      target = parent.appendChild(document.createElement(name));
    }
    for (let child = element.lastChild; child; child = child.previousSibling) {
      stack.push({ node: child, parent: target });
    }
  }
  return out;
}
