// A typed question waiting for a guardian's choice of child: `ask1:<studentId>:<topic>:<subjectId>:<day>`. The
// question itself is nothing personal; the student id is only a wish, re-checked by the diary on the tap.
import { QUESTION_TOPICS, type QuestionDay } from '../../core/questions/question.js';
import { defineCallbackData, int, oneOf, type Field } from './define.js';

const DAY_CODES: Readonly<Record<string, QuestionDay | null>> = {
  '-': null, t: 'today', n: 'tomorrow', w: 'week', 1: 1, 2: 2, 3: 3, 4: 4, 5: 5, 6: 6, 7: 7,
};

/** The day asked about, or null when the question named none. */
const day: Field<QuestionDay | null> = {
  encode: (value) => Object.keys(DAY_CODES).find((code) => DAY_CODES[code] === value) ?? '-',
  decode: (part) => (Object.hasOwn(DAY_CODES, part) ? DAY_CODES[part] : undefined),
};

export const questionChild = defineCallbackData('ask1', {
  studentId: int({ min: 1 }),
  topic: oneOf(QUESTION_TOPICS, { homework: 'h', marks: 'm', schedule: 's', absences: 'a' }),
  /** 0: no subject named. */
  subjectId: int(),
  day,
});
