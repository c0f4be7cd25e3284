import type { Role, Source } from './roles.js';

/**
 * Who acts, as the server established it (never as a client claims it): the person, their school, their
 * roles, the groups they are class teacher of, and where the action comes from. Staff act through grants;
 * guardians and students through their relations to children (see access.ts).
 */
export interface Actor {
  kind: 'staff' | 'deployment' | 'system' | 'guardian' | 'student';
  /** Undefined only for the deployment administrator and the system, who act in every school. */
  schoolId?: number;
  staffId?: number;
  /** A guardian's or a student's own record. */
  personId?: number;
  accountId?: number;
  roles: ReadonlySet<Role>;
  classGroupIds: readonly number[];
  source: Source;
  /** The client's address, where the transport knows it (a panel request): the reads log says where from (G4). */
  address?: string;
}

/** The deployment's own administrator (ADMIN_EMAIL): an administrator of every school. */
export function deploymentAdministrator(source: Source, accountId?: number): Actor {
  return { kind: 'deployment', roles: new Set(['administrator']), classGroupIds: [], source, ...(accountId ? { accountId } : {}) };
}

/** Scheduled jobs, start-up and the CLI act as the system: everything, everywhere. */
export function systemActor(source: Source): Actor {
  return { kind: 'system', roles: new Set(['administrator']), classGroupIds: [], source };
}

export function staffActor(args: {
  schoolId: number;
  staffId: number;
  roles: readonly Role[];
  classGroupIds: readonly number[];
  source: Source;
  accountId?: number;
}): Actor {
  const roles = new Set<Role>(args.roles);
  if (args.classGroupIds.length) roles.add('class_teacher');
  return { kind: 'staff', ...args, roles };
}

/** A guardian of one school, acting about its own children (the bot's binding in force). */
export function guardianActor(args: { schoolId: number; guardianId: number; source?: Source }): Actor {
  return { kind: 'guardian', schoolId: args.schoolId, personId: args.guardianId, roles: new Set(['guardian']), classGroupIds: [], source: args.source ?? 'bot' };
}

/** A student of one school, acting about itself. */
export function studentActor(args: { schoolId: number; studentId: number; source?: Source }): Actor {
  return { kind: 'student', schoolId: args.schoolId, personId: args.studentId, roles: new Set(['student']), classGroupIds: [], source: args.source ?? 'bot' };
}

/** The deployment administrator and the system act in every school; everyone else in its own only. */
export function actsEverywhere(actor: Actor): boolean {
  return actor.kind === 'deployment' || actor.kind === 'system';
}

/**
 * The filter that keeps a query inside the actor's school: `{ school: id }` (or `{ id }` for the school
 * table itself), nothing for those who act everywhere. An actor of a school without one sees nothing.
 */
export function schoolScope(actor: Actor, column: 'school' | 'id' = 'school'): Record<string, number> {
  if (actsEverywhere(actor)) return {};
  return { [column]: actor.schoolId ?? 0 };
}
