import { sql } from 'kysely';
import type { Db } from '../../db/database.js';

export interface Enquiry {
  id: number;
  title: string;
  question: string;
  method: string;
  status: string;
  startedOn: string;
  finishedOn: string | null;
  /** The schools in it, the lead school first. */
  organisations: Array<{ id: number; name: string }>;
  /** The day of the latest cycle, null before the first. */
  lastCycleOn: string | null;
  /** What it has found so far, in the order found. */
  findingStatements: string[];
}

export interface EnquiryPerson {
  id: number;
  name: string;
  organisationName: string | null;
  role: string;
}

export interface Cycle {
  id: number;
  heldOn: string;
  tried: string;
  learnt: string;
  next: string;
  createdBy: number | null;
  authorName: string | null;
  updatedAt: Date | null;
}

export interface Finding {
  id: number;
  statement: string;
  evidence: string;
}

/** json comes back parsed from PostgreSQL, and as text from some drivers. */
type EnquiryRow = Omit<Enquiry, 'organisations' | 'findingStatements'> & {
  organisations: Enquiry['organisations'] | string;
  findingStatements: string[] | string;
};
const parsed = <T>(value: T | string): T => (typeof value === 'string' ? (JSON.parse(value) as T) : value);

/** The SQL of enquiries: the enquiry and its schools, people, cycles and findings. */
export function createEnquiriesRepository(db: Db) {
  async function select(where: ReturnType<typeof sql>): Promise<Enquiry[]> {
    const result = await sql<EnquiryRow>`
      select e.id, e.title, e.question, e.method, e.status, e.started_on as "startedOn", e.finished_on as "finishedOn",
        (select coalesce(json_agg(json_build_object('id', o.id, 'name', o.name) order by s.position), '[]')
           from (select e.lead_organisation_id as organisation_id, -1 as position
                 union all
                 select eo.organisation_id, eo.position from enquiry_organisations eo where eo.enquiry_id = e.id) s
           join organisations o on o.id = s.organisation_id) as organisations,
        (select max(c.held_on) from enquiry_cycles c where c.enquiry_id = e.id) as "lastCycleOn",
        (select coalesce(json_agg(f.statement order by f.id), '[]') from enquiry_findings f where f.enquiry_id = e.id) as "findingStatements"
      from enquiries e ${where}
      order by e.status, e.started_on desc, e.id desc`.execute(db);
    return result.rows.map((r) => ({
      ...r,
      organisations: parsed(r.organisations),
      findingStatements: parsed(r.findingStatements),
    }));
  }

  const cycles = () =>
    db
      .selectFrom('enquiry_cycles as c')
      .leftJoin('users as u', 'u.id', 'c.created_by')
      .select([
        'c.id',
        'c.held_on as heldOn',
        'c.tried',
        'c.learnt',
        'c.next',
        'c.created_by as createdBy',
        'u.name as authorName',
        'c.updated_at as updatedAt',
      ]);

  return {
    async insert(input: {
      title: string;
      question: string;
      method: string;
      startedOn: string;
      organisationIds: number[];
      createdBy: number | null;
    }): Promise<number> {
      const row = await db
        .insertInto('enquiries')
        .values({
          title: input.title,
          question: input.question,
          method: input.method,
          started_on: input.startedOn,
          lead_organisation_id: input.organisationIds[0]!,
          created_by: input.createdBy,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const others = input.organisationIds.slice(1);
      if (others.length)
        await db
          .insertInto('enquiry_organisations')
          .values(
            others.map((organisationId, position) => ({
              enquiry_id: row.id,
              organisation_id: organisationId,
              position,
            })),
          )
          .execute();
      return row.id;
    },

    async find(id: number): Promise<Enquiry | undefined> {
      return (await select(sql`where e.id = ${id}`))[0];
    },

    /** Every enquiry, newest first (the active before the finished). */
    list(): Promise<Enquiry[]> {
      return select(sql``);
    },

    async addOrganisation(id: number, organisationId: number): Promise<void> {
      await db
        .insertInto('enquiry_organisations')
        .values((eb) => ({
          enquiry_id: id,
          organisation_id: organisationId,
          position: eb
            .selectFrom('enquiry_organisations')
            .select(sql<number>`coalesce(max(position) + 1, 0)`.as('next'))
            .where('enquiry_id', '=', id),
        }))
        .onConflict((oc) => oc.columns(['enquiry_id', 'organisation_id']).doNothing())
        .execute();
    },

    listPeople(id: number): Promise<EnquiryPerson[]> {
      return db
        .selectFrom('enquiry_people as ep')
        .innerJoin('people as p', 'p.id', 'ep.person_id')
        .leftJoin('organisations as o', 'o.id', 'p.organisation_id')
        .select(['p.id', 'p.name', 'o.name as organisationName', 'ep.role'])
        .where('ep.enquiry_id', '=', id)
        .orderBy('ep.role')
        .orderBy('p.name')
        .execute();
    },

    async addPerson(id: number, personId: number, role: string): Promise<void> {
      await db
        .insertInto('enquiry_people')
        .values({ enquiry_id: id, person_id: personId, role })
        .onConflict((oc) => oc.columns(['enquiry_id', 'person_id']).doUpdateSet({ role }))
        .execute();
    },

    /**
     * The enquiries in which an account is one of the people, with its role there: the person
     * the account is tied to, or whose address is the account's (a read of the accounts
     * module's users, as the notifications module reads them).
     */
    async rolesOfAccount(userId: number): Promise<Map<number, string>> {
      const rows = await db
        .selectFrom('enquiry_people as ep')
        .innerJoin('people as p', 'p.id', 'ep.person_id')
        .innerJoin('users as u', (join) =>
          join.on((eb) =>
            eb.or([eb('u.person_id', '=', eb.ref('p.id')), eb(sql`lower(u.email)`, '=', sql`lower(p.email)`)]),
          ),
        )
        .select(['ep.enquiry_id as enquiryId', 'ep.role'])
        .where('u.id', '=', userId)
        .execute();
      const roles = new Map<number, string>();
      for (const r of rows) if (roles.get(r.enquiryId) !== 'lead') roles.set(r.enquiryId, r.role);
      return roles;
    },

    /** The accounts of a person: tied to them, or with their address. */
    async accountsOfPerson(personId: number): Promise<number[]> {
      const rows = await db
        .selectFrom('users as u')
        .innerJoin('people as p', (join) =>
          join.on((eb) =>
            eb.or([eb('u.person_id', '=', eb.ref('p.id')), eb(sql`lower(u.email)`, '=', sql`lower(p.email)`)]),
          ),
        )
        .select('u.id')
        .where('p.id', '=', personId)
        .where('u.disabled_at', 'is', null)
        .execute();
      return rows.map((r) => r.id);
    },

    async finish(id: number, on: string): Promise<void> {
      await db.updateTable('enquiries').set({ status: 'finished', finished_on: on }).where('id', '=', id).execute();
    },

    listCycles(id: number): Promise<Cycle[]> {
      return cycles().where('c.enquiry_id', '=', id).orderBy('c.held_on', 'desc').orderBy('c.id', 'desc').execute();
    },

    findCycle(id: number, cycleId: number): Promise<Cycle | undefined> {
      return cycles().where('c.enquiry_id', '=', id).where('c.id', '=', cycleId).executeTakeFirst();
    },

    async insertCycle(
      id: number,
      cycle: { heldOn: string; tried: string; learnt: string; next: string; createdBy: number | null },
    ): Promise<number> {
      const row = await db
        .insertInto('enquiry_cycles')
        .values({
          enquiry_id: id,
          held_on: cycle.heldOn,
          tried: cycle.tried,
          learnt: cycle.learnt,
          next: cycle.next,
          created_by: cycle.createdBy,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    async updateCycle(
      id: number,
      cycleId: number,
      change: { heldOn: string; tried: string; learnt: string; next: string },
    ): Promise<void> {
      await db
        .updateTable('enquiry_cycles')
        .set({
          held_on: change.heldOn,
          tried: change.tried,
          learnt: change.learnt,
          next: change.next,
          updated_at: new Date(),
        })
        .where('enquiry_id', '=', id)
        .where('id', '=', cycleId)
        .execute();
    },

    listFindings(id: number): Promise<Finding[]> {
      return db
        .selectFrom('enquiry_findings')
        .select(['id', 'statement', 'evidence'])
        .where('enquiry_id', '=', id)
        .orderBy('id')
        .execute();
    },

    findFinding(id: number, findingId: number): Promise<Finding | undefined> {
      return db
        .selectFrom('enquiry_findings')
        .select(['id', 'statement', 'evidence'])
        .where('enquiry_id', '=', id)
        .where('id', '=', findingId)
        .executeTakeFirst();
    },

    async insertFinding(
      id: number,
      finding: { statement: string; evidence: string; createdBy: number | null },
    ): Promise<number> {
      const row = await db
        .insertInto('enquiry_findings')
        .values({
          enquiry_id: id,
          statement: finding.statement,
          evidence: finding.evidence,
          created_by: finding.createdBy,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },
  };
}
export type EnquiriesRepository = ReturnType<typeof createEnquiriesRepository>;
