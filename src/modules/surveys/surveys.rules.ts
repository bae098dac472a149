import type { Question } from './surveys.repository.js';

/** The agree–disagree scale, from 1 to 5; agreeing is 4 or 5. */
export const SCALE = ['Strongly disagree', 'Disagree', 'Neither agree nor disagree', 'Agree', 'Strongly agree'];
const AGREEING = new Set(['4', '5']);

/** How one organisation's respondents answered one closed question. */
export interface Tally {
  /** People per answer, in the order of the answers (scale: 1–5). */
  counts: number[];
  /** People who answered the question: the base every figure of the question is shown against. */
  answered: number;
  /** People giving the counted answer (agreeing, or the counted choice); null when the question counts none. */
  counted: number | null;
}

/** Counts one organisation's answers to one closed question (rows: how many gave each answer value). */
export function tallyOf(
  question: Pick<Question, 'type' | 'options' | 'countedOption'>,
  rows: Array<{ value: string; n: number }>,
): Tally {
  const size = question.type === 'scale' ? SCALE.length : question.options.length;
  const counts = Array.from({ length: size }, (_, i) =>
    rows.filter((r) => r.value === String(i + 1)).reduce((sum, r) => sum + r.n, 0),
  );
  const answered = counts.reduce((a, b) => a + b, 0);
  const counted =
    question.type === 'scale'
      ? rows.filter((r) => AGREEING.has(r.value)).reduce((sum, r) => sum + r.n, 0)
      : question.type === 'choice' && question.countedOption
        ? (counts[question.countedOption - 1] ?? 0)
        : null;
  return { counts, answered, counted };
}

/** One question's result for one organisation, as every reader (page, CSV) sees it. */
export interface QuestionResult {
  question: Question;
  /** True when the figures of this question are not shown: too few answered it, or the survey is still open. */
  withheld: boolean;
  /** How many answered (closed questions) or wrote an answer (free text); null when withheld. */
  answered: number | null;
  /** People per answer; null when withheld and for free text. */
  counts: number[] | null;
  /** Share agreeing (scale) or choosing the counted option (choice), in percent; null when withheld or not counted. */
  share: number | null;
  /** Written answers in alphabetical order, for the organisation's own leaders only; null otherwise. */
  texts: string[] | null;
}

/**
 * The minimum rule, per figure. A question's figures are shown only when at least `minimum`
 * people answered that question (for free text: wrote an answer to it), and only once the survey
 * has closed; an organisation's passing the minimum overall is not enough.
 *
 * Once a question's base reaches the minimum, all its counts by answer are shown, small ones
 * included. Hiding a single small count would not protect it: the others and the base give it
 * back by subtraction, so the unit of suppression is the whole question. The base itself is the
 * protection: every answer shown is one among at least `minimum` people, with no breakdown by
 * any other answer or attribute. Nothing is shown while the survey is open, so figures read on
 * two days cannot be subtracted to find what one late respondent said.
 */
export function questionResult(
  question: Question,
  input: {
    closed: boolean;
    minimum: number;
    answerRows: Array<{ value: string; n: number }>;
    written: number;
    texts: string[] | null;
  },
): QuestionResult {
  const hidden = { question, withheld: true, answered: null, counts: null, share: null, texts: null };
  if (!input.closed) return hidden;
  if (question.type === 'text') {
    if (input.written < input.minimum) return hidden;
    return {
      question,
      withheld: false,
      answered: input.written,
      counts: null,
      share: null,
      texts: input.texts ? [...input.texts].sort(byText) : null,
    };
  }
  const tally = tallyOf(question, input.answerRows);
  if (tally.answered < input.minimum) return hidden;
  return {
    question,
    withheld: false,
    answered: tally.answered,
    counts: tally.counts,
    share: tally.counted === null ? null : (tally.counted / tally.answered) * 100,
    texts: null,
  };
}

/** Alphabetical order, the same on every database: never the order in which people answered. */
export function byText(a: string, b: string): number {
  return a.localeCompare(b, 'en', { sensitivity: 'base' }) || (a < b ? -1 : a > b ? 1 : 0);
}
