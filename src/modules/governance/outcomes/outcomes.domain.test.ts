import { describe, expect, it } from 'vitest';
import { milestoneFor, orderedMilestones, pastDue, periodYear, reaches } from './outcomes.domain.js';

describe('the figures of an outcome against its milestones', () => {
  it('reads the year a period ends in', () => {
    expect(periodYear('2024/25')).toBe(2025);
    expect(periodYear('1999/00')).toBe(2000);
    expect(periodYear('2023')).toBe(2023);
    expect(periodYear('spring')).toBeUndefined();
  });

  it('finds the milestone of a period’s year and none for a year without one', () => {
    const milestones = [
      { year: 2025, value: 60 },
      { year: 2026, value: 65 },
    ];
    expect(milestoneFor(milestones, '2024/25')).toEqual({ year: 2025, value: 60 });
    expect(milestoneFor(milestones, '2027')).toBeUndefined();
  });

  it('judges a figure against a milestone by the better direction', () => {
    expect(reaches('higher', 61, 60)).toBe(true);
    expect(reaches('higher', 59, 60)).toBe(false);
    expect(reaches('lower', 4, 5)).toBe(true);
    expect(reaches('lower', 6, 5)).toBe(false);
    expect(reaches('neither', 6, 5)).toBeNull();
  });

  it('counts a commitment past due only while it is not done', () => {
    expect(pastDue({ dueOn: '2025-01-01', doneOn: null }, '2025-01-02')).toBe(true);
    expect(pastDue({ dueOn: '2025-01-01', doneOn: '2025-01-03' }, '2025-01-04')).toBe(false);
    expect(pastDue({ dueOn: '2025-01-02', doneOn: null }, '2025-01-02')).toBe(false);
    expect(pastDue({ dueOn: null, doneOn: null }, '2025-01-02')).toBe(false);
  });

  it('orders milestones oldest first', () => {
    expect(
      orderedMilestones([
        { year: 2027, value: 1 },
        { year: 2025, value: 2 },
      ]).map((m) => m.year),
    ).toEqual([2025, 2027]);
  });
});
