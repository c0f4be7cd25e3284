import { shortName } from '../people/display-name.js';

type Named = { name?: string; lastName?: string; firstName?: string; middleName?: string | null } | null | undefined;

/** «Математика — 7А (Иванова М. П.)»: how people recognise a teaching assignment in a list or a select. */
export function assignmentTitle(row: { subject?: unknown; group?: unknown; subgroup?: unknown; teacher?: unknown }): string {
  const subject = row.subject as Named;
  const group = row.group as Named;
  const subgroup = row.subgroup as Named;
  const teacher = row.teacher as Named;
  const where = subgroup?.name ? `${group?.name ?? ''}, ${subgroup.name}` : (group?.name ?? '');
  return `${subject?.name ?? ''} — ${where} (${shortName(teacher ?? {})})`;
}
