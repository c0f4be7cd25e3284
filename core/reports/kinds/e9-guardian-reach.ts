import { reportScope } from '../../access/report-scope.js';
import { percentRounded } from '../../journal/formulas/index.js';
import { ruDate } from '../../time/format.js';
import { digestTallies, guardianStandings, studentsOnDay, type DigestTally, type GuardianStanding } from '../guardian-reach-queries.js';
import type { ReportContext } from '../report-context.js';
import type { ReportKind } from '../report-kind.js';
import { integer, percent, text, type BarChart, type Cell } from '../report-model.js';

/** One row's figures: the students, their guardians, of those with consent and connected, the digests. */
interface Reach {
  students: number;
  guardians: number;
  consent: number;
  connected: number;
  digests: DigestTally;
}

function reachOf(students: number, guardians: GuardianStanding[], digests: DigestTally): Reach {
  return { students, guardians: guardians.length, consent: guardians.filter((g) => g.consent).length, connected: guardians.filter((g) => g.connected).length, digests };
}

const shares = (r: Reach) => ({
  consent: percentRounded(r.consent, r.guardians),
  connected: percentRounded(r.connected, r.guardians),
  acknowledged: percentRounded(r.digests.acknowledged, r.digests.sent),
});

function reachCells(r: Reach): Cell[] {
  const s = shares(r);
  return [integer(r.students), integer(r.guardians), integer(r.consent), percent(s.consent), integer(r.connected), percent(s.connected),
    integer(r.digests.sent), integer(r.digests.acknowledged), percent(s.acknowledged)];
}

const COLUMNS = ['students', 'guardians', 'consent', 'consentShare', 'connected', 'connectedShare', 'digestsSent', 'acknowledged', 'acknowledgedShare'];

/**
 * E9, guardian reach: per class in reach (the heads: every class; a class teacher: its own), its students and
 * their guardians as they stood at the end of the report (its last day, or today if that is earlier): those
 * with consent to the processing of personal data (G1), those the bot can reach (consent and a Telegram
 * binding in force), and the weekly digests (D11) of the weeks in the report sent and acknowledged
 * («Ознакомлен»), with shares in per cent; then a total row, where a guardian of children in two classes and
 * each digest count once.
 */
export const guardianReach: ReportKind = {
  id: 'E9',
  titleKey: 'reports:kind.E9.title',
  descriptionKey: 'reports:kind.E9.description',
  reach: 'classes',
  async build(ctx: ReportContext) {
    const { t, groups } = ctx;
    const asOf = ctx.range.to < ctx.today ? ctx.range.to : ctx.today;
    const students = await studentsOnDay(ctx.em, groups.map((g) => g.id), asOf);
    const everyone = [...new Set([...students.values()].flatMap((s) => [...s]))];
    const [standings, digests] = await Promise.all([
      guardianStandings(ctx.em, ctx.school, everyone, asOf),
      digestTallies(ctx.em, ctx.school.id, groups.map((g) => g.id), ctx.range),
    ]);
    const guardians = [...standings.values()];
    const byGroup = groups.map((g) => {
      const own = students.get(g.id) ?? new Set<number>();
      return reachOf(own.size, guardians.filter((s) => s.students.some((id) => own.has(id))), digests.byGroup.get(g.id) ?? { sent: 0, acknowledged: 0 });
    });
    const total = reachOf(everyone.length, guardians, digests.total);
    const narrowed = Object.keys(ctx.filters).length > 0 || !reportScope(ctx.actor)?.wholeSchool;

    const rows = [
      ...groups.map((g, i) => [text(g.name), ...reachCells(byGroup[i]!)]),
      [text(t(narrowed ? 'reports:E9.total' : 'reports:E9.schoolTotal')), ...reachCells(total)],
    ];
    const chart: BarChart = {
      title: t('reports:E9.chart'),
      labels: groups.map((g) => g.name),
      series: (['consent', 'connected', 'acknowledged'] as const).map((key) => ({
        name: t(`reports:E9.columns.${key}Share`),
        values: byGroup.map((r) => shares(r)[key]),
      })),
      unit: '%',
    };
    return {
      sections: [{
        title: t('reports:E9.byGroup'),
        columns: [{ title: t('reports:columns.group'), wide: true }, ...COLUMNS.map((key) => ({ title: t(`reports:E9.columns.${key}`) }))],
        rows,
        note: t(groups.length === 0 ? 'reports:E9.noClasses' : 'reports:E9.note', { date: ruDate(asOf) }),
      }],
      charts: groups.length > 1 ? [chart] : [],
    };
  },
};
