import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../access/actor.js';
import { Subject } from '../school/subject.entity.js';
import { recogniseQuestion, type Question } from './question.js';

/**
 * Typed questions of students and guardians («какое домашнее задание по русскому?»): what they ask, with the
 * subjects of the asker's own school. Understanding reads nothing personal; the answer is the diary's, which
 * checks the asker's rights to the student as every diary screen does. The text itself is never logged.
 */
export class Questions {
  constructor(private readonly em: () => EntityManager) {}

  async understand(asker: Actor, text: string): Promise<Question> {
    const subjects = asker.schoolId === undefined ? [] : await this.em().find(Subject, { school: asker.schoolId }, { fields: ['id', 'name'], orderBy: { id: 'asc' } });
    return recogniseQuestion(text, subjects);
  }
}
