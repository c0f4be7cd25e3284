import type { EntityManager } from '@mikro-orm/postgresql';
import { addDays } from '../time/local-date.js';
import { Lesson } from '../journal/lesson.entity.js';
import { marksBetween, type DiaryMark } from './diary-marks.js';
import { lessonsOfStudent, type DiaryScope } from './diary-scope.js';

export interface DiaryTopic {
  date: string;
  lessonNumber: number;
  subject: string;
  topic: string;
}

export interface TopicsView {
  /** Topics of the student's lessons in the last days, newest first. */
  topics: DiaryTopic[];
  /** The teachers' comments on the student's marks, newest first. */
  comments: DiaryMark[];
}

export const TOPIC_DAYS = 14;
export const COMMENT_DAYS = 30;

/** D6: what was studied in the student's lessons lately, and what the teachers wrote about its work. */
export async function topicsAndComments(em: EntityManager, scope: DiaryScope): Promise<TopicsView> {
  const lessons = lessonsOfStudent(scope);
  const rows = !lessons ? [] : await em.find(Lesson, {
    $and: [lessons, { school: scope.school.id, date: { $gte: addDays(scope.today, -(TOPIC_DAYS - 1)), $lte: scope.today }, topic: { $ne: null } }],
  }, { populate: ['assignment.subject'], orderBy: { date: 'desc', lessonNumber: 'desc', id: 'desc' } });
  const marks = await marksBetween(em, scope, addDays(scope.today, -(COMMENT_DAYS - 1)), scope.today);
  return {
    topics: rows.map((l) => ({ date: l.date, lessonNumber: l.lessonNumber, subject: l.assignment.subject.name, topic: l.topic! })),
    comments: marks.filter((m) => m.comment).reverse(),
  };
}
