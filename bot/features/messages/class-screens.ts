import type { Actor } from '../../../core/access/actor.js';
import { AccessDenied } from '../../../core/base/errors.js';
import { dayMonth, dayTime } from '../../../core/time/format.js';
import { addDays } from '../../../core/time/local-date.js';
import { MAX_MESSAGE_LENGTH } from '../../../core/messages/text-rules.js';
import { encodeMessages } from '../../callback-data/messages.js';
import { button, pageOf, pager } from '../../ui/keyboard.js';
import type { Screen } from '../../ui/screen.js';
import type { MessagesFlow } from './flow.js';
import { awaitInput } from './input.js';

const PAGE = 20;

function classTeacher(flow: MessagesFlow): Actor {
  if (flow.by.kind !== 'staff' || !flow.by.classGroupIds.length) throw new AccessDenied('announcements.edit');
  return flow.by;
}

/** The class teacher's own classes (an administrator who is one too: still only its own classes here). */
const ownClasses = (flow: MessagesFlow) => flow.core.announcements.ownClasses(classTeacher(flow));

/** «Написать родителям класса»: the class to write to, or straight to the text when there is one class. */
export async function broadcastScreen(flow: MessagesFlow): Promise<Screen> {
  const { t } = flow.ctx;
  const classes = await ownClasses(flow);
  if (classes.length === 1) return askBroadcast(flow, classes[0]!.id);
  return {
    text: classes.length ? t('messages:broadcast.chooseClass') : t('messages:broadcast.noClasses'),
    keyboard: classes.map((g) => [button(g.name, encodeMessages('bg', { groupId: g.id }))]),
  };
}

export async function askBroadcast(flow: MessagesFlow, groupId: number): Promise<Screen> {
  const { t } = flow.ctx;
  const group = (await ownClasses(flow)).find((g) => g.id === groupId);
  if (!group) throw new AccessDenied('announcements.edit');
  await awaitInput(flow, { kind: 'broadcast', groupId });
  return {
    text: t('messages:broadcast.prompt', { group: group.name, max: MAX_MESSAGE_LENGTH }),
    keyboard: [[button(t('messages:input.cancel'), encodeMessages('x'))]],
  };
}

/** One announcement of the class to its guardians: the core checks it is the class teacher's own class. */
export async function sendBroadcast(flow: MessagesFlow, groupId: number, text: string): Promise<Screen> {
  const { t } = flow.ctx;
  await flow.core.announcements.create({ groupId, text, audience: 'guardians' }, classTeacher(flow));
  const group = (await ownClasses(flow)).find((g) => g.id === groupId);
  return {
    text: t('messages:broadcast.sent', { group: group?.name ?? '' }),
    keyboard: [[button(t('messages:menu.threads'), encodeMessages('t', { page: 0 }))]],
  };
}

/** «Кто ознакомился»: which class, or straight to it when there is one. */
export async function acknowledgedClassesScreen(flow: MessagesFlow): Promise<Screen> {
  const { t } = flow.ctx;
  const classes = await ownClasses(flow);
  if (classes.length === 1) return acknowledgedScreen(flow, classes[0]!.id, 0);
  return {
    text: classes.length ? t('messages:acknowledged.chooseClass') : t('messages:broadcast.noClasses'),
    keyboard: classes.map((g) => [button(g.name, encodeMessages('kg', { groupId: g.id, page: 0 }))]),
  };
}

/** Who acknowledged the latest weekly digest in the class: each student with its guardians. */
export async function acknowledgedScreen(flow: MessagesFlow, groupId: number, page: number): Promise<Screen> {
  const { t } = flow.ctx;
  const { group, weekStart, timeZone, rows } = await flow.core.digests.acknowledgements(groupId, classTeacher(flow));
  if (!weekStart) return { text: t('messages:acknowledged.noDigests', { group: group.name }), keyboard: [[button('↻', encodeMessages('kg', { groupId, page: 0 }))]] };
  const lines = rows.flatMap((r) => (r.guardians.length
    ? r.guardians.map((g) => (g.acknowledgedAt
      ? t('messages:acknowledged.yes', { student: r.student, guardian: g.guardian, at: dayTime(g.acknowledgedAt, timeZone) })
      : t('messages:acknowledged.no', { student: r.student, guardian: g.guardian })))
    : [t('messages:acknowledged.notConnected', { student: r.student })]));
  const digests = rows.flatMap((r) => r.guardians);
  const shown = pageOf(lines, page, PAGE);
  const title = t('messages:acknowledged.title', {
    from: dayMonth(weekStart), to: dayMonth(addDays(weekStart, 6)), group: group.name,
    done: digests.filter((d) => d.acknowledgedAt).length, total: digests.length,
  });
  return {
    text: [title, shown.items.join('\n')].join('\n\n'),
    keyboard: [...pager(shown.page, shown.pages, (p) => encodeMessages('kg', { groupId, page: p })), [button('↻', encodeMessages('kg', { groupId, page: shown.page }))]],
  };
}
