// Versioned and short (C10: at most 64 bytes). The ids in them are only a wish: the server checks them.

const ROLE = /^role1:(\d{1,12})$/;
const CHILD = /^child1:(\d{1,12})$/;

export const encodeRoleChoice = (bindingId: number) => `role1:${bindingId}`;
export const encodeChildChoice = (studentId: number) => `child1:${studentId}`;

const decodeId = (pattern: RegExp, data: string): number | undefined => {
  const id = Number(pattern.exec(data)?.[1]);
  return Number.isSafeInteger(id) && id > 0 ? id : undefined;
};

export const decodeRoleChoice = (data: string) => decodeId(ROLE, data);
export const decodeChildChoice = (data: string) => decodeId(CHILD, data);

export const roleChoicePattern = /^role1:/;
export const childChoicePattern = /^child1:/;

/** The main menu's entry points. */
export const MENU_ITEMS = ['today', 'journal', 'myClass', 'marks', 'homework', 'schedule', 'role', 'child', 'statement', 'diary', 'notifications'] as const;
export type MenuItem = (typeof MENU_ITEMS)[number];

export const encodeMenuItem = (item: MenuItem) => `menu1:${item}`;

export function decodeMenuItem(data: string): MenuItem | undefined {
  const item = data.startsWith('menu1:') ? data.slice('menu1:'.length) : undefined;
  return MENU_ITEMS.find((i) => i === item);
}

export const menuItemPattern = /^menu1:/;
