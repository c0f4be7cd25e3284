import type { EntityManager } from '@mikro-orm/postgresql';
import { readableJournals, type JournalReach } from '../access/journal-access.js';
import { actsEverywhere, schoolScope, type Actor } from '../access/actor.js';
import { AccessDenied, NotFound } from '../base/errors.js';
import { Group } from '../people/group.entity.js';
import { shortName } from '../people/display-name.js';

/** «Журнал» → class → subject (or subgroup) → period: what the reader may choose at each step. */
export interface JournalChoices {
  groups: { id: number; name: string; year: string; school: string | null }[];
  groupId: number | null;
  assignments: { id: number; subject: string; subgroup: string | null; teacher: string; reach: JournalReach }[];
  assignmentId: number | null;
  periods: { id: number; name: string; startDate: string; endDate: string }[];
  periodId: number | null;
}

/** What the reader asked for: ids from a URL, so untrusted; the period only with an assignment. */
export interface JournalAsk {
  groupId?: number;
  assignmentId?: number;
  periodId?: number;
}

interface ChoiceRow {
  id: number;
  group_id: number;
  group_name: string;
  grade_level: number;
  year_id: number;
  year_name: string;
  year_start: string;
  school_name: string;
  time_zone: string;
  subject: string;
  subgroup: string | null;
  teacher_id: number;
  t_last: string;
  t_first: string;
  t_middle: string | null;
}

const collator = new Intl.Collator('ru', { numeric: true });

/**
 * The journals the reader may open, by class: every class of which it may read at least one assignment
 * (readableJournals), newest year first, and for the chosen class its subjects. A class asked for that the
 * reader may not open is refused (another school's, or none at all: not found); an assignment or a period
 * asked for is checked by the page itself (JournalPages.page), which the transport asks first.
 */
export async function journalChoices(em: EntityManager, actor: Actor, ask: JournalAsk): Promise<Omit<JournalChoices, 'periods' | 'periodId'> & { asked: { yearId: number; timeZone: string } | null; teacherIds: number[] }> {
  const reach = await readableJournals(em, actor);
  const rows = reach.size === 0 ? [] : await em.execute<ChoiceRow[]>(
    `select a.id, g.id as group_id, g.name as group_name, g.grade_level, y.id as year_id, y.name as year_name,
            to_char(y.start_date, 'YYYY-MM-DD') as year_start, sc.name as school_name, sc.time_zone, s.name as subject,
            sg.name as subgroup, t.id as teacher_id, t.last_name as t_last, t.first_name as t_first, t.middle_name as t_middle
       from teaching_assignment a
       join school_group g on g.id = a.group_id join academic_year y on y.id = a.year_id join school sc on sc.id = a.school_id
       join subject s on s.id = a.subject_id join staff t on t.id = a.teacher_id left join subgroup sg on sg.id = a.subgroup_id
      where a.id in (?)`,
    [[...reach.keys()]],
  );
  const groups = new Map<number, ChoiceRow>();
  for (const r of rows) groups.set(r.group_id, r);
  const sortedGroups = [...groups.values()].sort((a, b) => b.year_start.localeCompare(a.year_start) || a.grade_level - b.grade_level || collator.compare(a.group_name, b.group_name));

  const asked = ask.assignmentId !== undefined ? rows.find((r) => r.id === ask.assignmentId) : undefined;
  const groupId = asked?.group_id ?? ask.groupId ?? null;
  if (groupId !== null && !groups.has(groupId)) await refuseGroup(em, actor, groupId);
  const ofGroup = rows.filter((r) => r.group_id === groupId);
  const assignments = ofGroup
    .sort((a, b) => collator.compare(a.subject, b.subject) || collator.compare(a.subgroup ?? '', b.subgroup ?? '') || a.id - b.id)
    .map((r) => ({ id: r.id, subject: r.subject, subgroup: r.subgroup, teacher: shortName({ lastName: r.t_last, firstName: r.t_first, middleName: r.t_middle }), reach: reach.get(r.id)! }));
  return {
    groups: sortedGroups.map((g) => ({ id: g.group_id, name: g.group_name, year: g.year_name, school: actsEverywhere(actor) ? g.school_name : null })),
    groupId,
    assignments,
    assignmentId: asked?.id ?? null,
    asked: asked ? { yearId: asked.year_id, timeZone: asked.time_zone } : null,
    // The teachers the subject list names: the reads log counts them (G4).
    teacherIds: ofGroup.map((r) => r.teacher_id),
  };
}

/** A class the reader has no journal of: refused, as not there when it is another school's or nobody's. */
async function refuseGroup(em: EntityManager, actor: Actor, groupId: number): Promise<never> {
  const group = await em.findOne(Group, { id: groupId, ...schoolScope(actor) }, { fields: ['id'] });
  if (!group) throw new NotFound('Group');
  throw new AccessDenied('journal.view');
}
