import { describe, expect, it } from 'vitest';
import { createI18n, translator } from '../../core/i18n/i18n.js';
import { nestQuotes } from '../../core/i18n/nested-quotes.js';

describe('quotes inside quotes', () => {
  it('become „…“ inside «…», at any depth', () => {
    expect(nestQuotes('в школе «МБОУ «Средняя общеобразовательная школа № 17»»')).toBe('в школе «МБОУ „Средняя общеобразовательная школа № 17“»');
    expect(nestQuotes('«А «Б «В»» Г» и «Д»')).toBe('«А „Б „В““ Г» и «Д»');
  });

  it('leave a text without nesting, and unbalanced quotes, as they are', () => {
    expect(nestQuotes('«Школа № 17» и «Лицей»')).toBe('«Школа № 17» и «Лицей»');
    expect(nestQuotes('5» и «')).toBe('5» и «');
    expect(nestQuotes('school "No. 17"')).toBe('school "No. 17"');
  });

  it('apply to every translated text, the bot greeting with a school name of its own quotes among them', async () => {
    const t = translator(await createI18n(), 'ru');
    const text = t('bot:invite.welcome', { name: 'Анна Петровна', role: 'учитель', school: 'МБОУ «СОШ № 17»' });
    expect(text).toContain('школы «МБОУ „СОШ № 17“».');
  });
});
