import { describe, expect, it } from 'vitest';
import enLabels from '../../admin/adminjs/locale/labels.en.json' with { type: 'json' };
import ruLabels from '../../admin/adminjs/locale/labels.ru.json' with { type: 'json' };
import { READ_RESOURCES, readResourceNames } from '../../admin/adminjs/read-resources.js';
import enReports from '../../core/i18n/locales/en/reports.json' with { type: 'json' };
import ruReports from '../../core/i18n/locales/ru/reports.json' with { type: 'json' };

describe('«Журнал доступа к ПДн» names every kind of read in both languages (G4)', () => {
  it('each resource a read line can say — panel sections, reports, the bot\'s and the console\'s reads — has a name in ru and en', () => {
    for (const [labels, reports] of [[ruLabels, ruReports], [enLabels, enReports]] as const) {
      // As locale.ts merges them: sections and reports by their titles, the rest by the reads labels.
      const names = { ...readResourceNames(labels, reports.kind), ...labels.resources.PersonalDataRead.labels.resource } as Record<string, string>;
      expect(READ_RESOURCES.filter((r) => !names[r])).toEqual([]);
    }
    for (const written of ['TeacherDay', 'DaySummary', 'ReportChoices', 'JournalChoices', 'Substitution', 'InviteSlips', 'People', 'MessageThread', 'Notification', 'MarkChange']) {
      expect(READ_RESOURCES).toContain(written);
    }
  });
});
