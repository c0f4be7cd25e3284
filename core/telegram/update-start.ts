import type { EntityManager } from '@mikro-orm/postgresql';
import { preparedQuery, preparedStatement } from '../db/prepared-query.js';
import type { Language } from '../i18n/languages.js';
import type { PersonKind } from './invite.entity.js';

/** A Telegram account's row as an update needs it (absent until its first contact). */
export interface AccountState {
  language: Language;
  blocked: boolean;
  activeBindingId: number | null;
  activeChildId: number | null;
}

interface NameRow {
  lastName: string | null;
  firstName: string | null;
  middleName: string | null;
}

/**
 * One binding in force of the account and the person behind it, as read in the same statement: the staff
 * row with its class-teacher groups, the student or the guardian of the binding's school (null: gone).
 */
export interface BindingRow {
  id: number;
  personKind: PersonKind;
  personId: number;
  schoolId: number;
  schoolName: string;
  timeZone: string;
  staff: (NameRow & { active: boolean; schoolId: number; roles: string[]; groups: number[] }) | null;
  student: (NameRow & { status: string; sex: 'm' | 'f'; pseudonymNo: number | null }) | null;
  guardian: (NameRow & { pseudonymNo: number | null }) | null;
}

/** What the start of an update read: the account, and in a private chat its bindings and bot sessions. */
export interface AccountRead {
  account: AccountState | undefined;
  /** Undefined when not read (a group's update: nobody's data is read there). */
  bindings?: BindingRow[];
  /** The user's bot sessions in force, by key (read with the bindings). */
  sessions?: Record<string, Record<string, unknown>>;
}

export interface UpdateStart extends AccountRead {
  /** False: the update was handled before (or is being handled by another delivery); nothing is to be done. */
  claimed: boolean;
}

const name = (alias: string) => `'lastName', ${alias}.last_name, 'firstName', ${alias}.first_name, 'middleName', ${alias}.middle_name`;

/**
 * The bindings in force with their persons, one JSON array. Each person is read under the same conditions
 * the rights are built from (see bot-identity.ts): whatever changed since the last update counts on this one.
 */
const BINDINGS = `coalesce((select json_agg(json_build_object(
    'id', b.id, 'personKind', b.person_kind, 'personId', b.person_id, 'schoolId', b.school_id,
    'schoolName', sc.name, 'timeZone', sc.time_zone,
    'staff', case when b.person_kind = 'staff' then (select json_build_object(${name('st')},
        'active', st.active, 'schoolId', st.school_id, 'roles', st.roles,
        'groups', coalesce((select json_agg(g.id order by g.id) from school_group g where g.class_teacher_id = st.id), '[]'::json))
      from staff st where st.id = b.person_id) end,
    'student', case when b.person_kind = 'student' then (select json_build_object(${name('s')},
        'status', s.status, 'sex', s.sex, 'pseudonymNo', s.pseudonym_no)
      from student s where s.id = b.person_id and s.school_id = b.school_id) end,
    'guardian', case when b.person_kind = 'guardian' then (select json_build_object(${name('gu')}, 'pseudonymNo', gu.pseudonym_no)
      from guardian gu where gu.id = b.person_id and gu.school_id = b.school_id) end
  ) order by b.id)
  from telegram_binding b join school sc on sc.id = b.school_id
  where b.telegram_account_id = ? and b.revoked_at is null), '[]'::json)`;

const SESSIONS = `(select json_object_agg(bs.key, bs.payload) from bot_session bs where bs.telegram_user_id = ? and bs.expires_at > ?)`;

const ACCOUNT = `(select json_build_object('language', a.language, 'blocked', a.blocked_at is not null,
    'activeBindingId', a.active_binding_id, 'activeChildId', a.active_child_id)
  from telegram_account a where a.id = ?)`;

interface Row {
  claimed?: boolean;
  account: AccountState | null;
  bindings?: BindingRow[];
  sessions?: Record<string, Record<string, unknown>> | null;
}

function columns(withBindings: boolean): string {
  return withBindings ? `${ACCOUNT} as account, ${BINDINGS} as bindings, ${SESSIONS} as sessions` : `${ACCOUNT} as account`;
}

const values = (telegramId: number, withBindings: boolean, now: Date): unknown[] => (withBindings ? [telegramId, telegramId, telegramId, now] : [telegramId]);

const readOf = (row: Row, withBindings: boolean): AccountRead => ({
  account: row.account ?? undefined,
  ...(withBindings ? { bindings: row.bindings ?? [], sessions: row.sessions ?? {} } : {}),
});

/**
 * Every update starts with one of these statements, so they are prepared (parsed and planned once per
 * connection): planning the claim with its reads cost PostgreSQL about 1 ms an update, more than running it.
 */
const CLAIM = `with claim as (
       insert into processed_update (bot_id, update_id, received_at) values (?, ?, ?)
       on conflict do nothing returning update_id
     )
     select exists (select 1 from claim) as claimed`;
const STATEMENTS = {
  read: [preparedStatement(`select ${columns(false)}`), preparedStatement(`select ${columns(true)}`)],
  claim: preparedStatement(CLAIM),
  claimAndRead: [preparedStatement(`${CLAIM}, ${columns(false)}`), preparedStatement(`${CLAIM}, ${columns(true)}`)],
};

/**
 * The account of `telegramId` and, `withBindings`, its bindings in force with their persons and schools and
 * its bot sessions in force, in one statement (no entities: nothing for the unit of work to track).
 */
export async function readAccount(em: EntityManager, telegramId: number, withBindings: boolean, now: Date): Promise<AccountRead> {
  const [row] = await preparedQuery<Row>(em, STATEMENTS.read[Number(withBindings)]!, values(telegramId, withBindings, now));
  return readOf(row!, withBindings);
}

/**
 * The claim of the update (see UpdateLedger) and, for a user's update, what readAccount reads, in one
 * statement: an update costs one round trip before its handler runs. A delivery already handled (or being
 * handled: the insert waits for the other transaction) reads claimed false.
 */
export async function claimAndRead(
  em: EntityManager,
  claim: { botId: number; updateId: number; now: Date },
  reader: { telegramId: number; withBindings: boolean } | undefined,
): Promise<UpdateStart> {
  const head = [claim.botId, claim.updateId, claim.now];
  if (!reader) {
    const [row] = await preparedQuery<Row>(em, STATEMENTS.claim, head);
    return { claimed: row!.claimed === true, account: undefined };
  }
  const statement = STATEMENTS.claimAndRead[Number(reader.withBindings)]!;
  const [row] = await preparedQuery<Row>(em, statement, [...head, ...values(reader.telegramId, reader.withBindings, claim.now)]);
  return { claimed: row!.claimed === true, ...readOf(row!, reader.withBindings) };
}
