import type { Role, Source } from './roles.js';

/**
 * Who acts, as the server established it (never as a client claims it): the person, their school, their
 * roles, the groups they are class teacher of, and where the action comes from.
 */
export interface Actor {
  kind: 'staff' | 'deployment' | 'system';
  /** Undefined only for the deployment administrator and the system, who act in every school. */
  schoolId?: number;
  staffId?: number;
  accountId?: number;
  roles: ReadonlySet<Role>;
  classGroupIds: readonly number[];
  source: Source;
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
