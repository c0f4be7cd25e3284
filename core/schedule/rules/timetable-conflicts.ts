import { overlaps } from '../../school/rules/date-ranges.js';

/** A timetable slot reduced to what double booking depends on. */
export interface SlotFacts {
  id?: number;
  teacherId: number;
  roomId: number | null;
  groupId: number;
  subgroupId: number | null;
  weekday: number;
  lessonNumber: number;
  validFrom: string;
  validTo: string | null;
}

export type ConflictKind = 'teacher' | 'room' | 'group';

export interface Conflict {
  kind: ConflictKind;
  with: SlotFacts;
}

/**
 * What `slot` would double-book among `others`: the same teacher, room or group at the same weekday and
 * lesson number in overlapping date ranges. Two different subgroups of one group may meet at once;
 * the whole group and one of its subgroups may not.
 */
export function findTimetableConflicts(slot: SlotFacts, others: readonly SlotFacts[]): Conflict[] {
  const conflicts: Conflict[] = [];
  for (const other of others) {
    if (other.id !== undefined && other.id === slot.id) continue;
    if (other.weekday !== slot.weekday || other.lessonNumber !== slot.lessonNumber) continue;
    if (!overlaps({ start: slot.validFrom, end: slot.validTo }, { start: other.validFrom, end: other.validTo })) continue;
    if (other.teacherId === slot.teacherId) conflicts.push({ kind: 'teacher', with: other });
    if (slot.roomId !== null && other.roomId === slot.roomId) conflicts.push({ kind: 'room', with: other });
    const separateSubgroups = slot.subgroupId !== null && other.subgroupId !== null && slot.subgroupId !== other.subgroupId;
    if (other.groupId === slot.groupId && !separateSubgroups) conflicts.push({ kind: 'group', with: other });
  }
  return conflicts;
}
