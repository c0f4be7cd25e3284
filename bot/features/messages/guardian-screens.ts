import { AccessDenied } from '../../../core/base/errors.js';
import { fullName, studentName } from '../../../core/people/display-name.js';
import { initials, teacherRole } from '../../../core/messages/renderers/format.js';
import { MAX_MESSAGE_LENGTH } from '../../../core/messages/text-rules.js';
import { encodeMessages } from '../../callback-data/messages.js';
import { button } from '../../ui/keyboard.js';
import type { Screen } from '../../ui/screen.js';
import { guardianOf, type MessagesFlow } from './flow.js';
import { awaitInput } from './input.js';
import { threadScreen } from './thread-screens.js';

function guardian(flow: MessagesFlow) {
  const found = guardianOf(flow);
  if (!found) throw new AccessDenied('messages.write');
  return found;
}

const childName = (flow: MessagesFlow, studentId: number) => {
  const child = flow.ctx.identity?.children?.find((c) => c.studentId === studentId);
  return child ? studentName(child.name, 'lastFirst', flow.ctx.t) : '';
};

/** «Написать учителю»: the active child's class teacher and subject teachers, the only ones to write to. */
export async function teachersScreen(flow: MessagesFlow): Promise<Screen> {
  const { t } = flow.ctx;
  const studentId = flow.ctx.identity?.activeChildId;
  if (!studentId) return { text: t('messages:teachers.noChild'), keyboard: [[button(t('messages:thread.back'), encodeMessages('t', { page: 0 }))]] };
  const teachers = await flow.core.messages.teachersOf(guardian(flow), studentId);
  const child = childName(flow, studentId);
  const keyboard = teachers.map((teacher) => [button(
    `${initials(fullName(teacher))} — ${teacherRole(t, teacher.classTeacher, teacher.subjects)}`.slice(0, 120),
    encodeMessages('wt', { studentId, staffId: teacher.staffId }),
  )]);
  keyboard.push([button(t('messages:thread.back'), encodeMessages('t', { page: 0 }))]);
  return { text: teachers.length ? t('messages:teachers.title', { child }) : t('messages:teachers.none', { child }), keyboard };
}

/** The teacher chosen: the bot waits for the text (the core checks the teacher is the child's first). */
export async function askWrite(flow: MessagesFlow, studentId: number, staffId: number): Promise<Screen> {
  const { t } = flow.ctx;
  const teacher = (await flow.core.messages.teachersOf(guardian(flow), studentId)).find((x) => x.staffId === staffId);
  if (!teacher) throw new AccessDenied('messages.write');
  await awaitInput(flow, { kind: 'write', studentId, staffId });
  return {
    text: t('messages:write.prompt', {
      teacher: fullName(teacher), role: teacherRole(t, teacher.classTeacher, teacher.subjects), child: childName(flow, studentId), max: MAX_MESSAGE_LENGTH,
    }),
    keyboard: [[button(t('messages:input.cancel'), encodeMessages('x'))]],
  };
}

export async function sendWrite(flow: MessagesFlow, studentId: number, staffId: number, text: string): Promise<Screen> {
  const { thread } = await flow.core.messages.write(guardian(flow), studentId, staffId, text);
  return threadScreen(flow, thread.id, flow.ctx.t('messages:write.sent'));
}
