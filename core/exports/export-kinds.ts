import { isRecordKind, type RecordKindName } from '../records/record-kinds.js';

/** The import kinds' names also name what they import, so `export students` mirrors `import students`. */
const ALIASES: Record<string, RecordKindName> = {
  staff: 'Staff', students: 'Student', guardians: 'Guardian', subjects: 'Subject', groups: 'Group',
  timetable: 'TimetableSlot', plans: 'ThematicPlanTopic', assignments: 'TeachingAssignment',
};

/** The record kind a command-line name stands for: an alias above or a record kind's own name (Student). */
export function exportKindOf(name: string): RecordKindName | undefined {
  return ALIASES[name.toLowerCase()] ?? (isRecordKind(name) ? name : undefined);
}

export const EXPORT_ALIASES = Object.keys(ALIASES);
