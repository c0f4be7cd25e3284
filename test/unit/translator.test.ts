import { describe, expect, it } from 'vitest';
import { createI18n, translator } from '../../core/i18n/i18n.js';

describe('translator', () => {
  it("translates as i18next's getFixedT does: interpolation, plurals, nested quotes, a default value, a language given, fallback keys", async () => {
    const i18n = await createI18n();
    const calls: [string, ...unknown[]][] = [
      ['common:minutes', { count: 1 }],
      ['common:minutes', { count: 3 }],
      ['common:minutes', { count: 11 }],
      ['bot:invite.welcome', { name: 'Анна Петровна', role: 'учитель', school: 'МБОУ «СОШ № 17»' }],
      ['common:no.such.key', 'запасной текст'],
      ['common:no.such.key'],
      ['common:minutes', { count: 2, lng: 'en' }],
      ['errors:notFound', null],
    ];
    for (const language of ['ru', 'en'] as const) {
      const fixed = i18n.getFixedT(language) as unknown as (...args: unknown[]) => unknown;
      const ours = translator(i18n, language) as unknown as (...args: unknown[]) => unknown;
      for (const call of calls) expect(ours(...call), `${language} ${JSON.stringify(call)}`).toBe(fixed(...call));
      expect(ours(['common:no.such.key', 'common:minutes'], { count: 5 })).toBe(fixed(['common:no.such.key', 'common:minutes'], { count: 5 }));
    }
    expect(translator(i18n, 'ru')('common:minutes', { count: 3 })).toBe('3 минуты');
  });

  it("copies nothing of i18next's options on a call (getFixedT's function copies all of them every time)", async () => {
    const i18n = await createI18n();
    let copies = 0;
    i18n.options = new Proxy(i18n.options, { ownKeys: (target) => (copies++, Reflect.ownKeys(target)) });
    const t = translator(i18n, 'ru');
    for (let i = 0; i < 10; i++) t('common:minutes', { count: i });
    expect(copies).toBe(0);
  });
});
