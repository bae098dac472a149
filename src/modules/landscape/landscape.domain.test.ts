import { describe, expect, it } from 'vitest';
import { classifyTie, isCurrent, systemOfKind } from './landscape.domain.js';

describe('classifyTie', () => {
  it('keeps school-to-school ties in education and not boundary-spanning', () => {
    expect(classifyTie('school', 'academy-trust')).toEqual({ system: 'education', boundarySpanning: false });
  });
  it('puts a school-to-health tie in public services, spanning a boundary, whichever way round', () => {
    expect(classifyTie('school', 'health')).toEqual({ system: 'public-services', boundarySpanning: true });
    expect(classifyTie('police', 'school')).toEqual({ system: 'public-services', boundarySpanning: true });
  });
  it('puts a school-to-employer tie in the community', () => {
    expect(classifyTie('employer', 'school')).toEqual({ system: 'community', boundarySpanning: true });
  });
  it('gives a service-to-community tie to public services', () => {
    expect(classifyTie('family-centre', 'community-group')).toEqual({
      system: 'public-services',
      boundarySpanning: true,
    });
  });
  it('treats two community organisations as a community tie', () => {
    expect(classifyTie('employer', 'community-group')).toEqual({ system: 'community', boundarySpanning: false });
  });
  it('knows the system of every kind', () => {
    expect(systemOfKind('social-care')).toBe('public-services');
    expect(systemOfKind('local-authority')).toBe('education');
  });
});

describe('isCurrent', () => {
  it('includes both ends of the date range and open ends', () => {
    expect(isCurrent('2024-01-01', '2024-12-31', '2024-12-31')).toBe(true);
    expect(isCurrent('2024-01-01', '2024-12-31', '2025-01-01')).toBe(false);
    expect(isCurrent(null, null, '1990-01-01')).toBe(true);
    expect(isCurrent('2030-01-01', null, '2026-01-01')).toBe(false);
  });
});
