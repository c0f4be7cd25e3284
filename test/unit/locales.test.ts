import { describe, expect, it } from 'vitest';
import enAdmin from '../../admin/adminjs/locale/en.json' with { type: 'json' };
import enLabels from '../../admin/adminjs/locale/labels.en.json' with { type: 'json' };
import ruAdmin from '../../admin/adminjs/locale/ru.json' with { type: 'json' };
import ruLabels from '../../admin/adminjs/locale/labels.ru.json' with { type: 'json' };
import { AUDIT_SOURCES } from '../../core/audit/audit-entry.entity.js';
import { createI18n, resources } from '../../core/i18n/i18n.js';

const PLURAL = /_(zero|one|two|few|many|other)$/;

function keys(tree: object, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([k, v]) => (v && typeof v === 'object' ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`]));
}
const bases = (tree: object) => [...new Set(keys(tree).map((k) => k.replace(PLURAL, '')))].sort();

describe('locales', () => {
  it('every namespace has the same keys in Russian and English', () => {
    expect(Object.keys(resources.en).sort()).toEqual(Object.keys(resources.ru).sort());
    for (const ns of Object.keys(resources.ru) as (keyof typeof resources.ru)[]) {
      expect(bases(resources.en[ns]), ns).toEqual(bases(resources.ru[ns]));
    }
  });

  it('the panel has the same keys in Russian and English', () => {
    expect(bases(enAdmin)).toEqual(bases(ruAdmin));
    expect(bases(enLabels)).toEqual(bases(ruLabels));
  });

  it('the change log and the reads log name every source in both languages, the Mini App apart from the bot', () => {
    for (const labels of [ruLabels, enLabels]) {
      const { AuditEntry, PersonalDataRead } = labels.resources;
      for (const names of [AuditEntry.labels.source, PersonalDataRead.labels.channel] as Record<string, string>[]) {
        expect(Object.keys(names).sort()).toEqual([...AUDIT_SOURCES].sort());
        expect(names.miniApp).not.toBe(names.bot);
      }
    }
    expect(ruLabels.resources.AuditEntry.labels.source.miniApp).toBe('Мини-приложение «Журнал»');
    expect(enLabels.resources.AuditEntry.labels.source.miniApp).toBe('Journal Mini App');
  });

  it('Russian plural keys have every form Russian needs', () => {
    const all = keys(resources.ru);
    for (const base of new Set(all.filter((k) => PLURAL.test(k)).map((k) => k.replace(PLURAL, '')))) {
      for (const form of ['one', 'few', 'many']) expect(all, base).toContain(`${base}_${form}`);
    }
  });

  it('chooses Russian plural forms by Russian rules', async () => {
    const i18n = await createI18n();
    const t = i18n.getFixedT('ru');
    expect([1, 2, 5, 11, 21, 22, 25, 111].map((count) => t('minutes', { count }))).toEqual([
      '1 минута', '2 минуты', '5 минут', '11 минут', '21 минута', '22 минуты', '25 минут', '111 минут',
    ]);
    expect(i18n.getFixedT('en')('minutes', { count: 2 })).toBe('2 minutes');
  });
});
