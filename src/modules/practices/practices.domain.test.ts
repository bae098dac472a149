import { describe, expect, it } from 'vitest';
import { honestTrialProblem, impactInMonths, reviewDateFor, trialStartProblem } from './practices.domain.js';

describe('a trial’s review date', () => {
  it('falls six months on, on the last day of a shorter month', () => {
    expect(reviewDateFor('2026-03-15')).toBe('2026-09-15');
    expect(reviewDateFor('2026-08-31')).toBe('2027-02-28');
    expect(reviewDateFor('2027-08-31')).toBe('2028-02-29');
    expect(reviewDateFor('2026-01-10', 3)).toBe('2026-04-10');
  });
});

describe('the honest-trial rule', () => {
  it('asks for a reason to stop before the review date, and only then', () => {
    expect(honestTrialProblem('stop', '', '2026-05-01', '2026-09-15')).toMatch(/Say why/);
    expect(honestTrialProblem('stop', '   ', '2026-05-01', '2026-09-15')).toMatch(/Say why/);
    expect(honestTrialProblem('stop', '\u200b\u200d\u2066 ', '2026-05-01', '2026-09-15')).toMatch(/Say why/);
    expect(honestTrialProblem('stop', 'The lead left and nobody else is trained', '2026-05-01', '2026-09-15')).toBe(
      undefined,
    );
    expect(honestTrialProblem('stop', '', '2026-09-15', '2026-09-15')).toBe(undefined);
    expect(honestTrialProblem('keep', '', '2026-05-01', '2026-09-15')).toBe(undefined);
    expect(honestTrialProblem('adapt', '', '2026-05-01', '2026-09-15')).toBe(undefined);
  });
});

describe('the toolkit’s impact', () => {
  it('reads in months with its sign', () => {
    expect(impactInMonths(5)).toBe('+5 months');
    expect(impactInMonths(1)).toBe('+1 month');
    expect(impactInMonths(-2)).toBe('−2 months');
    expect(impactInMonths(0)).toBe('No additional progress');
  });
});

describe('a trial’s start', () => {
  it('may be recorded up to 62 days after it began, not further back', () => {
    expect(trialStartProblem('2026-09-30', '2026-12-01')).toBe(undefined);
    expect(trialStartProblem('2026-12-20', '2026-12-01')).toBe(undefined);
    expect(trialStartProblem('2026-09-29', '2026-12-01')).toMatch(/no more than 62 days ago/);
  });
});
