import type { MikroORM } from '@mikro-orm/postgresql';
import { createLogger } from '../../core/base/logger.js';
import { createCore } from '../../core/core.js';
import { TelegramAccount } from '../../core/telegram/telegram-account.entity.js';
import { TelegramBinding } from '../../core/telegram/telegram-binding.entity.js';
import { fixedClock } from '../../core/time/clock.js';
import { generateToken, signWebAppData } from '../../telegram-emulator/index.js';
import { benchConfig, benchTempDir, openBenchDatabase, type Cleanup } from './bench-database.js';

/** The Mini App benches' core: a fresh database, a bot token of its own, the clock stopped at `now`. */
export async function openMiniAppCore(now: Date, cleanups: Cleanup[]) {
  const log = createLogger('warn');
  const token = generateToken();
  const config = benchConfig(await benchTempDir(cleanups), { TELEGRAM_BOT_TOKEN: token });
  const { orm, embedded } = await openBenchDatabase(config, log, cleanups);
  const core = await createCore(config, orm, log, fixedClock(now));
  return { core, orm, embedded, token };
}

/**
 * The teacher's Telegram account, bound since the start of the year, and the initData Telegram would hand
 * the Mini App a minute before `now`.
 */
export async function signedInTeacher(orm: MikroORM, token: string, now: Date, telegramId: number, school: number, teacher: number): Promise<string> {
  const em = orm.em.fork();
  em.create(TelegramAccount, { id: telegramId, language: 'ru' });
  em.create(TelegramBinding, { telegramAccount: telegramId, school, personKind: 'staff', personId: teacher, createdAt: new Date('2026-09-01T00:00:00Z') });
  await em.flush();
  return signWebAppData(token, {
    query_id: 'AAHbench', user: JSON.stringify({ id: telegramId, first_name: 'Мария', language_code: 'ru' }), auth_date: String(Math.floor(now.getTime() / 1000) - 60),
  });
}
