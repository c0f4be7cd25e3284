import { p } from '@mikro-orm/core';

/** ФИО as every person of the school carries it: фамилия, имя and (optional) отчество, in full. */
export const personName = {
  lastName: p.string(),
  firstName: p.string(),
  middleName: p.string().nullable(),
};
