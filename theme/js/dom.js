// Building page elements from data: attributes set one by one and text added as text nodes,
// so nothing from the index or the page is ever parsed as HTML.

/** A new element with these attributes and children (nodes or strings). */
export function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}
