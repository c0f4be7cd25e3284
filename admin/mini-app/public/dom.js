// Small DOM helpers: elements are built node by node, text always as text (names and topics are people's input).

export const $ = (id) => document.getElementById(id);

export function el(tag, options = {}, children = []) {
  const node = document.createElement(tag);
  if (options.className) node.className = options.className;
  if (options.text !== undefined) node.textContent = options.text;
  for (const [name, value] of Object.entries(options.attrs ?? {})) if (value !== undefined && value !== false) node.setAttribute(name, value === true ? '' : String(value));
  for (const [name, value] of Object.entries(options.data ?? {})) node.dataset[name] = String(value);
  if (options.on) for (const [event, listener] of Object.entries(options.on)) node.addEventListener(event, listener);
  for (const child of children) if (child !== null && child !== undefined && child !== false) node.append(child);
  return node;
}

/** «12.10» from 2026-10-12. */
export const shortDate = (iso) => `${iso.slice(8, 10)}.${iso.slice(5, 7)}`;

/** 4,25 in Russian, 4.25 in English. */
export const decimal = (n, language) => n.toLocaleString(language === 'ru' ? 'ru-RU' : 'en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
