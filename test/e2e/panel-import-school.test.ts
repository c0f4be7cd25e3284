import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Subject } from '../../core/school/subject.entity.js';
import { panelClient } from '../support/panel-client.js';
import { closeTwoSchoolPanel, DEPLOYMENT_EMAIL, DEPLOYMENT_PASSWORD, openTwoSchoolPanel, type TwoSchoolPanel } from '../support/two-school-panel.js';

/** A multipart upload as the panel's form sends it: the school field (when given), then the file. */
function upload(file: { name: string; content: string }, school?: string): { payload: Buffer; headers: Record<string, string> } {
  const boundary = '----klassny-import-boundary';
  const parts = [
    ...(school === undefined ? [] : [`--${boundary}`, 'Content-Disposition: form-data; name="school"', '', school]),
    `--${boundary}`, `Content-Disposition: form-data; name="file"; filename="${file.name}"`, 'Content-Type: text/csv', '', `\uFEFF${file.content}`,
    `--${boundary}--`, '',
  ];
  return { payload: Buffer.from(parts.join('\r\n'), 'utf8'), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

const subjects = (name: string) => ({ name: 'subjects.csv', content: `Название;Без аттестации\r\n${name};нет\r\n` });

/** The panel's upload over HTTP: the school field is the client's word, and the server judges it. */
describe('the panel\'s import names its school (HTTP)', () => {
  let panel: TwoSchoolPanel;
  let client: ReturnType<typeof panelClient>;
  const count = () => panel.t.orm.em.fork().count(Subject, {});

  beforeAll(async () => {
    panel = await openTwoSchoolPanel();
    client = panelClient(() => panel.app);
  });
  afterAll(async () => {
    await closeTwoSchoolPanel(panel ?? {});
  });

  async function post(cookie: string, body: ReturnType<typeof upload>, query = '') {
    return panel.app.inject({ method: 'POST', url: `/admin/data/import/subjects${query}`, payload: body.payload, headers: { ...body.headers, cookie } });
  }
  const deployment = async () => {
    const res = await panel.app.inject({ method: 'POST', url: '/admin/login', payload: { email: DEPLOYMENT_EMAIL, password: DEPLOYMENT_PASSWORD } });
    return ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('klassny_panel='))!.split(';')[0]!;
  };

  it('offers the deployment administrator both schools and a school\'s administrator its own; a teacher none', async () => {
    const list = async (cookie: string) => panel.app.inject({ method: 'GET', url: '/admin/data/import/schools', headers: { cookie } });
    expect((await list(await deployment())).json()).toEqual({ schools: [{ id: panel.one.school.id, name: 'Школа № 1' }, { id: panel.two.school.id, name: 'Школа № 2' }] });
    expect((await list(await client.login(panel.two.logins.administrator))).json()).toEqual({ schools: [{ id: panel.two.school.id, name: 'Школа № 2' }] });
    expect((await list(await client.login(panel.one.logins.teacher))).statusCode).toBe(403);
  });

  it('refuses the deployment administrator\'s upload without a school, in the panel\'s language, and writes nothing', async () => {
    const before = await count();
    const res = await post(await deployment(), upload(subjects('Астрономия')));
    expect(res.statusCode).toBe(422);
    expect(res.json()).toEqual({ errors: ['Выберите школу, в которую загрузить файл.'] });
    const english = await post(await deployment(), upload(subjects('Астрономия'), ''), '?lang=en');
    expect(english.json()).toEqual({ errors: ['Choose the school to load the file into.'] });
    expect(await count()).toBe(before);
  });

  it('loads the deployment administrator\'s file into the school picked', async () => {
    const res = await post(await deployment(), upload(subjects('Астрономия'), String(panel.two.school.id)));
    expect(res.json()).toEqual({ imported: 1 });
    expect(await panel.t.orm.em.fork().count(Subject, { school: panel.two.school.id, name: 'Астрономия' })).toBe(1);
    expect(await panel.t.orm.em.fork().count(Subject, { school: panel.one.school.id, name: 'Астрономия' })).toBe(0);
  });

  it('refuses another school\'s id from a school\'s administrator, a forged id and a deleted school, writing nothing', async () => {
    const before = await count();
    const admin2 = await client.login(panel.two.logins.administrator);
    for (const school of [String(panel.one.school.id), '987654', 'x; drop table subject']) {
      const res = await post(admin2, upload(subjects('Риторика'), school));
      expect(res.statusCode).toBe(422);
      expect(res.json()).toEqual({ errors: ['Загружать файлы можно только в свою школу.'] });
    }
    const gone = await panel.t.orm.em.fork().getConnection().execute<{ id: number }[]>(`insert into school (name, created_at, updated_at) values ('Закрытая', now(), now()) returning id`);
    await panel.t.orm.em.fork().getConnection().execute(`delete from school where id = ${gone[0]!.id}`);
    const res = await post(await deployment(), upload(subjects('Риторика'), String(gone[0]!.id)));
    expect(res.json()).toEqual({ errors: ['Такой школы нет (возможно, она удалена): выберите школу из списка.'] });
    expect(await count()).toBe(before);
  });

  it('loads a school administrator\'s file into its own school, named or not', async () => {
    const admin1 = await client.login(panel.one.logins.administrator);
    expect((await post(admin1, upload(subjects('Экология')))).json()).toEqual({ imported: 1 });
    expect((await post(admin1, upload(subjects('Шахматы'), String(panel.one.school.id)))).json()).toEqual({ imported: 1 });
    expect(await panel.t.orm.em.fork().count(Subject, { school: panel.one.school.id, name: { $in: ['Экология', 'Шахматы'] } })).toBe(2);
  });
});
