import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../access/actor.js';
import { NotSignedIn } from '../base/errors.js';
import { DEFAULT_LANGUAGE, LANGUAGES, type Language } from '../i18n/languages.js';
import type { Clock } from '../time/clock.js';
import type { BotIdentities, MainRole } from './bot-identity.js';
import { TelegramAccount } from './telegram-account.entity.js';
import { TelegramBinding } from './telegram-binding.entity.js';
import { checkInitData } from './web-app-init-data.js';

/** Who opened the Mini App, as the server established it from initData: the bot's identity, nothing the client said. */
export interface WebAppIdentity {
  telegramId: number;
  bindingId: number;
  actor: Actor;
  displayName: string;
  mainRole: MainRole;
  /** The language the user chose in the bot, else its Telegram app's, else Russian. */
  language: Language;
}

/**
 * The Mini App's sign-in (issue 19, point 2), on every request: initData signed with this bot's token, no older
 * than an hour, of a Telegram account with a binding in force; it then acts as the bot would on an update from
 * that account (BotIdentities: the binding chosen, read fresh, so a revoked binding or a role taken away takes
 * effect at once).
 *
 * Replayed initData: a launch's initData is a bearer token for its hour, sent with every request of the launch,
 * so seeing it again is normal. What it must not outlive is the binding it was signed for. initData signed
 * before the binding it would act through came into force is refused (the account was unbound and bound again,
 * say after a leaked phone was reported: what was captured before does not work for the new binding), and
 * initData of an account whose bindings were all revoked proves no one.
 */
export class WebAppSignIn {
  constructor(
    private readonly em: () => EntityManager,
    private readonly clock: Clock,
    private readonly identities: BotIdentities,
    private readonly botToken: string | undefined,
  ) {}

  async identify(initData: string): Promise<WebAppIdentity> {
    if (!this.botToken) throw new NotSignedIn('noBot');
    const check = checkInitData(initData, this.botToken, this.clock.now());
    if (!check.ok) throw new NotSignedIn(check.fault);
    const { user, authDate } = check.data;
    const identity = await this.identities.current(user.id);
    if (!identity) throw new NotSignedIn('unbound');
    const em = this.em();
    const [binding, account] = await Promise.all([
      em.findOneOrFail(TelegramBinding, identity.bindingId, { fields: ['createdAt'] }),
      em.findOneOrFail(TelegramAccount, user.id, { fields: ['language', 'languageChosen'] }),
    ]);
    if (authDate < Math.floor(binding.createdAt.getTime() / 1000)) throw new NotSignedIn('beforeBinding');
    return {
      telegramId: user.id,
      bindingId: identity.bindingId,
      // The bot's person and rights, but its changes and reads say they came from the Mini App.
      actor: { ...identity.actor, source: 'miniApp' },
      displayName: identity.displayName,
      mainRole: identity.mainRole,
      language: account.languageChosen ? account.language : languageOf(user.languageCode),
    };
  }
}

const languageOf = (code: string | undefined): Language => {
  const base = code?.slice(0, 2).toLowerCase();
  return (LANGUAGES as readonly string[]).includes(base ?? '') ? (base as Language) : DEFAULT_LANGUAGE;
};
