import { guardianName, nameColumns, namePartsOf, staffName, studentName, type NameParts } from '../people/display-name.js';
import type { EntityManager } from '@mikro-orm/postgresql';
import { guardianActor, staffActor, studentActor, type Actor } from '../access/actor.js';
import type { Role } from '../access/roles.js';
import type { StaffRole } from '../access/staff-roles.js';
import type { PersonKind } from './invite.entity.js';
import type { Clock } from '../time/clock.js';
import { TelegramAccount } from './telegram-account.entity.js';
import { readAccount, type AccountRead, type BindingRow } from './update-start.js';

/** A guardian's child as the bot shows it: «Алексеев Пётр, 7А». */
export interface BotChild {
  studentId: number;
  fullName: string;
  /** For the bot to name the child in the reader's language (a pseudonym, G3: display-name.ts). */
  name: NameParts;
  /** The class the child is in now, if any. */
  group: string | null;
}

/** One binding in force, as the role switch offers it. */
export interface BindingOption {
  bindingId: number;
  personKind: PersonKind;
  schoolId: number;
  schoolName: string;
  roles: Role[];
  /** The role the person is shown as (see mainRole). */
  mainRole: MainRole;
}

/** Who the Telegram account acts as right now, as the server established it on this update. */
export interface BotIdentity {
  /** The binding acted through. */
  bindingId: number;
  personKind: PersonKind;
  personId: number;
  schoolId: number;
  schoolName: string;
  roles: Role[];
  mainRole: MainRole;
  displayName: string;
  /** Guardians: their children who are still at school (studying or on academic leave). */
  children?: BotChild[];
  /** Guardians: the child chosen (the first when the stored choice no longer fits), if any. */
  activeChildId?: number;
  /** Who acts, for the one access policy: the member of staff, the guardian or the student (source 'bot'). */
  actor: Actor;
  /** Every binding in force of the account, this one included. */
  options: BindingOption[];
}

export type MainRole = Role | 'student_f';

const STAFF_ROLE_ORDER = ['administrator', 'director', 'deputy', 'inspector', 'class_teacher', 'teacher'] as const;

/** The role a person is greeted and labelled as: the highest of its staff roles, or guardian / student. */
export function mainRole(roles: readonly Role[], sex?: 'm' | 'f'): MainRole {
  if (roles.includes('student')) return sex === 'f' ? 'student_f' : 'student';
  if (roles.includes('guardian')) return 'guardian';
  return STAFF_ROLE_ORDER.find((r) => roles.includes(r)) ?? 'teacher';
}

const CURRENT_STUDENT = `s.status in ('studying', 'academic_leave')`;

interface Person {
  roles: Role[];
  displayName: string;
  sex?: 'm' | 'f';
  actor: Actor;
}

/**
 * The bot's side of B2: which of its bindings a Telegram account acts through, and which child a guardian
 * looks at. The choice is stored per account but never trusted: on every update it is matched against the
 * bindings in force and the guardian's current children, and falls back to the first of them, so a revoked
 * binding or a child no longer linked can never be acted through.
 */
export class BotIdentities {
  constructor(
    private readonly em: () => EntityManager,
    private readonly clock: Clock,
  ) {}

  /**
   * The account's identity for this update, or undefined when it is bound to nobody. `read`: the account and
   * bindings as read at the start of this very update (update-start.ts, in the statement of its claim), else
   * read now; either way the rights are built afresh on every update, from rows read on it.
   */
  async current(telegramId: number, read?: AccountRead): Promise<BotIdentity | undefined> {
    if (!read?.bindings) read = await readAccount(this.em(), telegramId, true, this.clock.now());
    if (!read.account) return undefined;
    const { options, persons } = optionsOf(read.bindings ?? []);
    const chosen = options.find((o) => o.bindingId === read.account!.activeBindingId) ?? options[0];
    if (!chosen) return undefined;
    return this.identity(chosen, persons.get(chosen.bindingId)!, options, read.account.activeChildId ?? undefined);
  }

  /** Acts through `bindingId` from now on, if it is one of the account's bindings in force; else changes nothing. */
  async chooseBinding(telegramId: number, bindingId: number): Promise<BotIdentity | undefined> {
    const em = this.em();
    const { options } = optionsOf((await readAccount(em, telegramId, true, this.clock.now())).bindings ?? []);
    if (!options.some((o) => o.bindingId === bindingId)) return undefined;
    const account = await em.findOneOrFail(TelegramAccount, { id: telegramId });
    account.activeBindingId = bindingId;
    await em.flush();
    return this.current(telegramId);
  }

  /** Looks at `studentId` from now on, if the current identity is a guardian of that child; else changes nothing. */
  async chooseChild(telegramId: number, studentId: number): Promise<BotIdentity | undefined> {
    const em = this.em();
    const identity = await this.current(telegramId);
    if (!identity?.children?.some((c) => c.studentId === studentId)) return undefined;
    const account = await em.findOneOrFail(TelegramAccount, { id: telegramId });
    account.activeChildId = studentId;
    await em.flush();
    return this.current(telegramId);
  }

  private async identity(option: BindingOption & { personId: number; timeZone: string }, person: Person, options: BindingOption[], storedChildId: number | undefined): Promise<BotIdentity> {
    const identity: BotIdentity = {
      bindingId: option.bindingId,
      personKind: option.personKind,
      personId: option.personId,
      schoolId: option.schoolId,
      schoolName: option.schoolName,
      roles: person.roles,
      mainRole: option.mainRole,
      displayName: person.displayName,
      options: options.map(({ bindingId, personKind, schoolId, schoolName, roles, mainRole }) => ({ bindingId, personKind, schoolId, schoolName, roles, mainRole })),
      actor: person.actor,
    };
    if (option.personKind === 'guardian') {
      const children = await childrenOf(this.em(), option.personId, this.clock.today(option.timeZone));
      identity.children = children;
      const active = children.find((c) => c.studentId === storedChildId) ?? children[0];
      if (active) identity.activeChildId = active.studentId;
    }
    return identity;
  }
}

/** The account's bindings in force whose person is still there (active staff, a student still at school). */
function optionsOf(bindings: readonly BindingRow[]) {
  const options: (BindingOption & { personId: number; timeZone: string })[] = [];
  const persons = new Map<number, Person>();
  for (const binding of bindings) {
    const person = personOf(binding);
    if (!person) continue;
    persons.set(binding.id, person);
    options.push({
      bindingId: binding.id,
      personKind: binding.personKind,
      personId: binding.personId,
      schoolId: binding.schoolId,
      schoolName: binding.schoolName,
      timeZone: binding.timeZone,
      roles: person.roles,
      mainRole: mainRole(person.roles, person.sex),
    });
  }
  return { options, persons };
}

/** The person behind a binding as the rights are built from it (staffActorFor's rules for staff), if still there. */
function personOf(binding: BindingRow): Person | undefined {
  const schoolId = binding.schoolId;
  if (binding.personKind === 'staff') {
    const staff = binding.staff;
    if (!staff?.active || staff.schoolId !== schoolId) return undefined;
    const actor = staffActor({ schoolId, staffId: binding.personId, roles: staff.roles as StaffRole[], classGroupIds: staff.groups, source: 'bot' });
    return { roles: [...actor.roles], displayName: staffName(staff), actor };
  }
  if (binding.personKind === 'student') {
    const student = binding.student;
    if (!student || (student.status !== 'studying' && student.status !== 'academic_leave')) return undefined;
    return { roles: ['student'], displayName: studentName(student), sex: student.sex, actor: studentActor({ schoolId, studentId: binding.personId }) };
  }
  const guardian = binding.guardian;
  if (!guardian) return undefined;
  return { roles: ['guardian'], displayName: guardianName(guardian), actor: guardianActor({ schoolId, guardianId: binding.personId }) };
}

/** A guardian's children still at school, eldest first, each with the class it is in on `today` (the school's date). */
export async function childrenOf(em: EntityManager, guardianId: number, today: string): Promise<BotChild[]> {
  // em.execute, not em.getConnection().execute: inside a bot update's transaction it must not take a second connection.
  const rows = await em.execute<{ id: number; group_name: string | null; [column: string]: unknown }[]>(
    `select s.id, ${nameColumns('s')},
       (select g.name from enrollment e join school_group g on g.id = e.group_id
         where e.student_id = s.id and (e.end_date is null or e.end_date >= ?::date)
         order by (e.start_date <= ?::date) desc, e.start_date desc limit 1) as group_name
     from student s join student_guardian l on l.student_id = s.id
     where l.guardian_id = ? and ${CURRENT_STUDENT}
     order by s.birth_date, s.id`,
    [today, today, guardianId],
  );
  return rows.map((r) => {
    const name = namePartsOf(r);
    return { studentId: r.id, fullName: studentName(name, 'lastFirst'), name, group: r.group_name };
  });
}

