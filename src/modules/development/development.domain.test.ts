import { describe, expect, it } from 'vitest';
import { readFrameworkText } from './development.domain.js';

describe('a framework typed as lines', () => {
  it('reads the scale and the domains with their components', () => {
    const { value, problems } = readFrameworkText(
      '2 Developing\n1 - Starting out\n\n3: Established',
      '# Purpose: why we lead\n- Moral purpose: every pupil\n- Vision\n# People\n• Coaching: growing others',
    );
    expect(problems).toEqual([]);
    expect(value!.scale).toEqual([
      { value: 1, label: 'Starting out' },
      { value: 2, label: 'Developing' },
      { value: 3, label: 'Established' },
    ]);
    expect(value!.domains.map((d) => [d.name, d.description, d.components.map((c) => c.name)])).toEqual([
      ['Purpose', 'why we lead', ['Moral purpose', 'Vision']],
      ['People', '', ['Coaching']],
    ]);
  });

  it('names the line of each problem, in words', () => {
    const { value, problems } = readFrameworkText('1 Low\n1 Again\nhigh', '- Orphan\n# Empty\nloose words');
    expect(value).toBeUndefined();
    expect(problems.map((p) => p.message)).toEqual([
      'Line 2 of the scale uses the number 1 again: give each step its own number',
      'Line 3 of the scale needs a number and then its label, for example “1 Starting out”',
      'Line 1 is a component before any domain: start with a line such as “# Setting direction”',
      'Line 3 should start with “#” for a domain or “-” for one of its components',
      'The domain “Empty” needs at least one component, on a line starting with “-” under it',
    ]);
  });

  it('asks for two steps and a domain when given too little', () => {
    expect(readFrameworkText('1 Only', '').problems.map((p) => p.message)).toEqual([
      'Give the scale at least two steps, one on each line',
      'Give at least one domain, on a line starting with “#”',
    ]);
  });
});
