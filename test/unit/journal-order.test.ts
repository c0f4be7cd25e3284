import { describe, expect, it } from 'vitest';
import { inJournalOrder, journalOrder } from '../../core/journal/roster.js';

describe("the journal's order of students", () => {
  const rows = [
    { id: 4, lastName: 'Ёлкин', firstName: 'Иван', middleName: null },
    { id: 1, lastName: 'Елкин', firstName: 'Иван', middleName: null },
    { id: 7, lastName: 'Алексеев', firstName: 'Пётр', middleName: 'Иванович' },
    { id: 3, lastName: 'Алексеев', firstName: 'Пётр', middleName: null },
    { id: 2, lastName: 'Алексеев', firstName: 'Пётр', middleName: null },
    { id: 5, lastName: 'Жуков', firstName: 'Антон', middleName: null },
    { id: 6, lastName: 'Алексеева', firstName: 'Анна', middleName: null },
  ];

  it('sorts by surname, name, patronymic in Russian order (ё after е), then by id, with keys built once as the comparator does', () => {
    const sorted = inJournalOrder(rows);
    expect(sorted.map((r) => r.id)).toEqual([2, 3, 7, 6, 1, 4, 5]);
    expect(sorted).toEqual([...rows].sort(journalOrder));
    // The rows given are left as they were.
    expect(rows.map((r) => r.id)).toEqual([4, 1, 7, 3, 2, 5, 6]);
  });
});
