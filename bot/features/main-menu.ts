import { Markup } from 'telegraf';
import type { InlineKeyboardButton } from 'telegraf/types';
import type { Core } from '../../core/core.js';
import type { TFunction } from '../../core/i18n/i18n.js';
import type { BindingOption, BotChild, BotIdentity } from '../../core/telegram/bot-identity.js';
import { childChoice, menuItem, roleChoice, type MenuItem } from '../callback-data/identity.js';
import type { BotContext } from '../context.js';
import { notSignedInText } from '../ui/answer.js';
import { button } from '../ui/keyboard.js';
import { show } from '../ui/screen.js';
import { offersDaySummary } from './day-summary.js';
import { messagesMenuRows } from './messages/index.js';
import { panelLinkRows } from './panel-link.js';
import { studentName } from '../../core/people/display-name.js';
import { JOURNAL_GRID_PATH } from '../../core/journal-view/journal-grid.js';

/** «Учитель — Школа № 17». */
export const optionLabel = (t: TFunction, option: Pick<BindingOption, 'mainRole' | 'schoolName'>) =>
  t('bot:identity.option', { role: t(`bot:identity.role.${option.mainRole}`), school: option.schoolName });

/** «Алексеев Пётр, 7А». */
export const childLabel = (t: TFunction, child: BotChild) => {
  const name = studentName(child.name, 'lastFirst', t);
  return child.group ? t('bot:identity.child', { name, group: child.group }) : name;
};

/**
 * The main menu of the current role: its entry points as inline buttons. The flows behind most of them
 * come later; until then a button answers «Этот раздел скоро появится».
 */
export async function mainMenu(core: Core, t: TFunction, identity: BotIdentity, miniAppOrigin?: string) {
  const roles = new Set(identity.roles);
  const item = (key: MenuItem) => button(t(`bot:menu.button.${key}`), menuItem.encode({ item: key }));
  const rows: InlineKeyboardButton[][] = [];
  const lines = [t('bot:menu.title', { name: identity.displayName, option: optionLabel(t, identity) })];

  if (roles.has('teacher') || roles.has('class_teacher')) rows.push([item('today'), item('journal')]);
  if (roles.has('class_teacher')) rows.push([item('myClass')]);
  if (roles.has('student')) rows.push([item('marks'), item('homework')], [item('schedule'), item('diary')]);
  if (roles.has('guardian')) {
    const child = identity.children?.find((c) => c.studentId === identity.activeChildId);
    if (child) {
      lines.push(t('bot:menu.child', { child: childLabel(t, child) }));
      rows.push([item('marks'), item('homework')], [item('schedule'), item('diary')]);
    } else {
      lines.push(t('bot:menu.noChildren'));
    }
    if ((identity.children?.length ?? 0) > 1) rows.push([item('child')]);
  }
  // «Выписка за месяц» (D12): the student's own, or the guardian's active child's.
  if (roles.has('student') || (roles.has('guardian') && identity.activeChildId !== undefined)) rows.push([item('statement')]);
  // D10: what the guardian or student is notified of, and when not.
  if (roles.has('student') || roles.has('guardian')) rows.push([item('notifications')]);
  rows.push(...messagesMenuRows(t, identity));
  // The journal grid for those who read classes they do not teach (heads, class teachers); teachers open theirs
  // from «Журнал» → class and subject. A web_app button, where Telegram can open one.
  if (miniAppOrigin && (['director', 'deputy', 'inspector', 'administrator', 'class_teacher'] as const).some((r) => roles.has(r))) {
    rows.push([{ text: t('bot:menu.button.journalGrid'), web_app: { url: `${miniAppOrigin}${JOURNAL_GRID_PATH}` } }]);
  }
  // «Сводка дня»: the school's day for its heads, a class's for its class teacher.
  if (offersDaySummary(identity)) rows.push([item('daySummary')]);
  // «Панель управления»: a one-time sign-in link (panel-link.ts).
  rows.push(...(await panelLinkRows(core, t, identity)));
  if (identity.options.length > 1) rows.push([item('role')]);
  if (rows.length) lines.push(t('bot:menu.choose'));
  return { text: lines.join('\n\n'), markup: rows.length ? Markup.inlineKeyboard(rows) : undefined };
}

/** The account's bindings to choose from, or why there is nothing to choose. */
export async function offerRoles(ctx: BotContext): Promise<void> {
  const identity = ctx.identity;
  if (!identity) {
    await ctx.reply(notSignedInText(ctx.t));
    return;
  }
  if (identity.options.length < 2) {
    await ctx.reply(ctx.t('bot:role.single', { option: optionLabel(ctx.t, identity) }));
    return;
  }
  const keyboard = identity.options.map((o) => {
    const label = optionLabel(ctx.t, o);
    return [button(o.bindingId === identity.bindingId ? `✓ ${label}` : label, roleChoice.encode({ bindingId: o.bindingId }))];
  });
  await show(ctx, { text: ctx.t('bot:role.prompt'), keyboard }, 'new');
}

/** A guardian's children to choose from, or why there is nothing to choose. */
export async function offerChildren(ctx: BotContext): Promise<void> {
  const identity = ctx.identity;
  if (!identity) {
    await ctx.reply(notSignedInText(ctx.t));
    return;
  }
  const children = identity.children;
  if (!children) {
    await ctx.reply(ctx.t('bot:child.notGuardian'));
    return;
  }
  if (children.length === 0) {
    await ctx.reply(ctx.t('bot:menu.noChildren'));
    return;
  }
  if (children.length === 1) {
    await ctx.reply(ctx.t('bot:child.single', { child: childLabel(ctx.t, children[0]!) }));
    return;
  }
  const keyboard = children.map((c) => {
    const label = childLabel(ctx.t, c);
    return [button(c.studentId === identity.activeChildId ? `✓ ${label}` : label, childChoice.encode({ studentId: c.studentId }))];
  });
  await show(ctx, { text: ctx.t('bot:child.prompt'), keyboard }, 'new');
}
