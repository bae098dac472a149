import { toCsv } from '../../platform/csv/csv-writer.js';
import { createRandom } from '../../shared/random.js';
import type { LandscapeBatch } from '../landscape/index.js';

/** The academic years the demo system has results for. */
export const DEMO_PERIODS = ['2022/23', '2023/24', '2024/25'];
/** The trust whose pupils answer the demo voice survey. */
export const DEMO_SURVEY_TRUST = 'DEMO-T1';

const clamp = (v: number, low: number, high: number) => Math.min(high, Math.max(low, v));
const round1 = (v: number) => Math.round(v * 10) / 10;

/**
 * Three years of indicator values for the demo's open schools, in Syslead's long import format
 * (urn,indicator,period,value,numerator,denominator). Riverside Learning Trust is given a
 * shared strength (low absence) and a shared need (maths progress) to find.
 */
export function generateDemoIndicators(batch: LandscapeBatch, seed = 20062): string {
  const rnd = createRandom(seed);
  const riverside = new Set(
    batch.relationships.filter((r) => r.type === 'membership' && r.toKey === 't1').map((r) => r.fromKey),
  );
  const rows: unknown[][] = [];
  for (const school of batch.organisations) {
    if (school.kind !== 'school' || school.status !== 'open' || !school.urn) continue;
    const inRiverside = riverside.has(school.key);
    let pupils = school.pupils ?? 200;
    const fsmShare = (school.fsmPercent ?? 20) / 100;
    const absenceBase = 4.5 + rnd.next() * 3 - (inRiverside ? 1.2 : 0);
    const mathsBase = (rnd.next() - 0.5) * 3 - (inRiverside ? 1.5 : 0);
    const readingBase = (rnd.next() - 0.4) * 3;
    const grade = rnd.next() < 0.15 ? 4 : rnd.next() < 0.8 ? 3 : 2;
    for (const [i, period] of DEMO_PERIODS.entries()) {
      pupils = Math.max(20, Math.round(pupils * (0.96 + rnd.next() * 0.08)));
      const fsm = Math.round(pupils * clamp(fsmShare + (rnd.next() - 0.5) * 0.04, 0.02, 0.9));
      rows.push([school.urn, 'census-pupils', period, pupils, '', '']);
      rows.push([school.urn, 'census-fsm-ever-percent', period, round1((fsm / pupils) * 100), fsm, pupils]);
      const absence = round1(clamp(absenceBase - i * 0.3 + (rnd.next() - 0.5), 2, 15));
      rows.push([school.urn, 'absence-overall-percent', period, absence, '', '']);
      rows.push([
        school.urn,
        'absence-persistent-percent',
        period,
        round1(clamp(absence * 2.6 + (rnd.next() - 0.5) * 4, 3, 45)),
        '',
        '',
      ]);
      if (school.phase === 'primary') {
        rows.push([school.urn, 'ks2-reading-progress', period, round1(readingBase + (rnd.next() - 0.5)), '', '']);
        rows.push([school.urn, 'ks2-writing-progress', period, round1((rnd.next() - 0.5) * 3), '', '']);
        rows.push([school.urn, 'ks2-maths-progress', period, round1(mathsBase + i * 0.2 + (rnd.next() - 0.5)), '', '']);
      }
    }
    rows.push([school.urn, 'ofsted-overall', '2023/24', grade, '', '']);
  }
  return toCsv(['urn', 'indicator', 'period', 'value', 'numerator', 'denominator'], rows);
}

/**
 * Answers for the demo pupil survey: for each school a number of pupils (one school with
 * fewer than ten, to show results being withheld), each answering every question.
 */
export function generateDemoAnswers(
  schoolIds: number[],
  seed = 20063,
): Array<{ organisationId: number; answers: string[] }> {
  const rnd = createRandom(seed);
  const ideas = [
    'More clubs after school',
    'A quieter place at lunch',
    'More trips',
    'Better toilets',
    'More books in the library',
    'Longer break',
    '',
  ];
  const responses: Array<{ organisationId: number; answers: string[] }> = [];
  for (const [index, organisationId] of schoolIds.entries()) {
    const respondents = index === 0 ? 7 : rnd.int(14, 40);
    const mood = 0.55 + rnd.next() * 0.35;
    for (let i = 0; i < respondents; i++) {
      const happy = rnd.next() < mood ? rnd.int(4, 5) : rnd.int(1, 3);
      const safe = rnd.next() < mood + 0.1 ? rnd.int(4, 5) : rnd.int(1, 3);
      responses.push({
        organisationId,
        answers: [String(happy), String(safe), String(rnd.int(1, 4)), rnd.pick(ideas)],
      });
    }
  }
  return responses;
}
