import { describe, expect, it } from 'vitest';
import { splitAtTeacher } from '../../core/reports/kinds/e5-journal-filling-queries.js';

describe('splitAtTeacher (E5\'s two statements side by side)', () => {
  it('cuts at a teacher, about half the assignments each side, keeping the given order within each part', () => {
    const order = { assignmentIds: [10, 11, 12, 13, 14, 15, 16], teacherRanks: [2, 0, 1, 0, 3, 2, 1], limit: 500 };
    const [first, second] = splitAtTeacher(order);
    // Ranks 0 and 1 hold four assignments (11, 12, 13, 16), 2 and 3 the other three.
    expect(first).toEqual({ assignmentIds: [11, 12, 13, 16], teacherRanks: [0, 1, 0, 1], limit: 500 });
    expect(second).toEqual({ assignmentIds: [10, 14, 15], teacherRanks: [2, 3, 2], limit: 500 });
  });

  it('never splits one teacher\'s assignments, and leaves neither part empty', () => {
    expect(splitAtTeacher({ assignmentIds: [1, 2, 3], teacherRanks: [0, 0, 0], limit: 5 })).toEqual([{ assignmentIds: [1, 2, 3], teacherRanks: [0, 0, 0], limit: 5 }]);
    const [first, second] = splitAtTeacher({ assignmentIds: [1, 2, 3, 4], teacherRanks: [0, 0, 0, 1], limit: 5 });
    expect(first!.assignmentIds).toEqual([1, 2, 3]);
    expect(second!.assignmentIds).toEqual([4]);
    const [a, b] = splitAtTeacher({ assignmentIds: [1, 2, 3, 4], teacherRanks: [0, 1, 1, 1], limit: 5 });
    expect([a!.assignmentIds, b!.assignmentIds]).toEqual([[1], [2, 3, 4]]);
  });
});
