// The journal grid as the paper journal lays it out: students down, the period's lesson dates across (with the
// topic and the homework under each date), the weighted average, the proposed and the period mark at the right.
// One table, sticky names and dates; one click listener for all its cells.
import { decimal, el, shortDate } from './dom.js';

/** «Алексеев П.» for the narrow column; the full name stays in the title. */
function shortName(name) {
  const [last, first] = name.split(' ');
  return first ? `${last} ${first[0]}.` : name;
}

export function markText(mark) {
  return mark.second === null ? String(mark.value) : `${mark.value}/${mark.second}`;
}

export function cellContent(cell, t) {
  const parts = [];
  if (cell.attendance) parts.push(el('span', { className: `code code-${cell.attendance}`, text: t(`codes.${cell.attendance}`) }));
  for (const mark of cell.marks) {
    parts.push(el('span', { className: `mark m${mark.value}${mark.makeUp ? ' make-up' : ''}`, text: markText(mark), attrs: { title: `${mark.workType} ×${mark.weight}${mark.comment ? ` — ${mark.comment}` : ''}` } }));
  }
  return parts;
}

function periodMarkText(periodMark, t) {
  if (!periodMark) return '';
  if (periodMark.value) return ['pass', 'fail', 'na', 'exempt'].includes(periodMark.value) ? t(`periodValues.${periodMark.value}`) : periodMark.value;
  return periodMark.deferredUntil ? `↷ ${shortDate(periodMark.deferredUntil)}` : '';
}

/** The table of `grid`; `onCell(studentIndex, lessonIndex)` when a cell is tapped. */
export function renderGrid(grid, t, language, onCell) {
  const { page } = grid;
  const editable = new Set(grid.editableLessons);
  const full = page.reach === 'full';
  const sums = full ? [t('average'), t('proposed'), t('periodMark')] : [];

  const dates = el('tr', { className: 'dates' }, [
    el('th', { className: 'corner', text: t('student') }),
    ...page.lessons.map((l) => el('th', { className: editable.has(l.id) ? 'open' : '', attrs: { scope: 'col', title: l.substitute ? `${shortDate(l.date)} · ${l.substitute}` : undefined } }, [
      shortDate(l.date), el('small', { text: String(l.lessonNumber) }),
    ])),
    ...sums.map((s) => el('th', { className: 'sum', text: s })),
  ]);
  const topics = el('tr', { className: 'topics' }, [
    el('th', { className: 'corner', text: t('topic') }),
    ...page.lessons.map((l) => el('td', { text: l.topic ?? '', attrs: { title: l.topic ?? undefined } })),
    ...sums.map(() => el('td', { className: 'sum' })),
  ]);
  const homework = el('tr', { className: 'homework' }, [
    el('th', { className: 'corner', text: t('homework') }),
    ...page.lessons.map((l) => {
      const text = l.homework ? (l.homework.none ? t('noHomework') : l.homework.text ?? '') : '';
      return el('td', { text, attrs: { title: text || undefined } });
    }),
    ...sums.map(() => el('td', { className: 'sum' })),
  ]);

  const body = el('tbody', {}, page.students.map((student, si) => studentRow(grid, student, si, t, language)));
  const table = el('table', { className: 'grid' }, [el('thead', {}, [dates, topics, homework]), body]);
  table.addEventListener('click', (event) => {
    const td = event.target instanceof Element ? event.target.closest('td.cell') : null;
    if (td && !td.classList.contains('out')) onCell(Number(td.dataset.s), Number(td.dataset.l));
  });
  return el('div', { className: 'scroller' }, [table]);
}

export function studentRow(grid, student, si, t, language) {
  const editable = new Set(grid.editableLessons);
  const full = grid.page.reach === 'full';
  return el('tr', { data: { s: si } }, [
    el('th', { className: 'name', text: shortName(student.name), attrs: { scope: 'row', title: student.name } }),
    ...student.cells.map((cell, li) => el('td', {
      className: `cell${cell.enrolled ? '' : ' out'}${editable.has(grid.page.lessons[li].id) ? ' open' : ''}`,
      data: { s: si, l: li },
      attrs: { title: cell.enrolled ? undefined : t('notEnrolled'), 'data-testid': `cell-${student.id}-${grid.page.lessons[li].id}` },
    }, cellContent(cell, t))),
    ...(full ? [
      el('td', { className: 'sum', text: student.weightedAverage === null ? '' : decimal(student.weightedAverage, language) }),
      el('td', { className: 'sum proposed', text: student.proposedMark === null ? '' : String(student.proposedMark) }),
      el('td', { className: 'sum final', text: periodMarkText(student.periodMark, t) }),
    ] : []),
  ]);
}
