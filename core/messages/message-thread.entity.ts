import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { timestamps } from '../db/timestamps.js';
import { Guardian } from '../people/guardian.entity.js';
import { Staff } from '../people/staff.entity.js';
import { Student } from '../people/student.entity.js';
import { School } from '../school/school.entity.js';

/** A conversation (D9) between a guardian and a teacher about a child. */
export const MessageThread = defineEntity({
  name: 'MessageThread',
  tableName: 'message_thread',
  properties: {
    id: p.integer().primary(),
    school: () => p.manyToOne(School).index(),
    guardian: () => p.manyToOne(Guardian).index(),
    staff: () => p.manyToOne(Staff).index(),
    student: () => p.manyToOne(Student).index(),
    ...timestamps,
  },
  uniques: [{ properties: ['guardian', 'staff', 'student'] }],
});
export type MessageThread = InferEntity<typeof MessageThread>;

/** One message of a thread; `author` says which side wrote it. */
export const ThreadMessage = defineEntity({
  name: 'ThreadMessage',
  tableName: 'thread_message',
  properties: {
    id: p.integer().primary(),
    school: () => p.manyToOne(School).index(),
    thread: () => p.manyToOne(MessageThread).index().deleteRule('cascade'),
    author: p.enum(['guardian', 'staff']),
    text: p.text(),
    readAt: p.datetime().nullable(),
    ...timestamps,
  },
});
export type ThreadMessage = InferEntity<typeof ThreadMessage>;
