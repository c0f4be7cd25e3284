import { describe, expect, it } from 'vitest';
import { checkInitData } from '../../core/telegram/web-app-init-data.js';
import { signWebAppData } from '../../telegram-emulator/index.js';

// Signed by the emulator's own implementation of Telegram's algorithm, checked by the server's.
const TOKEN = '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';
const OTHER_BOT = '987654321:AAGzZzZzZzZzZzZzZzZzZzZzZzZzZzZzZzZ';
const NOW = new Date('2026-10-20T09:00:00Z');
const seconds = (d: Date) => String(Math.floor(d.getTime() / 1000));
const user = JSON.stringify({ id: 4242, first_name: 'Мария', last_name: 'Учителева', language_code: 'ru', allows_write_to_pm: true });
const fields = (over: Record<string, string> = {}) => ({ query_id: 'AAHdF6IQAAAAAN0XohDhrOrc', user, auth_date: seconds(new Date(NOW.getTime() - 60_000)), ...over });

describe('initData of a Mini App launch (Telegram: "Validating data received via the Mini App")', () => {
  it('accepts what Telegram signed with this bot\'s token, and reads the user and the launch', () => {
    const check = checkInitData(signWebAppData(TOKEN, fields()), TOKEN, NOW);
    expect(check).toMatchObject({ ok: true, data: { user: { id: 4242, languageCode: 'ru' }, queryId: 'AAHdF6IQAAAAAN0XohDhrOrc', authDate: Number(fields().auth_date) } });
  });

  it('accepts the fields in any order and with characters that need escaping (the check is over sorted, decoded lines)', () => {
    const signed = new URLSearchParams(signWebAppData(TOKEN, fields({ start_param: 'a&b=c ё' })));
    const shuffled = new URLSearchParams([...signed].reverse()).toString();
    expect(checkInitData(shuffled, TOKEN, NOW).ok).toBe(true);
  });

  it('refuses a forged hash, a changed field, a hash moved to another launch, and a missing or malformed hash', () => {
    const good = new URLSearchParams(signWebAppData(TOKEN, fields()));
    const forged = new URLSearchParams(good);
    forged.set('hash', 'a'.repeat(64));
    expect(checkInitData(forged.toString(), TOKEN, NOW)).toEqual({ ok: false, fault: 'signature' });

    const otherUser = new URLSearchParams(good);
    otherUser.set('user', JSON.stringify({ id: 1, first_name: 'Директор' }));
    expect(checkInitData(otherUser.toString(), TOKEN, NOW)).toEqual({ ok: false, fault: 'signature' });

    const another = new URLSearchParams(signWebAppData(TOKEN, fields({ query_id: 'another' })));
    another.set('hash', good.get('hash')!);
    expect(checkInitData(another.toString(), TOKEN, NOW)).toEqual({ ok: false, fault: 'signature' });

    const added = new URLSearchParams(good);
    added.set('chat_type', 'group');
    expect(checkInitData(added.toString(), TOKEN, NOW)).toEqual({ ok: false, fault: 'signature' });

    const bare = new URLSearchParams(good);
    bare.delete('hash');
    expect(checkInitData(bare.toString(), TOKEN, NOW)).toEqual({ ok: false, fault: 'malformed' });
    expect(checkInitData(`${good.toString()}&hash=${good.get('hash')}`, TOKEN, NOW)).toEqual({ ok: false, fault: 'malformed' });
    expect(checkInitData('', TOKEN, NOW)).toEqual({ ok: false, fault: 'malformed' });
    expect(checkInitData('hash=XYZ', TOKEN, NOW)).toEqual({ ok: false, fault: 'malformed' });
  });

  it('refuses what another bot\'s token signed', () => {
    expect(checkInitData(signWebAppData(OTHER_BOT, fields()), TOKEN, NOW)).toEqual({ ok: false, fault: 'signature' });
  });

  it('refuses initData older than an hour, and from the future beyond a minute of clock skew', () => {
    const at = (ms: number) => signWebAppData(TOKEN, fields({ auth_date: seconds(new Date(NOW.getTime() + ms)) }));
    expect(checkInitData(at(-3600_000), TOKEN, NOW).ok).toBe(true);
    expect(checkInitData(at(-3601_000), TOKEN, NOW)).toEqual({ ok: false, fault: 'expired' });
    expect(checkInitData(at(-86_400_000), TOKEN, NOW)).toEqual({ ok: false, fault: 'expired' });
    expect(checkInitData(at(30_000), TOKEN, NOW).ok).toBe(true);
    expect(checkInitData(at(120_000), TOKEN, NOW)).toEqual({ ok: false, fault: 'future' });
    expect(checkInitData(signWebAppData(TOKEN, fields({ auth_date: 'yesterday' })), TOKEN, NOW)).toEqual({ ok: false, fault: 'malformed' });
  });

  it('refuses signed initData that names no user (a launch from an inline query of a chat, or a malformed user)', () => {
    const { user: _none, ...withoutUser } = fields();
    expect(checkInitData(signWebAppData(TOKEN, withoutUser), TOKEN, NOW)).toEqual({ ok: false, fault: 'noUser' });
    expect(checkInitData(signWebAppData(TOKEN, fields({ user: '{"id":"42"}' })), TOKEN, NOW)).toEqual({ ok: false, fault: 'noUser' });
    expect(checkInitData(signWebAppData(TOKEN, fields({ user: 'not json' })), TOKEN, NOW)).toEqual({ ok: false, fault: 'noUser' });
  });
});
