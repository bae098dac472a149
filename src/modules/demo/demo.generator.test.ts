import { describe, expect, it } from 'vitest';
import { classifyTie } from '../landscape/index.js';
import { generateDemoSystem } from './demo.generator.js';

describe('generateDemoSystem', () => {
  it('gives the same system for the same seed and another for another seed', () => {
    expect(generateDemoSystem()).toEqual(generateDemoSystem());
    expect(generateDemoSystem(7)).not.toEqual(generateDemoSystem());
  });

  it('uses keys that all resolve and no URN a real school has', () => {
    const demo = generateDemoSystem();
    const orgKeys = new Set(demo.organisations.map((o) => o.key));
    const personKeys = new Set(demo.people.map((p) => p.key));
    for (const r of demo.relationships) {
      expect(orgKeys.has(r.fromKey) && orgKeys.has(r.toKey)).toBe(true);
      expect(r.fromKey).not.toBe(r.toKey);
    }
    for (const a of demo.roleAssignments)
      expect(personKeys.has(a.personKey) && orgKeys.has(a.organisationKey)).toBe(true);
    for (const o of demo.organisations) if (o.urn) expect(o.urn).toBeGreaterThanOrEqual(990001);
  });

  it('leaves a few schools without support, partnership or peer ties', () => {
    const demo = generateDemoSystem();
    const tied = new Set(
      demo.relationships
        .filter((r) =>
          ['support', 'partnership', 'peer-review', 'multi-agency', 'mentoring', 'staff-loan'].includes(r.type),
        )
        .flatMap((r) => [r.fromKey, r.toKey]),
    );
    const lonely = demo.organisations.filter((o) => o.kind === 'school' && o.status === 'open' && !tied.has(o.key));
    expect(lonely.length).toBeGreaterThanOrEqual(2);
  });

  it('has boundary-spanning ties', () => {
    const demo = generateDemoSystem();
    const kind = new Map(demo.organisations.map((o) => [o.key, o.kind]));
    const spanning = demo.relationships.filter(
      (r) => classifyTie(kind.get(r.fromKey)!, kind.get(r.toKey)!).boundarySpanning,
    );
    expect(spanning.length).toBeGreaterThan(40);
  });
});
