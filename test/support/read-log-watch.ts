import type { EntityManager } from '@mikro-orm/postgresql';
import { PersonalDataRead } from '../../core/audit/personal-data-read.entity.js';

/**
 * The read log (G4) as a test watches it: `mark()` before the reads under test, then `added()` gives the lines
 * written since, oldest first.
 */
export function readLogWatch(em: () => EntityManager) {
  let before = 0;
  const lines = () => em().find(PersonalDataRead, {}, { orderBy: { id: 'asc' } });
  return {
    mark: async () => {
      before = (await lines()).length;
    },
    added: async () => (await lines()).slice(before),
  };
}
