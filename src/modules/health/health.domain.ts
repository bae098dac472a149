/**
 * The rules of a local system's health that need no database: the sections merged from every
 * module, how a figure reads, how it moved, and the stage of maturity the figures show, after
 * "Leading networks leading the system" (a network grows from one leader's vision to values
 * that its schools hold and act on together).
 */
import type { HealthFigure, HealthReading, HealthSection } from '../definition.js';

/** A section as the view shows it: every module's figures under the section's key, in the list's order. */
export interface MergedSection {
  key: string;
  title: string;
  order: number;
  about: string;
  figures: HealthFigure[];
  parts: HealthSection[];
}

/** Sections with the same key, from several modules, as one; the first gives the title and place. */
export function mergeSections(sections: HealthSection[]): MergedSection[] {
  const merged = new Map<string, MergedSection>();
  const seen = new Set<string>();
  for (const section of sections) {
    for (const figure of section.figures) {
      if (seen.has(figure.key)) throw new Error(`Two health figures have the key "${figure.key}"`);
      seen.add(figure.key);
    }
    const found = merged.get(section.key);
    if (found) {
      found.figures.push(...section.figures);
      found.parts.push(section);
    } else
      merged.set(section.key, {
        key: section.key,
        title: section.title,
        order: section.order,
        about: section.about,
        figures: [...section.figures],
        parts: [section],
      });
  }
  return [...merged.values()].sort((a, b) => a.order - b.order);
}

/** A figure's value in words: 75% for a share, 12 days, 1.25 per school, a whole count. */
export function formatValue(figure: Pick<HealthFigure, 'unit'>, value: number | null | undefined): string {
  if (value === null || value === undefined) return 'Not known';
  switch (figure.unit) {
    case 'share':
      return `${Math.round(value * 1000) / 10}%`;
    case 'days':
      return `${Math.round(value * 10) / 10} ${Math.round(value * 10) / 10 === 1 ? 'day' : 'days'}`;
    case 'per-school':
      return `${Math.round(value * 100) / 100} per school`;
    default:
      return String(Math.round(value * 100) / 100);
  }
}

/** How a figure moved from one reading to another, in words that follow which way is better. */
export function movement(
  figure: Pick<HealthFigure, 'unit' | 'better'>,
  from: number | null | undefined,
  to: number | null | undefined,
): { words: string; verdict: 'better' | 'worse' | 'same' | 'unknown' } {
  if (from === null || from === undefined || to === null || to === undefined)
    return { words: 'Cannot be compared', verdict: 'unknown' };
  if (Math.abs(to - from) < 1e-9) return { words: `No change (${formatValue(figure, to)})`, verdict: 'same' };
  const rose = to > from;
  const words = `${rose ? 'Rose' : 'Fell'} from ${formatValue(figure, from)} to ${formatValue(figure, to)}`;
  if (!figure.better) return { words, verdict: 'unknown' };
  const better = (figure.better === 'higher') === rose;
  return { words: `${words}, ${better ? 'better' : 'worse'}`, verdict: better ? 'better' : 'worse' };
}

/** A condition of a stage: what it asks, in words, and whether the readings meet it. */
interface StageTest {
  text: string;
  met(value: (key: string) => number | null): boolean;
}

const atLeast = (key: string, min: number) => (value: (key: string) => number | null) => (value(key) ?? -1) >= min;

/**
 * The stages a network passes through, in our words after "Leading networks leading the
 * system", each with the evidence the figures must give. A stage is reached when its evidence
 * and every earlier stage's hold; the partnership's leaders confirm the reading or say why not.
 */
export const MATURITY_STAGES: Array<{ stage: number; name: string; about: string; tests: StageTest[] }> = [
  {
    stage: 1,
    name: 'Coming together',
    about: 'Schools have begun to work with one another, often around one leader’s vision.',
    tests: [
      { text: 'At least one school has a support, partnership or peer tie', met: atLeast('connected-share', 1e-9) },
    ],
  },
  {
    stage: 2,
    name: 'Building trust',
    about: 'Relationships come first: most schools are tied to others, and they ask for and give help.',
    tests: [
      {
        text: 'Half of the schools or more have a support, partnership or peer tie',
        met: atLeast('connected-share', 0.5),
      },
      {
        text: 'Requests for help have been answered with an accepted offer',
        met: atLeast('days-to-accepted-offer', 0),
      },
    ],
  },
  {
    stage: 3,
    name: 'Sharing leadership',
    about: 'Leadership is spread: people other than heads hold system roles, and leaders grow one another.',
    tests: [
      {
        text: 'A quarter or more of system-leadership roles are held by people who are not headteachers',
        met: atLeast('roles-not-heads-share', 0.25),
      },
      { text: 'At least one mentoring relation is active', met: atLeast('mentoring-relations', 1) },
    ],
  },
  {
    stage: 4,
    name: 'Acting on shared values',
    about: 'Practice travels between schools and is kept, and decisions taken together are followed through.',
    tests: [
      { text: 'At least one practice has been adopted by another school', met: atLeast('practices-adopted', 1) },
      { text: 'Half or more of the trials judged were kept', met: atLeast('kept-share', 0.5) },
      {
        text: 'Half or more of the decisions due for review were reviewed on time',
        met: atLeast('decisions-reviewed-on-time', 0.5),
      },
    ],
  },
];

/** The stage the readings show (0 before the first), with each stage's evidence met or not. */
export function judgeMaturity(readings: Record<string, HealthReading>): {
  stage: number;
  evidence: Array<{ stage: number; text: string; met: boolean }>;
} {
  const value = (key: string) => readings[key]?.value ?? null;
  const evidence = MATURITY_STAGES.flatMap((s) =>
    s.tests.map((t) => ({ stage: s.stage, text: t.text, met: t.met(value) })),
  );
  let stage = 0;
  for (const s of MATURITY_STAGES) {
    if (!evidence.filter((e) => e.stage === s.stage).every((e) => e.met)) break;
    stage = s.stage;
  }
  return { stage, evidence };
}

/** The name of a stage (0: not yet begun). */
export function stageName(stage: number): string {
  return MATURITY_STAGES.find((s) => s.stage === stage)?.name ?? 'Not yet begun';
}
