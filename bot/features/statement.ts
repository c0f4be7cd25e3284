import { Composer, Markup } from 'telegraf';
import type { Core } from '../../core/core.js';
import { AccessDenied, NotFound, ValidationFailed } from '../../core/errors.js';
import { describeProblem } from '../../core/i18n/i18n.js';
import { ruDate } from '../../core/time/format.js';
import type { StatementReader } from '../../core/reports/statement-access.js';
import type { BotIdentity } from '../../core/telegram/bot-identity.js';
import { decodeStatement, encodeStatement, statementPattern } from '../callback-data/statement.js';
import type { BotContext } from '../context.js';

/** A guardian or a student reads statements through the bot; staff print them in the panel. */
function readerOf(identity: BotIdentity): StatementReader | undefined {
  if (identity.personKind === 'guardian') return { kind: 'guardian', guardianId: identity.personId };
  if (identity.personKind === 'student') return { kind: 'student', studentId: identity.personId };
  return undefined;
}

/** «Выписка за месяц»: whose statement (the student, or the guardian's active child) and for which month. */
export async function offerStatement(ctx: BotContext): Promise<void> {
  const identity = ctx.identity;
  if (!identity) {
    await ctx.reply(`${ctx.t('bot:menu.notSignedIn')}\n\n${ctx.t('bot:start.howToGetAccess')}`);
    return;
  }
  if (!readerOf(identity)) {
    await ctx.reply(ctx.t('statement:bot.staffUsePanel'));
    return;
  }
  const child = identity.children?.find((c) => c.studentId === identity.activeChildId);
  const student = identity.personKind === 'student' ? { studentId: identity.personId, name: identity.displayName } : child && { studentId: child.studentId, name: child.fullName };
  if (!student) {
    await ctx.reply(ctx.t('statement:bot.noChild'));
    return;
  }
  await ctx.reply(ctx.t('statement:bot.choose', { name: student.name }), Markup.inlineKeyboard([[
    Markup.button.callback(ctx.t('statement:bot.previousMonth'), encodeStatement('previousMonth', student.studentId)),
    Markup.button.callback(ctx.t('statement:bot.thisMonth'), encodeStatement('thisMonth', student.studentId)),
  ]]));
}

/**
 * `/statement` and its buttons (D12): the statement of a month as a PDF document in the reader's language.
 * The core decides whether this reader may read this student's statement; a forged button gets a refusal.
 */
export function statement(core: Core) {
  const composer = new Composer<BotContext>();

  composer.command('statement', (ctx) => offerStatement(ctx));

  composer.action(statementPattern, async (ctx) => {
    const button = 'data' in ctx.callbackQuery ? decodeStatement(ctx.callbackQuery.data) : undefined;
    if (!button) {
      await ctx.answerCbQuery(ctx.t('common:errors.staleButton'));
      return;
    }
    const reader = ctx.identity && readerOf(ctx.identity);
    if (!reader) {
      await ctx.answerCbQuery(ctx.t(ctx.identity ? 'statement:bot.staffUsePanel' : 'bot:menu.notSignedIn'));
      return;
    }
    let made: Awaited<ReturnType<typeof core.statements.pdf>>;
    try {
      made = await core.statements.pdf(button.studentId, reader, { range: button.range, language: ctx.language });
    } catch (err) {
      if (err instanceof AccessDenied || err instanceof NotFound) {
        await ctx.answerCbQuery(ctx.t('statement:bot.denied'), { show_alert: true });
        return;
      }
      if (err instanceof ValidationFailed) {
        await ctx.answerCbQuery(err.problems.map((p) => describeProblem(ctx.t, p)).join(' ').slice(0, 200), { show_alert: true });
        return;
      }
      throw err;
    }
    await ctx.answerCbQuery();
    const { from, to } = made.statement.range;
    await ctx.replyWithDocument({ source: made.file, filename: made.filename }, {
      caption: ctx.t('statement:bot.caption', { name: made.statement.studentName, from: ruDate(from), to: ruDate(to) }),
    });
  });

  return composer;
}
