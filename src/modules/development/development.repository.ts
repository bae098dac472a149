import type { Db } from '../../db/database.js';

export interface ScalePoint {
  value: number;
  label: string;
}

export interface Component {
  id: number;
  frameworkId: number;
  domainId: number;
  code: string;
  position: number;
  name: string;
  description: string;
  area: string | null;
}

export interface Framework {
  id: number;
  code: string;
  name: string;
  source: string;
  description: string;
  scale: ScalePoint[];
  builtIn: boolean;
  domains: Array<{ id: number; position: number; name: string; description: string; components: Component[] }>;
}

export interface Rating {
  componentId: number;
  rating: number;
  evidence: string;
  offered: boolean;
}

export interface Assessment {
  id: number;
  ownerId: number;
  frameworkId: number;
  assessedOn: string;
  ratings: Rating[];
}

export interface Share {
  readerId: number;
  name: string;
  email: string;
  relation: 'mentor' | 'line-manager' | 'colleague';
  sharedAt: Date;
}

/** A strength a leader lets brokerage offer, with where they lead or work. */
export interface OfferedStrength {
  userId: number;
  name: string;
  componentId: number;
  component: string;
  area: string | null;
  framework: string;
  rating: number;
  ratingLabel: string | null;
  evidence: string;
  assessedOn: string;
  organisations: Array<{ id: number; name: string }>;
}

export interface FrameworkValues {
  code: string;
  name: string;
  source: string;
  description: string;
  scale: ScalePoint[];
  domains: Array<{
    name: string;
    description: string;
    components: Array<{ name: string; description: string; area: string | null }>;
  }>;
  createdBy: number | null;
}

/** The only SQL of developing leaders' frameworks, self-assessments and shares. */
export function createDevelopmentRepository(db: Db) {
  const components = (frameworkIds: number[]) =>
    frameworkIds.length
      ? db
          .selectFrom('framework_components')
          .select([
            'id',
            'framework_id as frameworkId',
            'domain_id as domainId',
            'code',
            'position',
            'name',
            'description',
            'area',
          ])
          .where('framework_id', 'in', frameworkIds)
          .orderBy('position')
          .execute()
      : Promise.resolve([] as Component[]);

  async function frameworks(ids?: number[]): Promise<Framework[]> {
    let query = db
      .selectFrom('frameworks')
      .select(['id', 'code', 'name', 'source', 'description', 'scale', 'built_in as builtIn'])
      .orderBy('built_in', 'desc')
      .orderBy('id');
    if (ids) {
      if (!ids.length) return [];
      query = query.where('id', 'in', ids);
    }
    const rows = await query.execute();
    const ofIds = rows.map((r) => r.id);
    const domains = ofIds.length
      ? await db
          .selectFrom('framework_domains')
          .select(['id', 'framework_id as frameworkId', 'position', 'name', 'description'])
          .where('framework_id', 'in', ofIds)
          .orderBy('position')
          .execute()
      : [];
    const parts = await components(ofIds);
    return rows.map((f) => ({
      ...f,
      domains: domains
        .filter((d) => d.frameworkId === f.id)
        .map(({ frameworkId: _f, ...d }) => ({ ...d, components: parts.filter((c) => c.domainId === d.id) })),
    }));
  }

  return {
    frameworks,

    async insertFramework(values: FrameworkValues): Promise<number> {
      const { id } = await db
        .insertInto('frameworks')
        .values({
          code: values.code,
          name: values.name,
          source: values.source,
          description: values.description,
          scale: JSON.stringify(values.scale),
          created_by: values.createdBy,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      let position = 0;
      for (const [d, domain] of values.domains.entries()) {
        const { id: domainId } = await db
          .insertInto('framework_domains')
          .values({ framework_id: id, position: d + 1, name: domain.name, description: domain.description })
          .returning('id')
          .executeTakeFirstOrThrow();
        for (const component of domain.components) {
          position += 1;
          await db
            .insertInto('framework_components')
            .values({
              framework_id: id,
              domain_id: domainId,
              code: `c${position}`,
              position,
              name: component.name,
              description: component.description,
              area: component.area,
            })
            .execute();
        }
      }
      return id;
    },

    async frameworkCodeTaken(code: string): Promise<boolean> {
      return !!(await db.selectFrom('frameworks').select('id').where('code', '=', code).executeTakeFirst());
    },

    async componentsByIds(ids: number[]): Promise<Component[]> {
      if (!ids.length) return [];
      return db
        .selectFrom('framework_components')
        .select([
          'id',
          'framework_id as frameworkId',
          'domain_id as domainId',
          'code',
          'position',
          'name',
          'description',
          'area',
        ])
        .where('id', 'in', ids)
        .orderBy('framework_id')
        .orderBy('position')
        .execute();
    },

    async assessmentsOf(ownerId: number, frameworkId?: number): Promise<Assessment[]> {
      let query = db
        .selectFrom('self_assessments')
        .select(['id', 'owner_id as ownerId', 'framework_id as frameworkId', 'assessed_on as assessedOn'])
        .where('owner_id', '=', ownerId)
        .orderBy('assessed_on')
        .orderBy('id');
      if (frameworkId !== undefined) query = query.where('framework_id', '=', frameworkId);
      const rows = await query.execute();
      const ratings = rows.length
        ? await db
            .selectFrom('self_assessment_ratings')
            .select(['assessment_id as assessmentId', 'component_id as componentId', 'rating', 'evidence', 'offered'])
            .where(
              'assessment_id',
              'in',
              rows.map((r) => r.id),
            )
            .execute()
        : [];
      return rows.map((a) => ({
        ...a,
        ratings: ratings.filter((r) => r.assessmentId === a.id).map(({ assessmentId: _a, ...r }) => r),
      }));
    },

    async insertAssessment(
      ownerId: number,
      frameworkId: number,
      assessedOn: string,
      ratings: Rating[],
    ): Promise<number> {
      const { id } = await db
        .insertInto('self_assessments')
        .values({ owner_id: ownerId, framework_id: frameworkId, assessed_on: assessedOn })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (ratings.length)
        await db
          .insertInto('self_assessment_ratings')
          .values(
            ratings.map((r) => ({
              assessment_id: id,
              component_id: r.componentId,
              rating: r.rating,
              evidence: r.evidence,
              offered: r.offered,
            })),
          )
          .execute();
      return id;
    },

    async deleteAssessment(id: number): Promise<void> {
      await db.deleteFrom('self_assessments').where('id', '=', id).execute();
    },

    async setOffered(assessmentId: number, componentId: number, offered: boolean): Promise<void> {
      await db
        .updateTable('self_assessment_ratings')
        .set({ offered })
        .where('assessment_id', '=', assessmentId)
        .where('component_id', '=', componentId)
        .execute();
    },

    /**
     * The strengths leaders let brokerage offer: each component whose latest self-assessment of
     * that framework has it ticked, with the leader's account and the organisation they lead or work at.
     */
    async offeredStrengths(): Promise<OfferedStrength[]> {
      const latest = db
        .selectFrom('self_assessments as s')
        .select(['s.owner_id', 's.framework_id'])
        .select((eb) => eb.fn.max('s.assessed_on').as('assessed_on'))
        .groupBy(['s.owner_id', 's.framework_id'])
        .as('latest');
      const rows = await db
        .selectFrom('self_assessments as a')
        .innerJoin(latest, (join) =>
          join
            .onRef('latest.owner_id', '=', 'a.owner_id')
            .onRef('latest.framework_id', '=', 'a.framework_id')
            .onRef('latest.assessed_on', '=', 'a.assessed_on'),
        )
        .innerJoin('self_assessment_ratings as r', 'r.assessment_id', 'a.id')
        .innerJoin('framework_components as c', 'c.id', 'r.component_id')
        .innerJoin('frameworks as f', 'f.id', 'a.framework_id')
        .innerJoin('users as u', 'u.id', 'a.owner_id')
        .select([
          'a.owner_id as userId',
          'u.name',
          'r.component_id as componentId',
          'c.name as component',
          'c.area',
          'f.name as framework',
          'f.scale',
          'r.rating',
          'r.evidence',
          'a.assessed_on as assessedOn',
        ])
        .where('r.offered', '=', true)
        .orderBy('r.rating', 'desc')
        .orderBy('u.name')
        .execute();
      const organisations = rows.length
        ? await db
            .selectFrom('organisation_members as m')
            .innerJoin('organisations as o', 'o.id', 'm.organisation_id')
            .select(['m.user_id as userId', 'o.id', 'o.name'])
            .where(
              'm.user_id',
              'in',
              rows.map((r) => r.userId),
            )
            .where('m.role', 'in', ['leader', 'coordinator', 'member'])
            .orderBy('o.name')
            .execute()
        : [];
      return rows.map(({ scale, ...r }) => ({
        ...r,
        ratingLabel: scale.find((p) => p.value === r.rating)?.label ?? null,
        organisations: organisations.filter((o) => o.userId === r.userId).map((o) => ({ id: o.id, name: o.name })),
      }));
    },

    async sharesOf(ownerId: number): Promise<Share[]> {
      return db
        .selectFrom('development_shares as s')
        .innerJoin('users as u', 'u.id', 's.reader_id')
        .select(['s.reader_id as readerId', 'u.name', 'u.email', 's.relation', 's.shared_at as sharedAt'])
        .where('s.owner_id', '=', ownerId)
        .orderBy('u.name')
        .execute();
    },

    async sharedWith(
      readerId: number,
    ): Promise<Array<{ ownerId: number; name: string; relation: Share['relation']; sharedAt: Date }>> {
      return db
        .selectFrom('development_shares as s')
        .innerJoin('users as u', 'u.id', 's.owner_id')
        .select(['s.owner_id as ownerId', 'u.name', 's.relation', 's.shared_at as sharedAt'])
        .where('s.reader_id', '=', readerId)
        .orderBy('u.name')
        .execute();
    },

    async isShared(ownerId: number, readerId: number): Promise<boolean> {
      return !!(await db
        .selectFrom('development_shares')
        .select('owner_id')
        .where('owner_id', '=', ownerId)
        .where('reader_id', '=', readerId)
        .executeTakeFirst());
    },

    async share(ownerId: number, readerId: number, relation: Share['relation']): Promise<void> {
      await db
        .insertInto('development_shares')
        .values({ owner_id: ownerId, reader_id: readerId, relation })
        .onConflict((oc) => oc.columns(['owner_id', 'reader_id']).doUpdateSet({ relation }))
        .execute();
    },

    async unshare(ownerId: number, readerId: number): Promise<void> {
      await db
        .deleteFrom('development_shares')
        .where('owner_id', '=', ownerId)
        .where('reader_id', '=', readerId)
        .execute();
    },

    async account(userId: number): Promise<{ userId: number; name: string; email: string } | undefined> {
      return db
        .selectFrom('users')
        .select(['id as userId', 'name', 'email'])
        .where('id', '=', userId)
        .executeTakeFirst();
    },

    async accountByEmail(email: string): Promise<{ userId: number; name: string; email: string } | undefined> {
      return db
        .selectFrom('users')
        .select(['id as userId', 'name', 'email'])
        .where('email', '=', email)
        .executeTakeFirst();
    },

    /** Counts for administrators: how many leaders have assessed themselves, and how many share. */
    async counts(): Promise<{ leadersAssessed: number; assessments: number; shares: number }> {
      const row = await db
        .selectFrom('self_assessments')
        .select((eb) => [
          eb.fn.count<string>('id').as('assessments'),
          eb.fn.count<string>('owner_id').distinct().as('leaders'),
        ])
        .executeTakeFirstOrThrow();
      const shares = await db
        .selectFrom('development_shares')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow();
      return { leadersAssessed: Number(row.leaders), assessments: Number(row.assessments), shares: Number(shares.n) };
    },
  };
}

export type DevelopmentRepository = ReturnType<typeof createDevelopmentRepository>;
