import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../access/actor.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { ReadLog } from '../audit/read-log.js';
import { logPanelRead, type PanelRead } from './panel-reads.js';
import type { StudentMovements } from '../records/student-movements.js';
import type { Consents } from '../privacy/consents.js';
import type { RecordService } from '../records/record-service.js';
import type { TFunction } from '../i18n/i18n.js';
import type { Language } from '../i18n/languages.js';
import type { Compromises, RollbackResult } from '../security/compromise.js';
import { compromiseOperations, rollbackNotice } from './compromise-operations.js';
import { consentRegistry, type ConsentRegistry } from './consent-registry.js';
import { PanelAccountList } from './panel-account-list.js';
import { panelActor } from './panel-actor.js';
import { panelHome, type PanelHome } from './panel-home.js';
import { PanelRecords } from './panel-records.js';

/** What the web panel asks of the core beyond the services every transport shares: one call per thing it shows or does. */
export interface PanelServices {
  /** The actor behind a panel account, read fresh (a role taken away counts at once); undefined when it may not enter. */
  actor(accountId: number): Promise<Actor | undefined>;
  /** The lists and forms of the school's records, scoped to the actor, as plain rows. */
  records: PanelRecords;
  /** The panel's logins, for the deployment's administrator. */
  accounts: PanelAccountList;
  /** The home page: the school's name and the counts the actor may see. */
  home(actor: Actor): Promise<PanelHome>;
  /** A report of leaked access (B3): the operations made through it since the leak, one line each. */
  compromiseOperations(reportId: number, actor: Actor, language?: Language): Promise<string>;
  /** What «Откатить операции» did, in one sentence for the panel's notice. */
  rollbackNotice(result: RollbackResult, t: TFunction): string;
  /** A panel page that showed people: one line of the reads log (G4). */
  logRead(read: PanelRead, actor: Actor): Promise<void>;
  /** A guardian's consent registry (G1). */
  consentRegistry(guardianId: number, actor: Actor): Promise<ConsentRegistry>;
}

export interface PanelDependencies {
  records: RecordService;
  movements: StudentMovements;
  security: Compromises;
  consents: Consents;
  audit: AuditLog;
  reads: ReadLog;
}

export function createPanelServices(em: () => EntityManager, deps: PanelDependencies): PanelServices {
  const records = new PanelRecords(em, deps.records, deps.movements, deps.security);
  return {
    actor: (accountId) => panelActor(em(), accountId),
    records,
    accounts: new PanelAccountList(em, deps.audit),
    home: (actor) => panelHome(em(), records, actor),
    compromiseOperations: (reportId, actor, language) => compromiseOperations(em(), deps.security, reportId, actor, language),
    rollbackNotice,
    logRead: (read, actor) => logPanelRead(em(), deps.reads, read, actor),
    consentRegistry: (guardianId, actor) => consentRegistry(em(), deps.records, deps.consents, guardianId, actor),
  };
}
