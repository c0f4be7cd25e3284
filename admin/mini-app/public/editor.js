// A cell's editor: the student's attendance in the lesson, its marks there (change or remove each) and a new
// mark (value, work type, the second of a double mark where the subject allows it, a comment). Every change is
// one request; the server applies the bot's rules and answers with the student's line as it is now.
import { el, shortDate } from './dom.js';
import { markText } from './grid.js';

const VALUES = [5, 4, 3, 2];
const CODES = [null, 'n', 'b', 'p', 'op'];

/**
 * Fills `dialog` for the cell of `student` in `lesson`; `save(kind, body, markId?)` sends a change and
 * resolves once the grid is redrawn (or rejects with the server's words, shown here).
 */
export function openEditor(dialog, { grid, student, lesson, t, save }) {
  const cell = student.cells[grid.page.lessons.indexOf(lesson)];
  const editable = grid.editableLessons.includes(lesson.id);
  const problem = el('p', { className: 'problem', attrs: { role: 'alert' } });
  const run = async (kind, body, markId) => {
    problem.textContent = '';
    dialog.classList.add('busy');
    try {
      await save(kind, body, markId);
      dialog.close();
    } catch (err) {
      problem.textContent = err.message;
    } finally {
      dialog.classList.remove('busy');
    }
  };

  const title = el('h2', { text: t('cell.title', { student: student.name, date: `${shortDate(lesson.date)}, ${lesson.lessonNumber}` }) });
  const parts = [title];
  if (lesson.topic) parts.push(el('p', { className: 'hint', text: lesson.topic }));
  if (!editable) {
    parts.push(el('p', { className: 'hint', text: t('cell.closed') }));
    if (cell.marks.length) parts.push(el('p', { className: 'marks-line', text: cell.marks.map((m) => `${markText(m)} (${m.workType})`).join(', ') }));
  } else {
    parts.push(el('h3', { text: t('cell.attendance') }));
    parts.push(el('div', { className: 'segments' }, CODES.map((code) => el('button', {
      className: cell.attendance === code ? 'on' : '',
      text: code ? t(`codes.${code}`) : '✓',
      attrs: { type: 'button', title: code ? t(`codeNames.${code}`) : t('cell.present'), 'aria-pressed': cell.attendance === code },
      on: { click: () => { if (cell.attendance !== code) void run('attendance', { code, version: cell.attendanceVersion }); } },
    }))));
    if (cell.marks.length) {
      parts.push(el('h3', { text: t('cell.marks') }));
      for (const mark of cell.marks) parts.push(markForm(grid, t, mark, (body) => run('change', { ...body, version: mark.version }, mark.id), () => run('remove', { version: mark.version }, mark.id)));
    }
    parts.push(el('h3', { text: t('cell.newMark') }));
    parts.push(markForm(grid, t, null, (body) => run('give', { ...body, seen: cell.marks.length })));
  }
  parts.push(problem);
  parts.push(el('div', { className: 'actions' }, [el('button', { className: 'secondary', text: t('cell.close'), attrs: { type: 'button' }, on: { click: () => dialog.close() } })]));
  dialog.replaceChildren(el('form', { attrs: { method: 'dialog' }, on: { submit: (e) => e.preventDefault() } }, parts));
  dialog.showModal();
}

/** A mark's fields: the value as buttons, the work type, the second mark, the comment; give or save (and remove). */
function markForm(grid, t, mark, submit, remove) {
  let value = mark?.value ?? null;
  const valueButtons = VALUES.map((v) => el('button', {
    className: `value m${v}${v === value ? ' on' : ''}`, text: String(v), attrs: { type: 'button', 'aria-pressed': v === value, 'data-value': v },
    on: { click: () => {
      value = v;
      for (const b of valueButtons) b.classList.toggle('on', Number(b.dataset.value) === v);
      submitButton.disabled = false;
    } },
  }));
  const workType = el('select', { attrs: { 'aria-label': t('cell.workType') } }, grid.workTypes.map((w) => el('option', {
    text: `${w.name} ×${w.weight}`, attrs: { value: w.id, selected: w.id === (mark?.workTypeId ?? grid.workTypes[0]?.id) },
  })));
  const second = grid.doubleMarksAllowed
    ? el('select', { attrs: { 'aria-label': t('cell.second') } }, [null, ...VALUES].map((v) => el('option', {
      text: v === null ? `${t('cell.double')}: ${t('cell.none')}` : `/${v}`, attrs: { value: v ?? '', selected: (mark?.second ?? null) === v },
    })))
    : null;
  const comment = el('input', { attrs: { type: 'text', maxlength: 500, placeholder: t('cell.comment'), value: mark?.comment ?? '', 'aria-label': t('cell.comment') } });
  const submitButton = el('button', {
    text: mark ? t('cell.save') : t('cell.give'), attrs: { type: 'button', disabled: value === null },
    on: { click: () => submit({ value, second: second && second.value ? Number(second.value) : null, workTypeId: Number(workType.value), comment: comment.value.trim() || null }) },
  });
  const buttons = [submitButton];
  if (remove) buttons.push(el('button', { className: 'danger', text: t('cell.remove'), attrs: { type: 'button' }, on: { click: () => remove() } }));
  return el('fieldset', { className: mark ? 'mark-form existing' : 'mark-form' }, [
    el('div', { className: 'segments values' }, valueButtons),
    el('div', { className: 'row' }, [workType, second]),
    comment,
    el('div', { className: 'row' }, buttons),
  ]);
}
