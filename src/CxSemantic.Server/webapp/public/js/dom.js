// Small DOM helpers: elements are built node by node (never from HTML strings), so API text cannot inject markup.

/** Creates an element: el('a', { href: '/x', class: 'c' }, 'text', child…). Attributes starting with "on" become listeners. */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) node.addEventListener(name.slice(2).toLowerCase(), value);
    else if (name === 'dataset') Object.assign(node.dataset, value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces an element's content. */
export function replace(node, ...children) {
  node.replaceChildren();
  append(node, children);
}

/** Announces a short message to screen readers through the page's polite live region. */
export function announce(text) {
  const region = document.getElementById('announcer');
  if (region) region.textContent = text;
}

/** A refusal or error box: the code and the server's message, which says how to fix the query. */
export function refusal(errors, title = 'The server refused this query') {
  return el('div', { class: 'refusal', role: 'alert' },
    el('strong', {}, title),
    el('ul', {}, errors.map((e) => el('li', {},
      el('code', { class: 'code' }, e.extensions?.code ?? 'ERROR'), ' ',
      el('span', { class: 'message' }, e.message)))));
}
