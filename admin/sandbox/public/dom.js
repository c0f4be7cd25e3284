// Small DOM helpers of the sandbox chat: elements are built node by node, text always as text.

export const $ = (id) => document.getElementById(id);

export function el(tag, options = {}, children = []) {
  const node = document.createElement(tag);
  if (options.className) node.className = options.className;
  if (options.text !== undefined) node.textContent = options.text;
  for (const [name, value] of Object.entries(options.attrs ?? {})) if (value !== undefined) node.setAttribute(name, String(value));
  for (const child of children) if (child) node.append(child);
  return node;
}

export async function api(path, body) {
  const res = await fetch(`/sandbox${path}`, body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const data = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(data.error || res.statusText);
  return data;
}
