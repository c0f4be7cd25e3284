import { REPORT_KIND_IDS } from '../../core/reports/report-kind.js';
import { RECORD_KINDS } from '../../core/records/record-kinds.js';

/**
 * What a line of «Журнал доступа к ПДн» says was read (its `resource`): a kind of record by its entity,
 * a report by its id, or one of the journal's own screens — named in the panel's language, not as code.
 */
export const READ_RESOURCES: readonly string[] = [
  ...Object.values(RECORD_KINDS).map((kind) => kind.entity.meta.className),
  ...REPORT_KIND_IDS,
  'Journal', 'JournalArchive', 'Lesson', 'Attendance',
  // Pages of the panel over a core service, named as their sections are.
  'MessageThread', 'Announcement', 'WeeklyDigest', 'Notification', 'MarkChange',
  // The bot's and the panel's other reads (G4), named by the locale's reads labels.
  'TeacherDay', 'DaySummary', 'ReportChoices', 'JournalChoices', 'Substitution', 'InviteSlips', 'People',
];

type Names = Record<string, unknown> & { labels: Record<string, unknown> };

/**
 * The names of READ_RESOURCES in one language: a record kind as its section is called (the locale's
 * `labels`), a report by its title, the journal's screens as the locale's reads labels say.
 */
export function readResourceNames(labels: Names, reportTitles: Record<string, { title: string }>): Record<string, string> {
  const names: Record<string, string> = {};
  for (const value of READ_RESOURCES) {
    const section = labels.labels[value];
    if (typeof section === 'string') names[value] = section;
    else if (reportTitles[value]) names[value] = `${value}. ${reportTitles[value].title}`;
  }
  return names;
}
