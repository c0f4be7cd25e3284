// Who the account acts as, and the main menu. The ids in them are only a wish: the server checks them.
import { defineCallbackData, int, oneOf } from './define.js';

/** Act through one of the account's bindings. */
export const roleChoice = defineCallbackData('role1', { bindingId: int({ min: 1 }) });
/** A guardian looks at one of its children. */
export const childChoice = defineCallbackData('child1', { studentId: int({ min: 1 }) });

/** The main menu's entry points. */
export const MENU_ITEMS = ['today', 'journal', 'myClass', 'marks', 'homework', 'schedule', 'role', 'child', 'statement', 'diary', 'notifications', 'daySummary'] as const;
export type MenuItem = (typeof MENU_ITEMS)[number];

export const menuItem = defineCallbackData('menu1', { item: oneOf(MENU_ITEMS) });
