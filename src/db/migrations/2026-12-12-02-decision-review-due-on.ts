import { sql, type Kysely } from 'kysely';

/**
 * Each review of a decision keeps the review date it answered, so that whether it was held on
 * time can still be told after the decision's own review date has moved on (a change sets the
 * next one, a confirmation or reversal clears it). Reviews held before this are given the date
 * from the review before them, or else from the decision as it was recorded in the audit trail.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table decision_reviews add column due_on date`.execute(db);
  await sql`update decision_reviews r set due_on = coalesce(
    (select p.next_review_on from decision_reviews p
      where p.decision_id = r.decision_id and p.id < r.id order by p.id desc limit 1),
    (select (a.detail ->> 'reviewOn')::date from audit_log a
      where a.entity = 'decision' and a.action = 'decide' and a.entity_id = r.decision_id::text
      order by a.id desc limit 1)
  )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table decision_reviews drop column due_on`.execute(db);
}
