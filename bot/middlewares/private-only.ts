import type { Middleware } from 'telegraf';
import type { BotContext } from '../context.js';

/**
 * Everything the bot shows is someone's: a journal with children's names, a diary, a menu of a role. It
 * works in private chats only. In a group (or a channel) it says so when it is added and when a command is
 * addressed to it there, answers a button with the same words, and shows nothing; any other update from a
 * group is dropped. Before the identity is read, so a group never gets as far as anyone's data.
 */
export function privateOnly(): Middleware<BotContext> {
  return async (ctx, next) => {
    if (ctx.chat?.type === 'private') return next();
    // A private chat's my_chat_member (the user blocked or unblocked the bot) passed above; inline
    // buttons (no chat) and channels fall through to the refusal as well.
    const notice = () => ctx.t('bot:group.privateOnly', { username: ctx.botInfo.username });
    if (ctx.callbackQuery) {
      await ctx.answerCbQuery(notice(), { show_alert: true });
      return;
    }
    const added = ctx.myChatMember && ['member', 'administrator'].includes(ctx.myChatMember.new_chat_member.status)
      && !['member', 'administrator'].includes(ctx.myChatMember.old_chat_member.status);
    const command = ctx.message && 'text' in ctx.message && ctx.message.entities?.some((e) => e.type === 'bot_command' && e.offset === 0);
    if ((added || command) && ctx.chat && ctx.chat.type !== 'channel') await ctx.reply(notice());
  };
}
