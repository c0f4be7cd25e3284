import { Composer } from 'telegraf';
import type { Core } from '../../core/core.js';
import { AccessDenied } from '../../core/base/errors.js';
import type { TFunction } from '../../core/i18n/i18n.js';
import { QUIET_CHOICES, type PreferenceView } from '../../core/notifications/preferences.js';
import { NO_QUIET_HOURS, type QuietHours } from '../../core/notifications/quiet-hours.js';
import { encodeNotify, notifyButtons } from '../callback-data/notify.js';
import type { BotContext } from '../context.js';
import { answerStale, notSignedInText } from '../ui/answer.js';
import { button, rows } from '../ui/keyboard.js';
import { onButton } from '../ui/on-button.js';
import { show, type Screen } from '../ui/screen.js';

/**
 * /notifications and the menu's «Уведомления» (D10): a guardian or a student switches each kind on or off
 * and picks quiet hours. The settings belong to the Telegram account; the core refuses an account bound
 * as neither, whatever button it sends.
 */
export function notifications(core: Core) {
  const composer = new Composer<BotContext>();

  composer.command('notifications', (ctx) => openNotifications(ctx, core));

  onButton(composer, notifyButtons, async (ctx, button) => {
    const prefs = core.notificationPreferences;
    const telegramId = ctx.from.id;
    try {
      if (button.op === 'view') await show(ctx, settingsScreen(ctx.t, await prefs.view(telegramId)));
      else if (button.op === 'quietMenu') await show(ctx, quietScreen(ctx.t, await prefs.view(telegramId)));
      else if (button.op === 'toggle') await show(ctx, settingsScreen(ctx.t, await prefs.toggle(telegramId, button.kind)));
      else {
        const choice = button.choice === 'school' ? null : QUIET_CHOICES[button.choice];
        if (choice === undefined) {
          await answerStale(ctx);
          return;
        }
        await show(ctx, settingsScreen(ctx.t, await prefs.setQuietHours(telegramId, choice)));
      }
    } catch (err) {
      if (!(err instanceof AccessDenied)) throw err;
      await ctx.answerCbQuery(ctx.t('notify:settings.notAvailable'));
      return;
    }
    await ctx.answerCbQuery(button.op === 'toggle' || button.op === 'quiet' ? ctx.t('notify:settings.saved') : undefined);
  });

  // The user blocked the bot: stop sending at once rather than at the next 403 (writing again unblocks, see TelegramAccounts.touch).
  composer.on('my_chat_member', async (ctx, next) => {
    if (ctx.chat.type === 'private' && ctx.myChatMember.new_chat_member.status === 'kicked') {
      await core.notificationPreferences.botBlocked(ctx.myChatMember.from.id, core.clock.now());
    }
    return next();
  });

  return composer;
}

/** The settings as a new message (the command, the menu's button). */
export async function openNotifications(ctx: BotContext, core: Core): Promise<void> {
  if (!ctx.identity || !ctx.from) {
    await ctx.reply(notSignedInText(ctx.t));
    return;
  }
  try {
    await show(ctx, settingsScreen(ctx.t, await core.notificationPreferences.view(ctx.from.id)), 'new');
  } catch (err) {
    if (!(err instanceof AccessDenied)) throw err;
    await ctx.reply(ctx.t('notify:settings.notAvailable'));
  }
}

function settingsScreen(t: TFunction, view: PreferenceView): Screen {
  const kinds = view.kinds.map(({ kind, on }) => button(`${on ? '✅' : '❌'} ${t(`notify:settings.kind.${kind}`)}`, encodeNotify({ op: 'toggle', kind })));
  return {
    text: [t('notify:settings.title'), t('notify:settings.intro'), t('notify:settings.quiet', { value: quietLabel(t, view.quietHours, view.schoolQuietHours) })].join('\n\n'),
    keyboard: [...rows(kinds, 2), [button(t('notify:settings.quietButton'), encodeNotify({ op: 'quietMenu' }))]],
  };
}

function quietScreen(t: TFunction, view: PreferenceView): Screen {
  const current = view.quietHours;
  const same = (a: QuietHours | null, b: QuietHours | null) => (a === null ? b === null : b !== null && a.start === b.start && a.end === b.end);
  const option = (label: string, value: QuietHours | null, choice: 'school' | number) =>
    [button(same(current, value) ? `✓ ${label}` : label, encodeNotify({ op: 'quiet', choice }))];
  return {
    text: `${t('notify:settings.quietPrompt')}\n\n${t('notify:settings.quiet', { value: quietLabel(t, current, view.schoolQuietHours) })}`,
    keyboard: [
      option(quietLabel(t, null, view.schoolQuietHours), null, 'school'),
      ...QUIET_CHOICES.map((q, i) => option(quietLabel(t, q, view.schoolQuietHours), q, i)),
      [button(t('notify:settings.back'), encodeNotify({ op: 'view' }))],
    ],
  };
}

function quietLabel(t: TFunction, quiet: QuietHours | null, school: QuietHours): string {
  if (quiet === null) return t('notify:settings.quietSchool', { start: school.start, end: school.end });
  if (quiet.start === NO_QUIET_HOURS.start && quiet.end === NO_QUIET_HOURS.end) return t('notify:settings.quietOff');
  return t('notify:settings.quietRange', { start: quiet.start, end: quiet.end });
}
