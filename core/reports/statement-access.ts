import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../access/actor.js';
import { can } from '../access/policy.js';
import { AccessDenied } from '../errors.js';
import { StudentGuardian } from '../people/guardian.entity.js';
import { Consent } from '../privacy/consent.entity.js';

/**
 * Who asks for a student's statement (D12), as the server established it: a member of staff (its Actor,
 * judged by the one policy), or a guardian or a student acting through the bot (their bound person).
 */
export type StatementReader =
  | { kind: 'staff'; actor: Actor }
  | { kind: 'guardian'; guardianId: number }
  | { kind: 'student'; studentId: number };

/** What the decision needs to know about the student and the reader, read from the database. */
export interface StatementFacts {
  schoolId: number;
  studentId: number;
  /** The groups the student is in during the statement's range (its class teachers may read it). */
  groupIds: readonly number[];
  /** Guardians: whether the guardian is linked to the student, in the student's school. */
  guardianLinked?: boolean;
  /** Guardians: whether the latest line of the guardian's consent registry is «given» (G2). */
  consentGiven?: boolean;
}

export const STATEMENT_PERMISSION = 'statements.view' as const;

/**
 * Who may read a student's statement: the administrator, director, deputy and inspector of the school and
 * the class teacher of the student's group (the `statements.view` grant, through the policy); a guardian
 * linked to the student with consent given; the student itself. Nobody else: not a subject teacher, not
 * another child's guardian, not a classmate.
 */
export function mayReadStatement(reader: StatementReader, facts: StatementFacts): boolean {
  switch (reader.kind) {
    case 'staff':
      return can(reader.actor, STATEMENT_PERMISSION, { schoolId: facts.schoolId, groupIds: facts.groupIds });
    case 'guardian':
      return facts.guardianLinked === true && facts.consentGiven === true;
    case 'student':
      return reader.studentId === facts.studentId;
  }
}

/** Reads the facts the reader's kind needs and throws AccessDenied unless it may read the statement. */
export async function requireStatementAccess(
  em: EntityManager,
  reader: StatementReader,
  student: { id: number; schoolId: number },
  groupIds: readonly number[],
): Promise<void> {
  const facts: StatementFacts = { schoolId: student.schoolId, studentId: student.id, groupIds };
  if (reader.kind === 'guardian') {
    const link = await em.findOne(StudentGuardian, { student: student.id, guardian: reader.guardianId, school: student.schoolId });
    facts.guardianLinked = link !== null;
    if (link) {
      const latest = await em.findOne(Consent, { guardian: reader.guardianId }, { orderBy: { date: 'desc', id: 'desc' } });
      facts.consentGiven = latest?.status === 'given';
    }
  }
  if (!mayReadStatement(reader, facts)) throw new AccessDenied(STATEMENT_PERMISSION);
}
