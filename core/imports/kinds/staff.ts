import type { StaffRole } from '../../people/staff.entity.js';
import { lookupWord, splitList } from '../values.js';
import { PERSON_COLUMNS, type ImportKind } from './kind.js';

const ROLE_WORDS: Record<string, StaffRole> = {
  администратор: 'administrator', директор: 'director', завуч: 'deputy', 'заместитель директора': 'deputy',
  инспектор: 'inspector', учитель: 'teacher', педагог: 'teacher',
  administrator: 'administrator', director: 'director', deputy: 'deputy', inspector: 'inspector', teacher: 'teacher',
};

/** Staff: Фамилия, Имя, Отчество, Должность, Роли (comma-separated), E-mail, Телефон. */
export const staffImport: ImportKind = {
  columns: [
    { key: 'lastName', required: true },
    { key: 'firstName', required: true },
    { key: 'middleName' },
    { key: 'position' },
    { key: 'roles' },
    { key: 'email', aliases: ['email', 'электронная почта', 'эл. почта', 'почта'] },
    { key: 'phone', aliases: ['тел.'] },
  ],
  start: async () => async (row) => {
    const roles = new Set<StaffRole>();
    for (const word of splitList(row.get('roles'))) {
      const role = lookupWord(ROLE_WORDS, word);
      if (role) roles.add(role);
      else row.reject('roles', 'import.roleUnknown', { value: word });
    }
    await row.save(
      'Staff',
      {
        lastName: row.get('lastName'), firstName: row.get('firstName'), middleName: row.get('middleName'),
        position: row.get('position'), email: row.get('email'), phone: row.get('phone'),
        ...(roles.size ? { roles: [...roles] } : {}),
      },
      { ...PERSON_COLUMNS, position: 'position', roles: 'roles' },
    );
  },
};
