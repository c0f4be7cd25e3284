import { Composer } from 'telegraf';
import type { Core } from '../../core/core.js';
import { DomainError } from '../../core/base/errors.js';
import type { TFunction } from '../../core/i18n/i18n.js';
import type { Redeemed } from '../../core/invites/invites.js';
import { displayName } from '../../core/people/display-name.js';
import type { BotContext } from '../context.js';
import { problemsText } from '../ui/answer.js';
import { mainMenu } from './main-menu.js';

/**
 * `/start` explains how access is issued (or, once signed in, shows the main menu); `/start <code>` (an
 * invite's deep link) signs the user in, makes that binding the current one and shows its menu.
 */
export function start(core: Core) {
  const composer = new Composer<BotContext>();

  composer.start(async (ctx) => {
    const code = ctx.payload.trim();
    if (!code) {
      if (ctx.identity) {
        const { text, markup } = await mainMenu(core, ctx.t, ctx.identity, ctx.miniAppOrigin);
        await ctx.reply(`${ctx.t('bot:start.greeting')}\n\n${text}`, markup);
      } else {
        await ctx.reply(`${ctx.t('bot:start.greeting')}\n\n${ctx.t('bot:start.howToGetAccess')}`);
      }
      return;
    }
    let redeemed: Redeemed;
    try {
      redeemed = await core.invites.redeem(code, ctx.from.id);
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      await ctx.reply(problemsText(ctx.t, err));
      return;
    }
    ctx.identity = await core.botIdentities.chooseBinding(ctx.from.id, redeemed.bindingId);
    if (!ctx.identity) {
      await ctx.reply(greeting(ctx.t, redeemed));
      return;
    }
    const { text, markup } = await mainMenu(core, ctx.t, ctx.identity, ctx.miniAppOrigin);
    await ctx.reply(`${greeting(ctx.t, redeemed)}\n\n${text}`, markup);
  });

  return composer;
}

/** «Здравствуйте, Мария Ивановна! Вы вошли как учитель школы «…».» */
export function greeting(t: TFunction, who: Redeemed): string {
  const name = displayName(who, { kind: who.personKind, form: who.personKind === 'student' ? 'first' : 'address', t });
  const school = who.schoolName;
  let text: string;
  if (who.personKind === 'guardian') {
    text = who.children.length
      ? t('bot:invite.welcomeGuardian', { name, school, children: who.children.join(', ') })
      : t('bot:invite.welcomeGuardianNoChildren', { name, school });
  } else {
    text = t('bot:invite.welcome', { name, school, role: t(`bot:invite.role.${roleOf(who)}`) });
  }
  return [who.alreadyBound ? t('bot:invite.alreadyBound') : undefined, text, t('bot:invite.next')].filter(Boolean).join('\n\n');
}

const STAFF_ROLE_ORDER = ['administrator', 'director', 'deputy', 'inspector', 'teacher'] as const;

function roleOf(who: Redeemed): string {
  if (who.personKind === 'student') return who.sex === 'f' ? 'student_f' : 'student_m';
  const main = STAFF_ROLE_ORDER.find((r) => who.roles.includes(r));
  if (who.classTeacher && (main === undefined || main === 'teacher')) return 'class_teacher';
  return main ?? 'staff';
}
