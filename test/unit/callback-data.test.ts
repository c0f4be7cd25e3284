import { describe, expect, it } from 'vitest';
import { defineCallbackData, defineCallbackOps, indexOf, int, MAX_CALLBACK_BYTES, oneOf, word } from '../../bot/callback-data/define.js';
import { diaryData } from '../../bot/callback-data/diary.js';
import { childChoice, menuItem, roleChoice } from '../../bot/callback-data/identity.js';
import { journalData } from '../../bot/callback-data/journal.js';
import { languageChoice } from '../../bot/callback-data/language.js';
import { leakAnswer } from '../../bot/callback-data/leak.js';
import { messagesData } from '../../bot/callback-data/messages.js';
import { decodeNotify, encodeNotify, notifyButtons } from '../../bot/callback-data/notify.js';
import { statementData } from '../../bot/callback-data/statement.js';

describe('the callback-data codec', () => {
  const sample = defineCallbackOps('x1', {
    a: {},
    b: { id: int(), page: int({ max: 9 }) },
    c: { colour: oneOf(['red', 'green'], { red: 'r', green: 'g' }), size: indexOf(['s', 'm', 'l'] as const) },
    d: { name: word(8) },
  });

  it('round-trips every shape, fields in the declared order', () => {
    expect(sample.encode('a')).toBe('x1:a');
    expect(sample.encode('b', { page: 3, id: 42 })).toBe('x1:b:42:3');
    expect(sample.encode('c', { colour: 'green', size: 'l' })).toBe('x1:c:g:2');
    expect(sample.encode('d', { name: 'ab_c-1' })).toBe('x1:d:ab_c-1');
    for (const button of [{ op: 'a' }, { op: 'b', id: 2_147_483_647, page: 0 }, { op: 'c', colour: 'red', size: 's' }, { op: 'd', name: 'x' }] as const) {
      const { op, ...values } = button;
      expect(sample.decode(sample.encode(op, values as never))).toEqual(button);
    }
    const single = defineCallbackData('y2', { id: int({ min: 1 }), when: oneOf(['now', 'later']) });
    expect(single.encode({ id: 7, when: 'later' })).toBe('y2:7:later');
    expect(single.decode('y2:7:later')).toEqual({ id: 7, when: 'later' });
  });

  it('refuses any other shape: wrong prefix or version, unknown op, missing or extra fields, non-integers, out-of-range values', () => {
    for (const data of [
      'x2:a', 'y1:a', 'x1', 'x1:', 'x1:zz', 'x1:constructor', 'x1:__proto__:1',
      'x1:a:1', 'x1:b:1', 'x1:b:1:2:3', 'x1:b::1',
      'x1:b:1.5:0', 'x1:b:-1:0', 'x1:b:1e3:0', 'x1:b:0x1:0', 'x1:b: 1:0', 'x1:b:1234567890123:0', 'x1:b:2147483648:0', 'x1:b:1:10',
      'x1:c:b:0', 'x1:c:red:0', 'x1:c:r:3', 'x1:c:r:-1', 'x1:d:', 'x1:d:toolongword', 'x1:d:a b',
    ]) {
      expect(sample.decode(data), data).toBeUndefined();
      expect(sample.match(data), data).toBe(data.startsWith('x1:'));
    }
    expect(sample.pattern.test('x1:anything')).toBe(true);
    expect(sample.pattern.test('x10:a')).toBe(false);
  });

  it('throws rather than make data Telegram refuses: over 64 bytes, or a value its field cannot carry', () => {
    const long = defineCallbackData('z1', { a: word(40), b: word(40) });
    expect(Buffer.byteLength(long.encode({ a: 'a'.repeat(30), b: 'b'.repeat(30) }))).toBe(64);
    expect(() => long.encode({ a: 'a'.repeat(31), b: 'b'.repeat(30) })).toThrow(`over ${MAX_CALLBACK_BYTES} bytes`);
    expect(() => sample.encode('b', { id: -1, page: 0 })).toThrow();
    expect(() => sample.encode('b', { id: 1.5, page: 0 })).toThrow();
    expect(() => sample.encode('b', { id: 1, page: 10 })).toThrow();
    expect(() => sample.encode('c', { colour: 'blue' as never, size: 's' })).toThrow();
    expect(() => sample.encode('c', { colour: 'red', size: 'xl' as never })).toThrow();
    expect(() => sample.encode('d', { name: 'a:b' })).toThrow();
    expect(() => defineCallbackData('Bad', {})).toThrow();
    expect(() => defineCallbackOps('ok1', { TOO_LONG: {} })).toThrow();
  });
});

describe('every family of the bot\'s buttons keeps its wire format (old buttons in chats still read the same)', () => {
  it('reads and writes the formats of earlier releases', () => {
    expect(journalData.encode('rs', { lessonId: 1, studentId: 2, version: 3, code: 4, page: 0 })).toBe('j1:rs:1:2:3:4:0');
    expect(journalData.encode('pa')).toBe('j1:pa');
    expect(journalData.decode('j1:d:20261123')).toEqual({ op: 'd', date: 20261123 });
    expect(diaryData.decode('d1:h:42')).toEqual({ op: 'h', studentId: 42 });
    expect(messagesData.encode('w')).toBe('g1:w');
    expect(messagesData.decode('g1:kg:5:1')).toEqual({ op: 'kg', groupId: 5, page: 1 });
    expect(encodeNotify({ op: 'toggle', kind: 'mark' })).toBe('n1:k:0');
    expect(encodeNotify({ op: 'quiet', choice: 'school' })).toBe('n1:qs:s');
    expect(notifyButtons.decode('n1:qs:2')).toEqual({ op: 'quiet', choice: 2 });
    expect(menuItem.encode({ item: 'today' })).toBe('menu1:today');
    expect(roleChoice.decode('role1:5')).toEqual({ bindingId: 5 });
    expect(childChoice.encode({ studentId: 9 })).toBe('child1:9');
    expect(languageChoice.decode('lang1:en')).toEqual({ language: 'en' });
    expect(leakAnswer.encode({ answer: 'yes' })).toBe('leak1:yes');
    expect(statementData.encode({ range: 'previousMonth', studentId: 7 })).toBe('s1:p:7');
    expect(statementData.decode('s1:c:7')).toEqual({ range: 'thisMonth', studentId: 7 });
  });

  it('reads anything else of theirs as stale', () => {
    const cases: [{ decode: (data: string) => unknown }, string[]][] = [
      [journalData, ['j1:rs:1:2:3:4', 'j1:pa:1', 'j2:l:1', 'j1:l:x']],
      [menuItem, ['menu1:constructor', 'menu1:', 'menu2:today', 'menu1:today:1']],
      [roleChoice, ['role1:0', 'role1:-1', 'role1:abc', 'role1:1:2']],
      [childChoice, ['child1:0', 'child1:', 'child1:1e3']],
      [languageChoice, ['lang1:de', 'lang1:EN', 'lang1:']],
      [leakAnswer, ['leak1:maybe', 'leak1:yes:no']],
      [statementData, ['s1:x:7', 's1:p:0', 's1:p', 's2:p:7', 's1:p:7:1']],
      [{ decode: decodeNotify }, ['n1:k:99', 'n1:k:', 'n1:qs:x', 'n1:qs:12', 'n1:v:1', 'n2:v', 'n1:k:1:2']],
    ];
    for (const [codec, forged] of cases) for (const data of forged) expect(codec.decode(data), data).toBeUndefined();
  });
});
