import { describe, expect, it } from 'vitest';
import { readDetailText } from '../../core/audit/read-detail.js';

describe('a reads-log line\'s detail, worded for its reader', () => {
  it('words the stored code words, alone or numbered, in Russian and in English', () => {
    expect(readDetailText('periodSheet, period 4', 'ru')).toBe('ведомость периода, период № 4');
    expect(readDetailText('periodSheet, period 4', 'en')).toBe('period sheet, period no. 4');
    expect(readDetailText('page 2', 'ru')).toBe('страница 2');
    expect(readDetailText('search, all', 'en')).toBe('search, all');
    expect(readDetailText('search, all', 'ru')).toBe('поиск, все');
  });

  it('leaves data and formats as stored, and says the old Russian law reference in English', () => {
    expect(readDetailText('xlsx, 2026-09-01–2026-10-31', 'ru')).toBe('xlsx, 2026-09-01–2026-10-31');
    expect(readDetailText('journal, 7А, 2025/2026', 'ru')).toBe('журнал, 7А, 2025/2026');
    expect(readDetailText('person data, 152-ФЗ art. 14', 'en')).toBe('person data, Federal Law 152-FZ, art. 14');
    expect(readDetailText(null, 'en')).toBeNull();
  });

  it('has a word in both languages for every code word', async () => {
    const { resources } = await import('../../core/i18n/i18n.js');
    const keys = (language: 'ru' | 'en') => {
      const { words, numbered } = resources[language].access.readDetail;
      return [Object.keys(words).sort(), Object.keys(numbered).sort()];
    };
    expect(keys('en')).toEqual(keys('ru'));
  });
});
