import { isIsoDate } from '../school/rules/date-ranges.js';

/** How names and titles are compared: case, ё/е and runs of spaces do not matter. */
export function normalizeName(value: string): string {
  return value.trim().toLowerCase().replace(/ё/g, 'е').replace(/\s+/g, ' ');
}

/** A phone number reduced to its digits, a Russian leading 8 read as +7. */
export function normalizePhone(value: string): string {
  const digits = value.replace(/\D/g, '');
  return digits.length === 11 && digits.startsWith('8') ? `7${digits.slice(1)}` : digits;
}

const DMY = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/;

/** ДД.ММ.ГГГГ or ГГГГ-ММ-ДД as an ISO date; undefined when it is neither or not a real date. */
export function parseDate(value: string): string | undefined {
  const text = value.trim();
  const dmy = DMY.exec(text);
  const iso = dmy ? `${dmy[3]}-${dmy[2]!.padStart(2, '0')}-${dmy[1]!.padStart(2, '0')}` : text;
  return isIsoDate(iso) ? iso : undefined;
}

const YES = ['да', 'д', 'yes', 'y', 'true', '1', '+', 'истина'];
const NO = ['нет', 'н', 'no', 'n', 'false', '0', '-', 'ложь', ''];

/** да/нет (or yes/no, 1/0, true/false); empty is нет; undefined when it is something else. */
export function parseYesNo(value: string): boolean | undefined {
  const text = normalizeName(value);
  if (YES.includes(text)) return true;
  if (NO.includes(text)) return false;
  return undefined;
}

/** A whole number written as digits; undefined otherwise. */
export function parseInteger(value: string): number | undefined {
  const text = value.trim();
  return /^\d+$/.test(text) ? Number(text) : undefined;
}

/** Words (or ids) mapped to ids, compared as names; undefined when the word is unknown. */
export function lookupWord<T extends string>(words: Readonly<Record<string, T>>, value: string): T | undefined {
  const key = normalizeName(value);
  return Object.hasOwn(words, key) ? words[key] : undefined;
}

const WEEKDAYS: Record<string, number> = {
  понедельник: 1, вторник: 2, среда: 3, четверг: 4, пятница: 5, суббота: 6, воскресенье: 7,
  пн: 1, вт: 2, ср: 3, чт: 4, пт: 5, сб: 6, вс: 7,
  monday: 1, tuesday: 2, wednesday: 3, thursday: 4, friday: 5, saturday: 6, sunday: 7,
};

/** понедельник…воскресенье (or 1–7) as 1–7; undefined otherwise. */
export function parseWeekday(value: string): number | undefined {
  const number = parseInteger(value);
  if (number !== undefined) return number >= 1 && number <= 7 ? number : undefined;
  return WEEKDAYS[normalizeName(value)];
}

/** Items of a comma- or semicolon-separated list, trimmed, empty ones dropped. */
export function splitList(value: string): string[] {
  return value.split(/[,;]/).map((s) => s.trim()).filter(Boolean);
}

/** «Иванова Мария Петровна» as it is compared to staff and guardians. */
export function personKey(lastName: string, firstName: string, middleName?: string | null): string {
  return normalizeName([lastName, firstName, middleName ?? ''].join(' '));
}
