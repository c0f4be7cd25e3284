import { Composer, Markup } from 'telegraf';
import type { InlineKeyboardButton } from 'telegraf/types';
import type { Core } from '../../core/core.js';
import type { TFunction } from '../../core/i18n/i18n.js';
import { PANEL_SIGN_IN_PATH, SIGN_IN_LINK_TTL_MS, type LinkIssue } from '../../core/panel/sign-in-links.js';
import type { BotIdentity } from '../../core/telegram/bot-identity.js';
import { panelLinkButton } from '../callback-data/panel-link.js';
import type { BotContext } from '../context.js';
import { button } from '../ui/keyboard.js';
import { onButton } from '../ui/on-button.js';

export interface PanelLinkOptions {
  /** Where browsers reach this server (scheme, host, port): PUBLIC_URL, or the local address it listens at. */
  panelOrigin?: () => string | undefined;
}

/** «Панель управления» in the main menu of whom core offers it (SignInLinks.offeredTo), or nothing. */
export async function panelLinkRows(core: Core, t: TFunction, identity: BotIdentity): Promise<InlineKeyboardButton[][]> {
  if (!(await core.signInLinks.offeredTo(identity.actor))) return [];
  return [[button(t('bot:menu.button.panel'), panelLinkButton.encode({ ask: 'link' }))]];
}

/**
 * The button's answer: a one-time sign-in link (core/panel/sign-in-links.ts checks who may have one, and
 * how many), or why not. The link is a URL button where Telegram takes it (https, or the sandbox's
 * emulator) and is in the text as well; no preview is asked for (a preview would not use it up anyway).
 */
export function panelLink(core: Core, options: PanelLinkOptions = {}) {
  const composer = new Composer<BotContext>();
  const origin = () => options.panelOrigin?.() ?? core.config.publicUrl ?? `http://localhost:${core.config.http.port}`;

  const reply = async (ctx: BotContext, issued: LinkIssue) => {
    switch (issued.outcome) {
      case 'issued': {
        const url = `${origin()}${PANEL_SIGN_IN_PATH}/${issued.token}`;
        const text = ctx.t('bot:panel.link', { url, duration: ctx.t('minutes', { count: SIGN_IN_LINK_TTL_MS / 60_000 }) });
        const buttonTaken = url.startsWith('https://') || core.config.telegram.apiRoot !== undefined;
        await ctx.reply(text, {
          link_preview_options: { is_disabled: true },
          ...(buttonTaken ? Markup.inlineKeyboard([[Markup.button.url(ctx.t('bot:panel.open'), url)]]) : {}),
        });
        return;
      }
      case 'tooMany':
        await ctx.reply(ctx.t('bot:panel.tooMany', { count: Math.max(1, Math.ceil(issued.retryAfterMs / 60_000)) }));
        return;
      case 'noAccount':
      case 'disabled':
      case 'notStaff':
        await ctx.reply(ctx.t(`bot:panel.${issued.outcome}`));
        return;
    }
  };

  onButton(composer, panelLinkButton, async (ctx) => {
    if (!ctx.identity) {
      await ctx.answerCbQuery(ctx.t('bot:menu.notSignedIn'));
      return;
    }
    await ctx.answerCbQuery();
    const issued = await core.signInLinks.issue(ctx.from.id, ctx.identity.bindingId);
    // The link opens nothing until the update's transaction has committed it: sent only then.
    ctx.afterCommit(() => reply(ctx, issued));
  });

  return composer;
}
