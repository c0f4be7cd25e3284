import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../access/actor.js';
import type { RecordService } from '../records/record-service.js';
import type { LineRecord, LineWriter } from './import-row.js';
import { savepoint } from './transaction.js';

/**
 * Each record saved at once through the record service, each line between savepoints: a line sees what the
 * lines before it saved (the timetable's double bookings, the assignments already there).
 */
export function lineByLine(em: EntityManager, records: RecordService, actor: Actor): LineWriter {
  return {
    begin: async () => {
      await savepoint.open(em);
    },
    create: async (kind, input) => ((await records.create(kind, input, actor)) as { id: number }).id,
    undo: async () => {
      await savepoint.undo(em);
    },
    end: async () => {
      await savepoint.close(em);
      em.clear(); // the next line starts afresh: nothing is carried over but ids
    },
    check: async () => [],
    finish: async () => {},
  };
}

/**
 * Each record checked at once as far as it can be without the database, planned, and written with all the
 * others at the end (RecordBatch): many rows per statement, for the long lists (10,000 students with their
 * parents, issue 17). Only for kinds whose lines never read what an earlier line of the file wrote.
 */
export function inBulk(em: EntityManager, records: RecordService, actor: Actor): LineWriter {
  const batch = records.batch<LineRecord>(actor, em);
  let lineStart = 0;
  return {
    begin: async () => {
      lineStart = batch.size;
    },
    create: (kind, input, owner) => batch.add(kind, input, owner),
    undo: async () => {
      batch.undo(lineStart);
    },
    end: async () => {},
    check: () => batch.check(),
    finish: () => batch.write(),
  };
}
