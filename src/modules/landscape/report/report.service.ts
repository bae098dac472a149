import type { Actor } from '../../../platform/http/http-platform.js';
import { requireSignedIn } from '../../../platform/http/require-actor.js';
import { todayIso } from '../landscape.domain.js';
import type { PartContext } from '../landscape.shared.js';
import { buildReport, keyOf, type LandscapeReport, type ReportDimension } from './report.js';

/** The landscape report: the extent of system leadership on a day, and the people behind each count. */
export function createReportPart({ repo, resolveScopeOrFail }: PartContext) {
  async function reportFacts(options: { scope?: string; asOf?: string }) {
    const asOf = options.asOf ?? todayIso();
    const scope = options.scope ? await resolveScopeOrFail(options.scope, asOf) : undefined;
    return { asOf, scope, facts: await repo.listAssignmentFacts(asOf, scope?.ids ?? null) };
  }

  return {
    /** The extent of system leadership by one dimension, on a day, for all or a scope (see report.ts). */
    async landscapeReport(
      actor: Actor | undefined,
      options: { by: ReportDimension; scope?: string; asOf?: string },
    ): Promise<LandscapeReport> {
      requireSignedIn(actor);
      const { asOf, scope, facts } = await reportFacts(options);
      const [roles, openSchools] = await Promise.all([
        repo.listRoles(asOf),
        repo.countOpenSchoolsByLa(scope?.ids ?? null),
      ]);
      return {
        by: options.by,
        asOf,
        scope: scope ? { ref: scope.ref, name: scope.name } : null,
        ...buildReport(options.by, facts, roles, openSchools),
      };
    },

    /** The role assignments behind one count of a landscape report. */
    async landscapeReportPeople(
      actor: Actor | undefined,
      options: { by: ReportDimension; key: string; scope?: string; asOf?: string },
    ) {
      requireSignedIn(actor);
      const { asOf, scope, facts } = await reportFacts(options);
      const behind = facts.filter((f) => keyOf(f, options.by).key === options.key);
      const label = behind[0] ? keyOf(behind[0], options.by).label : options.key;
      return {
        by: options.by,
        key: options.key,
        label,
        asOf,
        scope: scope ? { ref: scope.ref, name: scope.name } : null,
        assignments: behind,
      };
    },
  };
}
