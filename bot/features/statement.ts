import { Composer } from 'telegraf';
import type { Core } from '../../core/core.js';
import { AccessDenied, NotFound, ValidationFailed } from '../../core/base/errors.js';
import { ruDate } from '../../core/time/format.js';
import type { Actor } from '../../core/access/actor.js';
import type { BotIdentity } from '../../core/telegram/bot-identity.js';
import { encodeStatement, statementData } from '../callback-data/statement.js';
import type { BotContext } from '../context.js';
import { answer, notSignedInText, problemsText } from '../ui/answer.js';
import { button } from '../ui/keyboard.js';
import { onButton } from '../ui/on-button.js';
import { show } from '../ui/screen.js';
import { studentName } from '../../core/people/display-name.js';

/** A guardian or a student reads statements through the bot; staff print them in the panel. */
function readerOf(identity: BotIdentity): Actor | undefined {
  return identity.actor.kind === 'guardian' || identity.actor.kind === 'student' ? identity.actor : undefined;
}

/** «Выписка за месяц»: whose statement (the student, or the guardian's active child) and for which month. */
export async function offerStatement(ctx: BotContext): Promise<void> {
  const identity = ctx.identity;
  if (!identity) {
    await ctx.reply(notSignedInText(ctx.t));
    return;
  }
  if (!readerOf(identity)) {
    await ctx.reply(ctx.t('statement:bot.staffUsePanel'));
    return;
  }
  const child = identity.children?.find((c) => c.studentId === identity.activeChildId);
  const student = identity.personKind === 'student' ? { studentId: identity.personId, name: identity.displayName } : child && { studentId: child.studentId, name: studentName(child.name, 'lastFirst', ctx.t) };
  if (!student) {
    await ctx.reply(ctx.t('statement:bot.noChild'));
    return;
  }
  await show(ctx, {
    text: ctx.t('statement:bot.choose', { name: student.name }),
    keyboard: [[
      button(ctx.t('statement:bot.previousMonth'), encodeStatement('previousMonth', student.studentId)),
      button(ctx.t('statement:bot.thisMonth'), encodeStatement('thisMonth', student.studentId)),
    ]],
  }, 'new');
}

/**
 * `/statement` and its buttons (D12): the statement of a month as a PDF document in the reader's language.
 * The core decides whether this reader may read this student's statement; a forged button gets a refusal.
 */
export function statement(core: Core) {
  const composer = new Composer<BotContext>();

  composer.command('statement', (ctx) => offerStatement(ctx));

  onButton(composer, statementData, async (ctx, button) => {
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
        await answer(ctx, ctx.t('statement:bot.denied'), { alert: true });
        return;
      }
      if (err instanceof ValidationFailed) {
        await answer(ctx, problemsText(ctx.t, err).replaceAll('\n', ' '), { alert: true });
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
