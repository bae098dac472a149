import { sql, type Insertable, type Updateable } from 'kysely';
import type { Db } from '../../db/database.js';
import type { FamiliesTables } from './families.table.js';
import type { BreakGlassRow, ConsentRow, MemberRow, OverrideRow } from './families.domain.js';

const json = (value: unknown) => JSON.stringify(value);
type New<T extends keyof FamiliesTables> = Insertable<FamiliesTables[T]>;

/** SQL for family records; only the families service calls it. */
export function createFamiliesRepository(db: Db) {
  return {
    family(id: number) {
      return db
        .selectFrom('families')
        .select(['id', 'reference', 'organisation_id as organisationId', 'status', 'opened_on as openedOn'])
        .select(['closed_on as closedOn', 'erase_on as eraseOn'])
        .where('id', '=', id)
        .executeTakeFirst();
    },

    familyByReference(reference: string) {
      return db.selectFrom('families').select(['id']).where('reference', '=', reference).executeTakeFirst();
    },

    /** What the rule of sight needs: the team, the consents, sharing without consent and break-glass views. */
    async ruleRows(familyId: number): Promise<{
      members: Array<MemberRow & { id: number; name: string; teamRole: string; joinedOn: string }>;
      consents: Array<ConsentRow & Record<string, unknown>>;
      overrides: Array<OverrideRow & { id: number }>;
      breakGlass: BreakGlassRow[];
    }> {
      const [members, consents, overrides, breakGlass] = await Promise.all([
        db
          .selectFrom('family_members as m')
          .innerJoin('users as u', 'u.id', 'm.user_id')
          .innerJoin('organisations as o', 'o.id', 'm.organisation_id')
          .select(['m.id', 'm.user_id as userId', 'm.organisation_id as organisationId', 'o.kind as agency'])
          .select([
            'm.is_lead as isLead',
            'm.left_on as leftOn',
            'u.name',
            'm.team_role as teamRole',
            'm.joined_on as joinedOn',
          ])
          .where('m.family_id', '=', familyId)
          .orderBy('m.joined_on')
          .orderBy('m.id')
          .execute(),
        db
          .selectFrom('family_consents as c')
          .innerJoin('family_people as p', 'p.id', 'c.given_by')
          .select(['c.id', 'c.purpose', 'c.information', 'c.agencies', 'c.lawful_basis as lawfulBasis'])
          .select([
            'c.from_on as fromOn',
            'c.until_on as untilOn',
            'c.withdrawn_on as withdrawnOn',
            'p.name as givenBy',
          ])
          .select(['p.role as givenByRole'])
          .where('c.family_id', '=', familyId)
          .orderBy('c.id')
          .execute(),
        db
          .selectFrom('family_overrides')
          .select(['id', 'agency', 'information', 'ends_on as endsOn'])
          .select(sql<string>`to_char(shared_at at time zone 'UTC', 'YYYY-MM-DD')`.as('sharedOn'))
          .where('family_id', '=', familyId)
          .execute(),
        db
          .selectFrom('family_break_glass')
          .select(['user_id as userId', 'expires_at as expiresAt'])
          .where('family_id', '=', familyId)
          .execute(),
      ]);
      return { members, consents, overrides, breakGlass };
    },

    people(familyId: number) {
      return db
        .selectFrom('family_people as p')
        .leftJoin('organisations as o', 'o.id', 'p.school_id')
        .select(['p.id', 'p.role', 'p.name', 'p.born_on as bornOn', 'p.school_id as schoolId', 'p.relationship'])
        .select(['o.name as school'])
        .where('p.family_id', '=', familyId)
        .orderBy('p.role', 'desc')
        .orderBy('p.id')
        .execute();
    },

    needs(familyId: number) {
      return db
        .selectFrom('family_needs')
        .select(['id', 'outcome', 'summary'])
        .where('family_id', '=', familyId)
        .orderBy('id')
        .execute();
    },

    notes(familyId: number) {
      return db
        .selectFrom('family_notes as n')
        .innerJoin('organisations as o', 'o.id', 'n.organisation_id')
        .leftJoin('users as u', 'u.id', 'n.written_by')
        .select([
          'n.id',
          'n.organisation_id as organisationId',
          'o.name as agencyName',
          'n.information',
          'n.sensitivity',
        ])
        .select(['n.body', 'n.written_at as writtenAt', 'u.name as writtenBy'])
        .where('n.family_id', '=', familyId)
        .orderBy('n.written_at', 'desc')
        .orderBy('n.id', 'desc')
        .execute();
    },

    services(familyId: number) {
      return db
        .selectFrom('family_services as s')
        .innerJoin('organisations as o', 'o.id', 's.organisation_id')
        .select(['s.id', 's.organisation_id as organisationId', 'o.name as agencyName', 's.what', 's.due_on as dueOn'])
        .select(['s.done_on as doneOn', 'o.kind as agencyKind'])
        .where('s.family_id', '=', familyId)
        .orderBy('s.due_on')
        .execute();
    },

    referralsWhere(filter: { familyId?: number; toOrganisationIds?: number[]; id?: number; overdue?: boolean }) {
      let q = db
        .selectFrom('family_referrals as r')
        .innerJoin('families as f', 'f.id', 'r.family_id')
        .innerJoin('organisations as a', 'a.id', 'r.from_organisation_id')
        .innerJoin('organisations as b', 'b.id', 'r.to_organisation_id')
        .select([
          'r.id',
          'r.family_id as familyId',
          'f.reference',
          'r.from_organisation_id as fromId',
          'a.name as fromName',
        ])
        .select(['r.to_organisation_id as toId', 'b.name as toName', 'b.kind as toKind', 'r.outcome', 'r.message'])
        .select([
          'r.answer_within_days as answerWithinDays',
          'r.status',
          'r.sent_at as sentAt',
          'r.received_at as receivedAt',
        ])
        .select(['r.answered_at as answeredAt', 'r.completed_at as completedAt', 'r.decline_reason as declineReason'])
        .select(['r.flagged_at as flaggedAt']);
      if (filter.familyId !== undefined) q = q.where('r.family_id', '=', filter.familyId);
      if (filter.id !== undefined) q = q.where('r.id', '=', filter.id);
      if (filter.toOrganisationIds) q = q.where('r.to_organisation_id', 'in', [0, ...filter.toOrganisationIds]);
      if (filter.overdue)
        q = q
          .where('r.status', 'in', ['sent', 'received'])
          .where('r.flagged_at', 'is', null)
          .where(sql<boolean>`r.sent_at + make_interval(days => r.answer_within_days) < now()`);
      return q.orderBy('r.sent_at', 'desc').orderBy('r.id', 'desc').execute();
    },

    /** The families an account is a current member of the team of. */
    familiesOf(userId: number) {
      return db
        .selectFrom('family_members as m')
        .innerJoin('families as f', 'f.id', 'm.family_id')
        .select([
          'f.id',
          'f.reference',
          'f.status',
          'f.opened_on as openedOn',
          'm.is_lead as isLead',
          'm.team_role as teamRole',
        ])
        .where('m.user_id', '=', userId)
        .where('m.left_on', 'is', null)
        .orderBy('f.opened_on', 'desc')
        .orderBy('f.id', 'desc')
        .execute();
    },

    /** Every place in a team an account has held, for its own export. */
    placesOf(userId: number) {
      return db
        .selectFrom('family_members as m')
        .innerJoin('families as f', 'f.id', 'm.family_id')
        .select([
          'f.reference',
          'm.team_role as teamRole',
          'm.is_lead as isLead',
          'm.joined_on as joinedOn',
          'm.left_on as leftOn',
        ])
        .where('m.user_id', '=', userId)
        .orderBy('m.joined_on')
        .execute();
    },

    settings(organisationId: number) {
      return db
        .selectFrom('family_agency_settings')
        .select(['data_protection_lead_id as dataProtectionLeadId', 'safeguarding_lead_ids as safeguardingLeadIds'])
        .select(['retention_years as retentionYears'])
        .where('organisation_id', '=', organisationId)
        .executeTakeFirst();
    },

    async saveSettings(
      organisationId: number,
      values: { dataProtectionLeadId: number | null; safeguardingLeadIds: number[]; retentionYears: number },
    ) {
      const row = {
        data_protection_lead_id: values.dataProtectionLeadId,
        safeguarding_lead_ids: json(values.safeguardingLeadIds),
        retention_years: values.retentionYears,
        updated_at: new Date(),
      };
      await db
        .insertInto('family_agency_settings')
        .values({ organisation_id: organisationId, ...row })
        .onConflict((oc) => oc.column('organisation_id').doUpdateSet(row))
        .execute();
    },

    /** The organisations whose data protection lead an account is. */
    async ledForDataProtection(userId: number): Promise<number[]> {
      const rows = await db
        .selectFrom('family_agency_settings')
        .select('organisation_id')
        .where('data_protection_lead_id', '=', userId)
        .execute();
      return rows.map((r) => r.organisation_id);
    },

    /** Organisations with no data protection lead set: their reviews fall to administrators. */
    async withoutDataProtectionLead(): Promise<number[]> {
      const rows = await db
        .selectFrom('families as f')
        .leftJoin('family_agency_settings as s', 's.organisation_id', 'f.organisation_id')
        .select('f.organisation_id')
        .distinct()
        .where('s.data_protection_lead_id', 'is', null)
        .execute();
      return rows.map((r) => r.organisation_id);
    },

    async reviewsFor(organisationIds: number[]) {
      const ids = [0, ...organisationIds];
      const [glass, overrides] = await Promise.all([
        db
          .selectFrom('family_break_glass as b')
          .innerJoin('families as f', 'f.id', 'b.family_id')
          .innerJoin('users as u', 'u.id', 'b.user_id')
          .select(['b.id', 'f.reference', 'f.id as familyId', 'u.name as who', 'b.reason', 'b.opened_at as at'])
          .select(['b.reviewed_at as reviewedAt', 'b.review_outcome as outcome', 'b.review_note as note'])
          .where('f.organisation_id', 'in', ids)
          .orderBy('b.opened_at', 'desc')
          .execute(),
        db
          .selectFrom('family_overrides as o')
          .innerJoin('families as f', 'f.id', 'o.family_id')
          .leftJoin('users as u', 'u.id', 'o.shared_by')
          .select(['o.id', 'f.reference', 'f.id as familyId', 'u.name as who', 'o.reason', 'o.shared_at as at'])
          .select(['o.reviewed_at as reviewedAt', 'o.review_note as note', 'o.agency', 'o.information'])
          .where('o.organisation_id', 'in', ids)
          .orderBy('o.shared_at', 'desc')
          .execute(),
      ]);
      return { glass, overrides };
    },

    breakGlassRow(id: number) {
      return db
        .selectFrom('family_break_glass as b')
        .innerJoin('families as f', 'f.id', 'b.family_id')
        .select(['b.id', 'f.organisation_id as organisationId', 'b.reviewed_at as reviewedAt'])
        .where('b.id', '=', id)
        .executeTakeFirst();
    },

    overrideRow(id: number) {
      return db
        .selectFrom('family_overrides')
        .select(['id', 'organisation_id as organisationId', 'reviewed_at as reviewedAt'])
        .where('id', '=', id)
        .executeTakeFirst();
    },

    /** Every family, for the de-identified figures: the organisations of its team and its outcomes. */
    async facts() {
      const [families, members, needs, referrals, erased] = await Promise.all([
        db
          .selectFrom('families')
          .select(['id', 'organisation_id as organisationId', 'opened_on as openedOn', 'closed_on as closedOn'])
          .execute(),
        db
          .selectFrom('family_members')
          .select(['family_id as familyId', 'organisation_id as organisationId'])
          .execute(),
        db.selectFrom('family_needs').select(['family_id as familyId', 'outcome']).execute(),
        db
          .selectFrom('family_referrals')
          .select([
            'from_organisation_id as from',
            'to_organisation_id as to',
            'status',
            'sent_at as sentAt',
            'answered_at as answeredAt',
          ])
          .execute(),
        db
          .selectFrom('family_erased')
          .select(['organisation_ids as organisationIds', 'outcomes', 'referrals'])
          .execute(),
      ]);
      return { families, members, needs, referrals, erased };
    },

    /** Families whose erasure day has come. */
    async dueForErasure(today: string) {
      return db
        .selectFrom('families')
        .select([
          'id',
          'reference',
          'organisation_id as organisationId',
          'opened_on as openedOn',
          'closed_on as closedOn',
        ])
        .where('erase_on', '<=', today)
        .execute();
    },

    // Writes, each inside the audited transaction of the service.

    /** Adds a row to a family table and gives its id. */
    async insert<T extends Exclude<keyof FamiliesTables, 'family_agency_settings'>>(table: T, values: New<T>) {
      const row = await db
        .insertInto(table)
        .values(values as never)
        .returning('id' as never)
        .executeTakeFirstOrThrow();
      return (row as unknown as { id: number }).id;
    },

    async memberLeaves(memberId: number, on: string) {
      await db
        .updateTable('family_members')
        .set({ left_on: on, left_at: new Date() })
        .where('id', '=', memberId)
        .execute();
    },

    /** Makes one member the lead professional, and no one else. */
    async handLead(familyId: number, memberId: number) {
      await db.updateTable('family_members').set({ is_lead: false }).where('family_id', '=', familyId).execute();
      await db.updateTable('family_members').set({ is_lead: true }).where('id', '=', memberId).execute();
    },

    async withdrawConsent(consentId: number, on: string) {
      await db.updateTable('family_consents').set({ withdrawn_on: on }).where('id', '=', consentId).execute();
    },

    async serviceDone(familyId: number, serviceId: number, on: string) {
      await db
        .updateTable('family_services')
        .set({ done_on: on })
        .where('id', '=', serviceId)
        .where('family_id', '=', familyId)
        .execute();
    },

    /** Changes a referral, only while it has the status given where one is. */
    async setReferral(
      referralId: number,
      values: Updateable<FamiliesTables['family_referrals']>,
      whileStatus?: string,
    ) {
      let q = db.updateTable('family_referrals').set(values).where('id', '=', referralId);
      if (whileStatus) q = q.where('status', '=', whileStatus as never);
      await q.execute();
    },

    async markFlagged(ids: number[]) {
      if (ids.length)
        await db.updateTable('family_referrals').set({ flagged_at: new Date() }).where('id', 'in', ids).execute();
    },

    async close(familyId: number, closedOn: string, eraseOn: string) {
      await db
        .updateTable('families')
        .set({ status: 'closed', closed_on: closedOn, erase_on: eraseOn })
        .where('id', '=', familyId)
        .execute();
    },

    /** Erases a family and everything of it (the tables cascade). */
    async erase(familyId: number) {
      await db.deleteFrom('families').where('id', '=', familyId).execute();
    },

    async reviewBreakGlass(id: number, values: Updateable<FamiliesTables['family_break_glass']>) {
      await db.updateTable('family_break_glass').set(values).where('id', '=', id).execute();
    },

    async reviewOverride(id: number, values: Updateable<FamiliesTables['family_overrides']>) {
      await db.updateTable('family_overrides').set(values).where('id', '=', id).execute();
    },

    /** A current member of a team, with the family's reference, for what their joining tells them. */
    memberNotice(memberId: number) {
      return db
        .selectFrom('family_members as m')
        .innerJoin('families as f', 'f.id', 'm.family_id')
        .select(['m.user_id as userId', 'f.id as familyId', 'f.reference'])
        .where('m.id', '=', memberId)
        .where('m.left_on', 'is', null)
        .executeTakeFirst();
    },

    /** The families whose team has had an account of an email domain, and how many families have not. */
    async familiesOfDomain(domain: string) {
      const of = db
        .selectFrom('family_members as m')
        .innerJoin('users as u', 'u.id', 'm.user_id')
        .select('m.family_id')
        .where('u.email', 'like', `%@${domain}`);
      const [ids, others] = await Promise.all([
        db.selectFrom('families').select('id').where('id', 'in', of).execute(),
        db
          .selectFrom('families')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('id', 'not in', of)
          .executeTakeFirstOrThrow(),
      ]);
      return { ids: ids.map((r) => r.id), others: Number(others.n) };
    },

    /** Every sealed value, by table, column and row, for a rotation of the key. */
    async sealed() {
      const pick = async (table: string, column: string) =>
        (
          await sql<{
            id: number;
            value: string | null;
          }>`select id, ${sql.ref(column)} as value from ${sql.table(table)}`.execute(db)
        ).rows
          .filter((r) => r.value !== null)
          .map((r) => ({ table, column, id: r.id, value: r.value! }));
      return (await Promise.all(SEALED_COLUMNS.map(([table, column]) => pick(table, column)))).flat();
    },

    async reseal(table: string, column: string, id: number, value: string) {
      await sql`update ${sql.table(table)} set ${sql.ref(column)} = ${value} where id = ${id}`.execute(db);
    },
  };
}
export type FamiliesRepository = ReturnType<typeof createFamiliesRepository>;

/** Where family text is stored sealed. */
export const SEALED_COLUMNS: Array<[table: string, column: string]> = [
  ['family_needs', 'summary'],
  ['family_notes', 'body'],
  ['family_services', 'what'],
  ['family_referrals', 'message'],
  ['family_referrals', 'decline_reason'],
  ['family_overrides', 'reason'],
  ['family_break_glass', 'reason'],
  ['family_break_glass', 'review_note'],
  ['family_overrides', 'review_note'],
];
