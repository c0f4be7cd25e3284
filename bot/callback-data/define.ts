// The one codec of the bot's buttons. A button's callback data is `<prefix>:<field>:<field>…` (or, for a
// family of operations, `<prefix>:<op>:<field>…`), fields in the order they are declared. Prefixes carry a
// version (`j1`, `d1`…), so that the buttons of an older release read as stale rather than being misread.
// Whatever a button carries is only a wish: the core re-checks every id in it on each tap.

import { MAX_ID } from '../../core/base/max-id.js';

/** Telegram refuses a keyboard whose callback data is longer. */
export const MAX_CALLBACK_BYTES = 64;

/** How one field travels: to its text on the wire and back (undefined: not a value of this field). */
export interface Field<T> {
  encode(value: T): string;
  decode(part: string): T | undefined;
}

// Method syntax in Field makes it bivariant, so any Field<T> is a Field<unknown> here.
type Fields = Record<string, Field<unknown>>;
export type ValuesOf<F extends Fields> = { [K in keyof F]: F[K] extends Field<infer T> ? T : never };

const SEPARATOR = ':';
const DIGITS = /^\d{1,12}$/;

/**
 * A whole number (ids, pages, dates as YYYYMMDD), by default at most PostgreSQL's integer: every id a button
 * carries is one of an integer column, and a larger one, forged, would fail the statement rather than find
 * no row (so it reads as a stale button instead).
 */
export function int(options: { min?: number; max?: number } = {}): Field<number> {
  const { min = 0, max = MAX_ID } = options;
  const fits = (n: number) => Number.isSafeInteger(n) && n >= min && n <= max;
  return {
    encode(value) {
      if (!fits(value)) throw new Error(`callback data: ${value} is not a whole number in ${min}…${max}`);
      return String(value);
    },
    decode(part) {
      if (!DIGITS.test(part)) return undefined;
      const n = Number(part);
      return fits(n) ? n : undefined;
    },
  };
}

/** One of a few words, each sent as itself or as the short code given for it. */
export function oneOf<const V extends string>(values: readonly V[], codes?: Readonly<Record<V, string>>): Field<V> {
  const code = (value: V) => codes?.[value] ?? value;
  return {
    encode(value) {
      if (!values.includes(value)) throw new Error(`callback data: ${value} is not one of ${values.join(', ')}`);
      return code(value);
    },
    decode: (part) => values.find((value) => code(value) === part),
  };
}

/** One of a list, sent as its position in the list (the list may only grow at its end). */
export function indexOf<const V>(values: readonly V[]): Field<V> {
  const position = int({ max: Math.max(0, values.length - 1) });
  return {
    encode(value) {
      const i = values.indexOf(value);
      if (i < 0) throw new Error(`callback data: ${String(value)} is not in the list`);
      return String(i);
    },
    decode(part) {
      const i = position.decode(part);
      return i === undefined || i >= values.length ? undefined : values[i];
    },
  };
}

/** A short word of letters, digits, `_` and `-` (never the separator). */
export function word(maxLength = 16): Field<string> {
  const pattern = new RegExp(`^[A-Za-z0-9_-]{1,${maxLength}}$`);
  return {
    encode(value) {
      if (!pattern.test(value)) throw new Error(`callback data: «${value}» is not a short word`);
      return value;
    },
    decode: (part) => (pattern.test(part) ? part : undefined),
  };
}

function checked(data: string): string {
  // Telegram refuses the whole keyboard otherwise; this can only be a programming error.
  if (Buffer.byteLength(data) > MAX_CALLBACK_BYTES) throw new Error(`callback data over ${MAX_CALLBACK_BYTES} bytes: ${data.slice(0, 20)}…`);
  return data;
}

function encodeFields(fields: Fields, values: Record<string, unknown>): string[] {
  return Object.entries(fields).map(([name, field]) => field.encode(values[name]));
}

/** The fields' values from the parts after the prefix (and op), or undefined when any is missing, extra or wrong. */
function decodeFields(fields: Fields, parts: readonly string[]): Record<string, unknown> | undefined {
  const entries = Object.entries(fields);
  if (parts.length !== entries.length) return undefined;
  const values: Record<string, unknown> = {};
  for (const [i, [name, field]] of entries.entries()) {
    const value = field.decode(parts[i]!);
    if (value === undefined) return undefined;
    values[name] = value;
  }
  return values;
}

/** What the bot needs of any kind of button: to recognise its data (telegraf's `bot.action(pattern)`) and read it. */
export interface CallbackCodec<B> {
  prefix: string;
  /** Matches every data of this prefix, well-formed or not: the handler then answers a malformed one as stale. */
  pattern: RegExp;
  match: (data: string) => boolean;
  /** The button's values, or undefined for anything not made by `encode` of this version. */
  decode: (data: string) => B | undefined;
}

/** The decoded button of a codec. */
export type ButtonOf<C> = C extends CallbackCodec<infer B> ? B : never;

function codecBase(prefix: string) {
  if (!/^[a-z]+\d+$/.test(prefix)) throw new Error(`callback data prefix «${prefix}»: letters and a version number`);
  const head = prefix + SEPARATOR;
  const pattern = new RegExp(`^${prefix}${SEPARATOR}`);
  return { head, pattern, match: (data: string) => data.startsWith(head) };
}

/** Buttons of one shape: `<prefix>:<field>:<field>…`. */
export interface CallbackData<F extends Fields> extends CallbackCodec<ValuesOf<F>> {
  /** Throws when a value does not fit its field or the data would exceed Telegram's 64 bytes. */
  encode: (values: ValuesOf<F>) => string;
}

export function defineCallbackData<F extends Fields>(prefix: string, fields: F): CallbackData<F> {
  const { head, pattern, match } = codecBase(prefix);
  return {
    prefix,
    pattern,
    match,
    encode: (values) => checked(head + encodeFields(fields, values).join(SEPARATOR)),
    decode: (data) => {
      if (!match(data)) return undefined;
      return decodeFields(fields, data.slice(head.length).split(SEPARATOR)) as ValuesOf<F> | undefined;
    },
  };
}

type Ops = Record<string, Fields>;
/** A decoded button of a family: its operation and that operation's values. */
export type OpButton<O extends Ops> = { [K in keyof O & string]: { op: K } & ValuesOf<O[K]> }[keyof O & string];
/** The values an operation's `encode` takes: none for an operation without fields. */
type OpArgs<F extends Fields> = object extends ValuesOf<F> ? [values?: ValuesOf<F>] : [values: ValuesOf<F>];

/** A family of buttons that share a prefix: `<prefix>:<op>:<field>…`, each operation with its own fields. */
export interface CallbackOps<O extends Ops> extends CallbackCodec<OpButton<O>> {
  /** Throws when a value does not fit its field or the data would exceed Telegram's 64 bytes. */
  encode: <K extends keyof O & string>(op: K, ...values: OpArgs<O[K]>) => string;
}

export function defineCallbackOps<O extends Ops>(prefix: string, ops: O): CallbackOps<O> {
  const { head, pattern, match } = codecBase(prefix);
  for (const op of Object.keys(ops)) if (!/^[a-z]{1,4}$/.test(op)) throw new Error(`callback data op «${op}»: one to four small letters`);
  return {
    prefix,
    pattern,
    match,
    encode: (op, ...[values]) => {
      const parts = encodeFields(ops[op]!, values ?? {});
      return checked(head + [op, ...parts].join(SEPARATOR));
    },
    decode: (data) => {
      if (!match(data)) return undefined;
      const [op, ...parts] = data.slice(head.length).split(SEPARATOR);
      if (op === undefined || !Object.hasOwn(ops, op)) return undefined;
      const values = decodeFields(ops[op]!, parts);
      return values && ({ op, ...values } as OpButton<O>);
    },
  };
}
