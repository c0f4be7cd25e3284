import type { Random } from './prng.js';

const LATIN: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i', й: 'y', к: 'k', л: 'l', м: 'm',
  н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch',
  ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya',
};

/** Cyrillic to Latin letters for e-mail addresses (a simple passport-style transliteration). */
export function transliterate(text: string): string {
  return [...text.toLowerCase()].map((ch) => LATIN[ch] ?? (/[a-z0-9]/.test(ch) ? ch : '')).join('');
}

/** ivanova.mp@school17.example: surname and the initials of the first name and patronymic. */
export function staffEmail(name: { lastName: string; firstName: string; middleName: string }): string {
  const initials = transliterate(name.firstName)[0]! + transliterate(name.middleName)[0]!;
  return `${transliterate(name.lastName)}.${initials}@school17.example`;
}

const MAIL_DOMAINS = ['mail.example', 'yandex.example', 'inbox.example'] as const;

export function personalEmail(random: Random, name: { lastName: string; firstName: string }, taken: Set<string>): string {
  const base = `${transliterate(name.firstName)}.${transliterate(name.lastName)}`;
  for (let n = 0; ; n++) {
    const email = `${base}${n === 0 ? '' : String(random.int(70, 99))}@${random.pick(MAIL_DOMAINS)}`;
    if (!taken.has(email)) {
      taken.add(email);
      return email;
    }
  }
}

const MOBILE_CODES = ['903', '905', '910', '915', '916', '925', '926', '965', '977', '985', '999'] as const;

/** A mobile number in the form +7 9xx xxx-xx-xx, different from every number handed out before. */
export function mobilePhone(random: Random, taken: Set<string>): string {
  for (;;) {
    const digits = String(random.int(0, 9_999_999)).padStart(7, '0');
    const phone = `+7 ${random.pick(MOBILE_CODES)} ${digits.slice(0, 3)}-${digits.slice(3, 5)}-${digits.slice(5)}`;
    if (!taken.has(phone)) {
      taken.add(phone);
      return phone;
    }
  }
}
