import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staffActor, type Actor } from '../../core/access/actor.js';
import { AuditEntry } from '../../core/audit/audit-entry.entity.js';
import { archiveClass, readArchiveContent } from '../../core/archive/archive-content.js';
import { renderArchivePdf } from '../../core/archive/archive-pdf.js';
import { contentsSheets } from '../../core/archive/archive-pdf-front.js';
import { JournalArchive } from '../../core/archive/journal-archive.entity.js';
import { translator } from '../../core/i18n/i18n.js';
import { seedLoadSchool } from '../../core/demo/load/seed-load-school.js';
import { verifyManifest } from '../../core/integrity/manifest.js';
import { fixedClock, MovableClock } from '../../core/time/clock.js';
import { pdfPageCount, pdfText } from '../support/pdf-text.js';
import { createTestCore, type TestCore } from '../support/test-core.js';

/**
 * The year-end archive of one class of a school with a whole year of journal (seed:load, 2026/2027): what the
 * PDF holds, the signed set on disk, a flipped byte found, and the retention (5 and 25 years from 1 January
 * after the year's end) kept to the day.
 */
describe('the year-end archive of a class', () => {
  let t: TestCore;
  let dir: string;
  let director: Actor;
  let group: { id: number; name: string };
  let subjects: string[];
  const clock = new MovableClock('2027-06-15T09:00:00Z');
  const sql = <T>(query: string, params: unknown[] = []) => t.orm.em.fork().getConnection().execute<T[]>(query, params);
  const rows = (set: string) => t.orm.em.fork().find(JournalArchive, { setDir: set }, { orderBy: { kind: 'asc' } });

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'klassny-archive-'));
    t = await createTestCore({ ARCHIVE_DIR: path.join(dir, 'archive'), KEYS_DIR: path.join(dir, 'keys') }, clock);
    const { schoolId } = await seedLoadSchool(t.orm.em.fork(), fixedClock('2026-10-15T09:00:00Z'), { students: 40, name: 'Архивная школа', marksPerStudent: 150 });
    group = (await sql<{ id: number; name: string }>(
      `select g.id, g.name from school_group g where g.school_id = ? and g.grade_level = 7 order by g.name limit 1`, [schoolId]))[0]!;
    subjects = (await sql<{ name: string }>(
      'select distinct s.name from teaching_assignment a join subject s on s.id = a.subject_id where a.group_id = ?', [group!.id])).map((r) => r.name);
    const [head] = await sql<{ id: number }>("select id from staff where school_id = ? and 'director' = any(roles)", [schoolId]);
    director = staffActor({ schoolId, staffId: head!.id, roles: ['director'], classGroupIds: [], source: 'panel' });
  }, 180_000);
  afterAll(async () => {
    await t?.close();
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  it('prints the whole year in one PDF: title, contents with page numbers, every subject, the summary sheet, the programme, the acceptance', async () => {
    const made = await t.core.unitOfWork(() => t.core.archives.make(group.id, director, { compress: false }));
    expect(made.map((r) => r.kind)).toEqual(['journal', 'summary']);
    const journal = await fs.readFile(t.core.archives.store.resolve(made[0]!.path));
    expect(journal.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfText(journal);
    const pages = pdfPageCount(journal);
    expect(pages).toBeGreaterThan(50);
    expect(text).toContain('Классный журнал');
    expect(text).toContain(`Класс: ${group.name}`);
    expect(text).toContain('2026/2027 учебный год (01.09.2026 – 31.05.2027)');
    expect(text).toContain('Содержание');
    expect(subjects.length).toBeGreaterThan(5);
    for (const subject of subjects) expect(text, subject).toContain(subject);
    // The journal sheets as the journal view prints them, term by term, with the topics' facing sheets.
    expect(text).toContain('Отметки и посещаемость');
    expect(text).toContain('Даты, темы уроков и домашние задания');
    expect(text).toContain('1 четверть (01.09.2026 – 25.10.2026)');
    expect(text).toContain('Сводная ведомость итоговых отметок');
    expect(text).toContain(`${group.name} — Учебный год`);
    expect(text).toMatch(/Программа выполнена: по плану \d+, фактически \d+|Не пройден/);
    expect(text).toContain('Журнал проверен и принят для сдачи в архив.');
    expect(text).toContain(`В журнале пронумеровано страниц: ${pages}.`);
    expect(text).toContain(`стр. 1 из ${pages}`);
    expect(text).toContain(`стр. ${pages} из ${pages}`);
    expect(text).toContain('Срок хранения: журнал — до 01.01.2033, сводная ведомость — до 01.01.2053');

    const summary = await fs.readFile(t.core.archives.store.resolve(made[1]!.path));
    expect(summary.subarray(0, 5).toString()).toBe('%PDF-');
    const sheet = pdfText(summary);
    expect(sheet).toContain('Сводная ведомость итоговых отметок');
    expect(sheet).toContain(`Класс: ${group.name}`);
    expect(sheet).toContain('Успеваемость, %');
  }, 120_000);

  it('lists each subject in the contents with the page its journal starts on', async () => {
    const tr = translator(t.core.i18n, 'ru');
    const { content, pdf } = await t.core.unitOfWork(async () => {
      const em = t.orm.em;
      const read = await readArchiveContent(em, await archiveClass(em, group.id, undefined), t.core.journalPages, tr, (zone) => clock.today(zone));
      return { content: read, pdf: await renderArchivePdf(read, { madeAt: clock.now(), madeBy: 'Тест', expires: { journal: '2033-01-01', summary: '2053-01-01' } }, tr, 'ru', { compress: false }) };
    });
    const pages = pdf.contents.map((l) => l.page);
    // After the title page and the contents' own sheets; in the document's order; the acceptance on the last page.
    expect(pages[0]).toBe(2 + contentsSheets(pdf.contents));
    expect(pages.every((p, i) => p !== undefined && (i === 0 || p >= pages[i - 1]!))).toBe(true);
    expect(pages[pages.length - 1]).toBe(pdf.pages);
    expect(pdf.contents.filter((l) => l.level === 0).map((l) => l.title)).toEqual([
      ...content.subjects.map((s) => `${s.title} — ${s.teacher}`), 'Сводная ведомость итоговых отметок', 'Выполнение программы', 'Приём журнала в архив',
    ]);
    const text = pdfText(pdf.file);
    for (const line of pdf.contents) expect(text).toContain(line.title);
    // Each subject's first page is a marks sheet of that subject.
    expect(text).toContain(`Журнал: ${group.name} — ${content.subjects[0]!.title}`);
  }, 120_000);

  it('signs the set: the manifest lists both files with their checksums, verifies with the public key, and a flipped byte is found and recorded', async () => {
    const made = await t.core.unitOfWork(() => t.core.archives.make(group.id, director));
    const set = t.core.archives.store.resolve(made[0]!.setDir);
    expect((await fs.readdir(set)).sort()).toEqual(['journal.pdf', 'manifest.json', 'manifest.sig', 'summary.pdf']);
    const manifest = JSON.parse(await fs.readFile(path.join(set, 'manifest.json'), 'utf8')) as { files: { name: string; sha256: string }[]; meta: Record<string, unknown> };
    expect(manifest.files.map((f) => [f.name, f.sha256])).toEqual([['journal.pdf', made[0]!.sha256], ['summary.pdf', made[1]!.sha256]]);
    expect(manifest.meta).toMatchObject({ class: { id: group.id, name: group.name }, year: { name: '2026/2027' }, kinds: ['journal', 'summary'],
      retention: { journal: '2033-01-01', summary: '2053-01-01' } });
    const pem = (await t.core.integrity.keys()).publicKeyPem();
    expect((await verifyManifest(set, pem)).ok).toBe(true);

    const file = path.join(set, 'journal.pdf');
    const bytes = await fs.readFile(file);
    const at = Math.floor(bytes.length / 2);
    bytes[at] = bytes[at]! ^ 0x01;
    await fs.writeFile(file, bytes);
    const verification = await t.core.unitOfWork(() => t.core.archives.verify(made[1]!.id, director));
    expect(verification.ok).toBe(false);
    expect(verification.problems).toEqual([{ file: 'journal.pdf', kind: 'changed' }]);
    expect((await rows(made[0]!.setDir)).map((r) => [r.kind, r.verifyState])).toEqual([['journal', 'changed'], ['summary', 'ok']]);
    // The weekly job checks every kept set: the first test's set is whole, this one is not.
    expect(await t.core.archiveHousekeeping.verifyAll()).toEqual({ done: 1, failed: 1 });
    const audited = await t.orm.em.fork().find(AuditEntry, { entity: 'JournalArchive', action: 'update', entityId: String(made[0]!.id) });
    expect(audited.map((a) => a.after)).toContainEqual(expect.objectContaining({ verifyState: 'changed' }));
  }, 120_000);

  it('keeps the journal 5 years and the summary sheet 25, from 1 January after the year: not a day less; the rows stay', async () => {
    const made = await t.core.unitOfWork(() => t.core.archives.make(group.id, director));
    const [journal, summary] = made.map((r) => t.core.archives.store.resolve(r.path));
    expect(made.map((r) => r.expiresOn)).toEqual(['2033-01-01', '2053-01-01']);

    // 31.12.2032 23:30 in Moscow: still the last day of the journal's retention there.
    clock.set('2032-12-31T20:30:00Z');
    expect(await t.core.archiveHousekeeping.deleteExpired()).toEqual({ done: 0, failed: 0 });
    await expect(fs.access(journal!)).resolves.toBeUndefined();

    // 01.01.2033 00:30 in Moscow: every journal of 2026/2027 may go; the summary sheets stay.
    clock.set('2032-12-31T21:30:00Z');
    const result = await t.core.archiveHousekeeping.deleteExpired();
    expect(result.failed).toBe(0);
    expect(result.done).toBeGreaterThanOrEqual(1);
    await expect(fs.access(journal!)).rejects.toThrow();
    await expect(fs.access(summary!)).resolves.toBeUndefined();
    const kept = await rows(made[0]!.setDir);
    expect(kept.map((r) => [r.kind, r.deletedAt === null])).toEqual([['journal', false], ['summary', true]]);
    const deletion = await t.orm.em.fork().findOne(AuditEntry, { entity: 'JournalArchive', action: 'delete', entityId: String(made[0]!.id) });
    expect(deletion).toMatchObject({ source: 'job', actorKind: 'system', before: expect.objectContaining({ kind: 'journal', expiresOn: '2033-01-01' }) });
    // The set still checks out for what it keeps.
    expect((await t.core.unitOfWork(() => t.core.archives.verify(made[1]!.id, director))).ok).toBe(true);

    clock.set('2052-12-31T20:30:00Z');
    await t.core.archiveHousekeeping.deleteExpired();
    await expect(fs.access(summary!)).resolves.toBeUndefined();
    clock.set('2052-12-31T21:30:00Z');
    await t.core.archiveHousekeeping.deleteExpired();
    await expect(fs.access(summary!)).rejects.toThrow();
    // The whole set is gone with its last file; its rows remain as the record that it existed.
    await expect(fs.access(t.core.archives.store.resolve(made[0]!.setDir))).rejects.toThrow();
    expect((await rows(made[0]!.setDir)).every((r) => r.deletedAt !== null)).toBe(true);
    clock.set('2027-06-15T09:00:00Z');
  }, 120_000);
});
