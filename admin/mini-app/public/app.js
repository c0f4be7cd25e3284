// The journal grid Mini App: signs in with the launch's initData, lets the reader choose class, subject and
// period, draws the grid and edits a cell in a dialog. No framework: a table, three selects and a dialog are
// all there is, and plain DOM keeps the first load to a few kilobytes.
import { createApi } from './api.js';
import { $, el } from './dom.js';
import { openEditor } from './editor.js';
import { renderGrid, studentRow } from './grid.js';
import { applyTheme, launchParams, onTelegramEvent, postEvent } from './telegram.js';

const state = { strings: {}, language: 'ru', choices: null, grid: null };

function t(key, params = {}) {
  const found = key.split('.').reduce((node, part) => (node && typeof node === 'object' ? node[part] : undefined), state.strings);
  return typeof found === 'string' ? found.replace(/\{\{(\w+)\}\}/g, (_, name) => String(params[name] ?? '')) : key;
}

function status(text, kind = 'status') {
  $('main').replaceChildren(el('p', { className: kind, text, attrs: { role: kind === 'problem' ? 'alert' : 'status' } }));
}

function toast(text) {
  const note = el('div', { className: 'toast', text, attrs: { role: 'status' } });
  document.body.append(note);
  setTimeout(() => note.remove(), 1500);
}

const params = launchParams();
applyTheme(params.theme);
onTelegramEvent((eventType, eventData) => {
  if (eventType === 'theme_changed' && eventData?.theme_params) applyTheme(eventData.theme_params);
});
postEvent('web_app_ready');
postEvent('web_app_expand');
const api = createApi(params.initData, () => t('errors.network'));

async function start() {
  if (!params.initData) {
    const language = navigator.language?.slice(0, 2) === 'en' ? 'en' : 'ru';
    state.strings = await fetch(`/app/strings?lang=${language}`).then((r) => r.json()).catch(() => ({}));
    return status(t('errors.noInitData'), 'problem');
  }
  try {
    const session = await api('GET', '/session');
    Object.assign(state, { strings: session.strings, language: session.language });
    document.documentElement.lang = session.language;
    document.title = t('title');
    status(t('loading'));
    const asked = new URLSearchParams(location.search);
    await choose({ assignment: asked.get('assignment') ?? undefined, period: asked.get('period') ?? undefined });
  } catch (err) {
    status(err.message, 'problem');
  }
}

/** Asks the server what may be opened (and checks what was asked for), draws the selects, then the grid if one is chosen. */
async function choose({ group, assignment, period }) {
  const query = new URLSearchParams();
  if (assignment) query.set('assignment', assignment);
  else if (group) query.set('group', group);
  const choices = await api('GET', `/choices?${query}`);
  state.choices = choices;
  // An assignment asked for that the reader may not open: the grid's own refusal says why.
  if (assignment && choices.assignmentId === null) return loadGrid(assignment, period);
  // A single class or subject needs no choosing.
  if (!choices.groupId && choices.groups.length === 1) return choose({ group: String(choices.groups[0].id) });
  if (choices.groupId && !choices.assignmentId && choices.assignments.length === 1) return choose({ assignment: String(choices.assignments[0].id) });
  drawBar();
  if (!choices.groups.length) return status(t('noJournals'));
  if (!choices.assignmentId) return $('main').replaceChildren();
  await loadGrid(choices.assignmentId, period ?? choices.periodId);
}

function select(label, options, chosen, onChange) {
  return el('label', {}, [
    el('span', { text: label }),
    el('select', { on: { change: (e) => onChange(e.target.value) } }, [
      ...(chosen ? [] : [el('option', { text: '—', attrs: { value: '', selected: true, disabled: true } })]),
      ...options.map((o) => el('option', { text: o.label, attrs: { value: o.id, selected: o.id === chosen } })),
    ]),
  ]);
}

function drawBar() {
  const c = state.choices;
  const fail = (err) => status(err.message, 'problem');
  $('bar').replaceChildren(
    select(t('pickClass'), c.groups.map((g) => ({ id: g.id, label: g.name })), c.groupId, (id) => choose({ group: id }).catch(fail)),
    ...(c.groupId ? [select(t('pickSubject'), c.assignments.map((a) => ({ id: a.id, label: a.subgroup ? `${a.subject} (${a.subgroup})` : a.subject })), c.assignmentId, (id) => choose({ assignment: id }).catch(fail))] : []),
    ...(c.assignmentId ? [select(t('pickPeriod'), c.periods.map((p) => ({ id: p.id, label: p.name })), c.periodId, (id) => loadGrid(c.assignmentId, id).catch(fail))] : []),
  );
}

async function loadGrid(assignmentId, periodId) {
  status(t('loading'));
  const grid = await api('GET', `/grid?assignment=${assignmentId}${periodId ? `&period=${periodId}` : ''}`);
  state.grid = grid;
  state.choices.periodId = grid.page.period.id;
  history.replaceState(null, '', `${location.pathname}?assignment=${assignmentId}&period=${grid.page.period.id}`);
  drawGrid();
}

function drawGrid() {
  const { grid } = state;
  const notices = [];
  if (grid.page.reach === 'substituted') notices.push(el('p', { className: 'hint', text: t('substituted') }));
  if (!grid.page.lessons.length) notices.push(el('p', { className: 'hint', text: t('noLessons') }));
  $('main').replaceChildren(...notices, renderGrid(grid, t, state.language, openCell));
  // The newest lessons are at the right, where the teacher works: start there.
  const scroller = $('main').querySelector('.scroller');
  if (scroller) scroller.scrollLeft = scroller.scrollWidth;
}

function openCell(studentIndex, lessonIndex) {
  const { grid } = state;
  const student = grid.page.students[studentIndex];
  const lesson = grid.page.lessons[lessonIndex];
  openEditor($('editor'), { grid, student, lesson, t, save: (kind, body, markId) => save(kind, body, markId, student, lesson) });
}

const ROUTES = {
  give: () => ['POST', '/marks'],
  change: (id) => ['PATCH', `/marks/${id}`],
  remove: (id) => ['DELETE', `/marks/${id}`],
  attendance: () => ['PUT', '/attendance'],
};

async function save(kind, body, markId, student, lesson) {
  const { grid } = state;
  const place = { assignmentId: grid.page.assignment.id, periodId: grid.page.period.id, studentId: student.id };
  const [method, path] = ROUTES[kind](markId);
  try {
    const answer = await api(method, path, { ...place, ...(kind === 'give' || kind === 'attendance' ? { lessonId: lesson.id } : {}), ...body });
    redrawStudent(answer.student, answer.editableLessons);
    toast(t('saved'));
  } catch (err) {
    // Someone else changed the cell meanwhile: show what is there now, and say so.
    if (err.status === 409) await loadGrid(grid.page.assignment.id, grid.page.period.id).catch(() => undefined);
    throw err;
  }
}

function redrawStudent(student, editableLessons) {
  const { grid } = state;
  grid.editableLessons = editableLessons;
  const index = grid.page.students.findIndex((s) => s.id === student.id);
  if (index < 0) return;
  grid.page.students[index] = student;
  const row = $('main').querySelector(`tbody tr[data-s="${index}"]`);
  row?.replaceWith(studentRow(grid, student, index, t, state.language));
}

void start();
