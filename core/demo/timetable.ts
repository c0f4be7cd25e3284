import type { Random } from './prng.js';

/**
 * One weekly lesson line of a group: a subject for `perWeek` lessons, with every teacher and room it
 * occupies at once (two of each when the class is split into subgroups taught side by side).
 */
export interface LessonUnit {
  key: string;
  group: string;
  perWeek: number;
  teachers: readonly string[];
  rooms: readonly string[];
}

export interface Placement {
  unit: LessonUnit;
  weekday: number;
  lessonNumber: number;
}

/** Lessons a day for a week of `total` lessons, the longer days in the middle of the week: 31 → 6,7,6,6,6. */
export function dayLoads(total: number, days = 5): number[] {
  const loads = Array.from({ length: days }, () => Math.floor(total / days));
  const longerFirst = [1, 2, 3, 0, 4];
  for (let i = 0; i < total % days; i++) loads[longerFirst[i]!]! += 1;
  return loads;
}

const maxPerDay = (unit: LessonUnit) => (unit.perWeek > 5 ? 2 : 1);

/**
 * A conflict-free week: every group has its lessons from the first one on without gaps, no teacher, room or
 * group is booked twice at the same weekday and lesson number, and a subject comes at most once a day.
 * Depth-first search with pruning, restarted with another order if it runs too long.
 */
export function buildTimetable(units: readonly LessonUnit[], loads: ReadonlyMap<string, number[]>, random: Random): Placement[] {
  for (const [group, perDay] of loads) {
    const lessons = units.filter((u) => u.group === group).reduce((sum, u) => sum + u.perWeek, 0);
    if (lessons !== perDay.reduce((a, b) => a + b, 0)) throw new Error(`group ${group}: ${lessons} lessons do not fill its week`);
  }
  for (let attempt = 0; attempt < 100; attempt++) {
    const placed = search(units, loads, random, 50_000);
    if (placed) return placed;
  }
  throw new Error('no conflict-free timetable found');
}

function search(units: readonly LessonUnit[], loads: ReadonlyMap<string, number[]>, random: Random, budget: number): Placement[] | undefined {
  const days = Math.max(...[...loads.values()].map((l) => l.length));
  const maxLessons = Math.max(...[...loads.values()].flat());
  const cells: { group: string; day: number; lesson: number }[] = [];
  for (let lesson = 1; lesson <= maxLessons; lesson++) {
    for (let day = 1; day <= days; day++) {
      for (const [group, perDay] of loads) if (lesson <= (perDay[day - 1] ?? 0)) cells.push({ group, day, lesson });
    }
  }
  const remaining = new Map(units.map((u) => [u.key, u.perWeek]));
  const usedOnDay = new Map<string, number>();
  const cellsLeft = new Map<string, number>();
  for (const [group, perDay] of loads) perDay.forEach((n, i) => cellsLeft.set(`${group}|${i + 1}`, n));
  const busy = new Set<string>();
  const byGroup = new Map<string, LessonUnit[]>();
  for (const u of units) byGroup.set(u.group, [...(byGroup.get(u.group) ?? []), u]);
  const placed: Placement[] = [];
  let steps = 0;

  const capacity = (u: LessonUnit) => {
    let total = 0;
    for (let day = 1; day <= days; day++) {
      total += Math.min(maxPerDay(u) - (usedOnDay.get(`${u.key}|${day}`) ?? 0), cellsLeft.get(`${u.group}|${day}`) ?? 0);
    }
    return total;
  };
  const feasible = (group: string) => (byGroup.get(group) ?? []).every((u) => remaining.get(u.key)! <= capacity(u));

  const place = (u: LessonUnit, day: number, lesson: number, sign: 1 | -1) => {
    remaining.set(u.key, remaining.get(u.key)! - sign);
    usedOnDay.set(`${u.key}|${day}`, (usedOnDay.get(`${u.key}|${day}`) ?? 0) + sign);
    cellsLeft.set(`${u.group}|${day}`, cellsLeft.get(`${u.group}|${day}`)! - sign);
    for (const r of [...u.teachers.map((t) => `t:${t}`), ...u.rooms.map((r) => `r:${r}`)]) {
      if (sign === 1) busy.add(`${r}|${day}|${lesson}`);
      else busy.delete(`${r}|${day}|${lesson}`);
    }
  };

  const fill = (index: number): boolean => {
    if (index === cells.length) return true;
    if (++steps > budget) return false;
    const { group, day, lesson } = cells[index]!;
    const candidates = random
      .shuffle(byGroup.get(group) ?? [])
      .filter((u) => remaining.get(u.key)! > 0 && (usedOnDay.get(`${u.key}|${day}`) ?? 0) < maxPerDay(u))
      .filter((u) => u.teachers.every((t) => !busy.has(`t:${t}|${day}|${lesson}`)) && u.rooms.every((r) => !busy.has(`r:${r}|${day}|${lesson}`)))
      .map((u) => ({ u, tightness: remaining.get(u.key)! / Math.max(1, capacity(u)) }))
      .sort((a, b) => b.tightness - a.tightness);
    for (const { u } of candidates) {
      place(u, day, lesson, 1);
      placed.push({ unit: u, weekday: day, lessonNumber: lesson });
      if (feasible(group) && fill(index + 1)) return true;
      placed.pop();
      place(u, day, lesson, -1);
      if (steps > budget) return false;
    }
    return false;
  };
  return fill(0) ? placed : undefined;
}
