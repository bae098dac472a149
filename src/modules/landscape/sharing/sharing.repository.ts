import type { Selectable } from 'kysely';
import type { Db } from '../../../db/database.js';
import type { Camelised } from '../landscape.sql.js';
import type { SharingAgreementsTable } from '../landscape.table.js';

/** An agreement by which an organisation shares something (contact details, indicators) with a partnership. */
export type SharingAgreement = Camelised<Omit<Selectable<SharingAgreementsTable>, 'created_by' | 'created_at'>> & {
  partnershipName: string;
};

/** SQL for sharing agreements. */
export function createSharingRepository(db: Db) {
  return {
    listAgreements(organisationId: number): Promise<SharingAgreement[]> {
      return db
        .selectFrom('sharing_agreements as a')
        .innerJoin('organisations as p', 'p.id', 'a.partnership_id')
        .select([
          'a.id',
          'a.organisation_id as organisationId',
          'a.partnership_id as partnershipId',
          'p.name as partnershipName',
          'a.what',
          'a.detail',
          'a.start_date as startDate',
          'a.end_date as endDate',
        ])
        .where('a.organisation_id', '=', organisationId)
        .orderBy('a.end_date', 'desc')
        .orderBy('a.id')
        .execute();
    },

    findAgreement(
      id: number,
    ): Promise<
      Pick<SharingAgreement, 'id' | 'organisationId' | 'partnershipId' | 'what' | 'startDate' | 'endDate'> | undefined
    > {
      return db
        .selectFrom('sharing_agreements')
        .select([
          'id',
          'organisation_id as organisationId',
          'partnership_id as partnershipId',
          'what',
          'start_date as startDate',
          'end_date as endDate',
        ])
        .where('id', '=', id)
        .executeTakeFirst();
    },

    async insertAgreement(
      values: Omit<SharingAgreement, 'id' | 'partnershipName' | 'endDate'> & { createdBy: number | null },
    ): Promise<number> {
      const row = await db
        .insertInto('sharing_agreements')
        .values({
          organisation_id: values.organisationId,
          partnership_id: values.partnershipId,
          what: values.what,
          detail: values.detail,
          start_date: values.startDate,
          created_by: values.createdBy,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    async setAgreementEnd(id: number, endDate: string | null): Promise<void> {
      await db.updateTable('sharing_agreements').set({ end_date: endDate }).where('id', '=', id).execute();
    },

    /** The partnerships an organisation shares something with on a day. */
    async sharedWith(organisationId: number, what: string, onDate: string): Promise<number[]> {
      const rows = await db
        .selectFrom('sharing_agreements')
        .select('partnership_id')
        .where('organisation_id', '=', organisationId)
        .where('what', '=', what)
        .where('start_date', '<=', onDate)
        .where((eb) => eb.or([eb('end_date', 'is', null), eb('end_date', '>=', onDate)]))
        .execute();
      return rows.map((r) => r.partnership_id);
    },

    /** The agreements in force on a day by which organisations share something with any of these partnerships. */
    async agreementsWith(
      partnershipIds: number[],
      what: string,
      onDate: string,
    ): Promise<Array<Pick<SharingAgreement, 'organisationId' | 'partnershipId' | 'detail'>>> {
      return db
        .selectFrom('sharing_agreements')
        .select(['organisation_id as organisationId', 'partnership_id as partnershipId', 'detail'])
        .distinct()
        .where('partnership_id', 'in', partnershipIds)
        .where('what', '=', what)
        .where('start_date', '<=', onDate)
        .where((eb) => eb.or([eb('end_date', 'is', null), eb('end_date', '>=', onDate)]))
        .execute();
    },
  };
}
