import { createHmac, randomBytes } from 'node:crypto';
import type { ChatUser } from './chats.js';

/** What a Telegram client hands a Mini App about its colours (a subset of ThemeParams). */
export interface ThemeParams {
  bg_color?: string;
  text_color?: string;
  hint_color?: string;
  link_color?: string;
  button_color?: string;
  button_text_color?: string;
  secondary_bg_color?: string;
}

/** Telegram's default light theme, as its apps send it. */
export const LIGHT_THEME: ThemeParams = {
  bg_color: '#ffffff', text_color: '#000000', hint_color: '#999999', link_color: '#2481cc',
  button_color: '#2481cc', button_text_color: '#ffffff', secondary_bg_color: '#efeff3',
};

export const DARK_THEME: ThemeParams = {
  bg_color: '#212121', text_color: '#ffffff', hint_color: '#aaaaaa', link_color: '#8774e1',
  button_color: '#8774e1', button_text_color: '#ffffff', secondary_bg_color: '#181818',
};

/**
 * initData as Telegram's servers sign it for a Mini App launch ("Validating data received via the Mini
 * App"): the fields, plus `hash` = HMAC-SHA-256 of the sorted `name=value` lines under the key
 * HMAC-SHA-256("WebAppData", token). Written here on its own (the emulator imports nothing of core/), so a
 * test that signs with it checks the server's verification against a second implementation.
 */
export function signWebAppData(token: string, fields: Record<string, string>): string {
  const secret = createHmac('sha256', 'WebAppData').update(token).digest();
  const lines = Object.keys(fields).sort().map((name) => `${name}=${fields[name]}`).join('\n');
  const hash = createHmac('sha256', secret).update(lines).digest('hex');
  return new URLSearchParams({ ...fields, hash }).toString();
}

export interface WebAppLaunchOptions {
  /** When Telegram signed it (default: now). */
  authDate?: Date;
  theme?: ThemeParams;
}

/**
 * The URL a Telegram client opens for a web_app button: the button's URL with the launch parameters in its
 * fragment (`tgWebAppData`: the signed initData; the version, the platform and the theme), as the clients do.
 */
export function webAppLaunchUrl(token: string, url: string, user: ChatUser, options: WebAppLaunchOptions = {}): string {
  const authDate = Math.floor((options.authDate ?? new Date()).getTime() / 1000);
  const initData = signWebAppData(token, {
    query_id: `AAH${randomBytes(12).toString('base64url')}`,
    user: JSON.stringify({ id: user.id, first_name: user.first_name, ...(user.last_name ? { last_name: user.last_name } : {}), ...(user.username ? { username: user.username } : {}), language_code: user.language_code ?? 'ru', allows_write_to_pm: true }),
    auth_date: String(authDate),
  });
  const fragment = new URLSearchParams({
    tgWebAppData: initData,
    tgWebAppVersion: '9.1',
    tgWebAppPlatform: 'web',
    tgWebAppThemeParams: JSON.stringify(options.theme ?? LIGHT_THEME),
  });
  return `${url.split('#')[0]}#${fragment.toString()}`;
}
