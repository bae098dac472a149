import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../../db/database.js';

export interface Survey {
  id: number;
  organisationId: number;
  organisationName: string;
  title: string;
  audience: string;
  introduction: string;
  period: string;
  status: string;
  closedAt: Date | null;
}

export interface Question {
  id: number;
  position: number;
  type: 'scale' | 'choice' | 'text';
  prompt: string;
  options: string[];
  indicatorId: number | null;
  countedOption: number | null;
}

/** The SQL of voice surveys. Responses carry no identity: only the survey, the organisation and the day. */
export function createSurveysRepository(db: Db) {
  const surveyColumns = [
    's.id',
    's.organisation_id as organisationId',
    'o.name as organisationName',
    's.title',
    's.audience',
    's.introduction',
    's.period',
    's.status',
    's.closed_at as closedAt',
  ] as const;
  return {
    async insertSurvey(values: {
      organisationId: number;
      title: string;
      audience: string;
      introduction: string;
      period: string;
      createdBy: number | null;
    }): Promise<number> {
      const row = await db
        .insertInto('surveys')
        .values({
          organisation_id: values.organisationId,
          title: values.title,
          audience: values.audience,
          introduction: values.introduction,
          period: values.period,
          created_by: values.createdBy,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    findSurvey(id: number): Promise<Survey | undefined> {
      return db
        .selectFrom('surveys as s')
        .innerJoin('organisations as o', 'o.id', 's.organisation_id')
        .select(surveyColumns)
        .where('s.id', '=', id)
        .executeTakeFirst();
    },

    /** Surveys run by, or open for, any of these organisations (all when null). */
    listSurveys(organisationIds: number[] | null): Promise<Survey[]> {
      let query = db
        .selectFrom('surveys as s')
        .innerJoin('organisations as o', 'o.id', 's.organisation_id')
        .select(surveyColumns);
      if (organisationIds) {
        const ids = organisationIds.length ? organisationIds : [-1];
        query = query.where((eb) =>
          eb.or([
            eb('s.organisation_id', 'in', ids),
            eb.exists(
              eb
                .selectFrom('survey_links as l')
                .select('l.token')
                .whereRef('l.survey_id', '=', 's.id')
                .where('l.organisation_id', 'in', ids),
            ),
          ]),
        );
      }
      return query.orderBy('s.id', 'desc').execute();
    },

    listQuestions(surveyId: number): Promise<Question[]> {
      return db
        .selectFrom('survey_questions')
        .select([
          'id',
          'position',
          'type',
          'prompt',
          'options',
          'indicator_id as indicatorId',
          'counted_option as countedOption',
        ])
        .where('survey_id', '=', surveyId)
        .orderBy('position')
        .execute() as Promise<Question[]>;
    },

    async insertQuestion(surveyId: number, question: Omit<Question, 'id' | 'position'>): Promise<number> {
      const row = await db
        .insertInto('survey_questions')
        .values((eb) => ({
          survey_id: surveyId,
          position: eb
            .selectFrom('survey_questions')
            .select(sql<number>`coalesce(max(position), 0) + 1`.as('p'))
            .where('survey_id', '=', surveyId),
          type: question.type,
          prompt: question.prompt,
          options: question.options,
          indicator_id: question.indicatorId,
          counted_option: question.countedOption,
        }))
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    async deleteQuestion(surveyId: number, questionId: number): Promise<number> {
      const result = await db
        .deleteFrom('survey_questions')
        .where('survey_id', '=', surveyId)
        .where('id', '=', questionId)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    async setStatus(id: number, status: 'open' | 'closed'): Promise<void> {
      await db
        .updateTable('surveys')
        .set(status === 'open' ? { status, opened_at: new Date() } : { status, closed_at: new Date() })
        .where('id', '=', id)
        .execute();
    },

    async insertLinks(surveyId: number, links: Array<{ organisationId: number; token: string }>): Promise<void> {
      if (links.length === 0) return;
      await db
        .insertInto('survey_links')
        .values(links.map((l) => ({ survey_id: surveyId, organisation_id: l.organisationId, token: l.token })))
        .onConflict((oc) => oc.columns(['survey_id', 'organisation_id']).doNothing())
        .execute();
    },

    listLinks(surveyId: number) {
      return db
        .selectFrom('survey_links as l')
        .innerJoin('organisations as o', 'o.id', 'l.organisation_id')
        .select(['l.organisation_id as organisationId', 'o.name', 'l.token'])
        .where('l.survey_id', '=', surveyId)
        .orderBy('o.name')
        .execute();
    },

    findLink(token: string) {
      return db
        .selectFrom('survey_links as l')
        .innerJoin('organisations as o', 'o.id', 'l.organisation_id')
        .select(['l.survey_id as surveyId', 'l.organisation_id as organisationId', 'o.name as organisationName'])
        .where('l.token', '=', token)
        .executeTakeFirst();
    },

    /** One response under a random id (nothing in it follows the order of answering); the day is set by the database. */
    async insertResponse(
      surveyId: number,
      organisationId: number,
      answers: Array<{ questionId: number; value: string }>,
    ): Promise<void> {
      const id = crypto.randomUUID();
      await db
        .insertInto('survey_responses')
        .values({ id, survey_id: surveyId, organisation_id: organisationId })
        .execute();
      if (answers.length === 0) return;
      await db
        .insertInto('survey_answers')
        .values(answers.map((a) => ({ response_id: id, question_id: a.questionId, value: a.value })))
        .execute();
    },

    /** Respondents per organisation. */
    async respondents(surveyId: number): Promise<Map<number, number>> {
      const rows = await db
        .selectFrom('survey_responses')
        .select(['organisation_id', (eb) => eb.fn.countAll<number>().as('n')])
        .where('survey_id', '=', surveyId)
        .groupBy('organisation_id')
        .execute();
      return new Map(rows.map((r) => [r.organisation_id, Number(r.n)]));
    },

    /** How many gave each answer to each closed question, per organisation. */
    async answerCounts(
      surveyId: number,
    ): Promise<Array<{ organisationId: number; questionId: number; value: string; n: number }>> {
      const result = await sql<{ organisationId: number; questionId: number; value: string; n: number }>`
        select r.organisation_id as "organisationId", a.question_id as "questionId", a.value, count(*) as n
        from survey_answers a
        join survey_responses r on r.id = a.response_id
        join survey_questions q on q.id = a.question_id
        where r.survey_id = ${surveyId} and q.type <> 'text'
        group by 1, 2, 3`.execute(db);
      return result.rows.map((r) => ({ ...r, n: Number(r.n) }));
    },

    /** How many wrote an answer to each free-text question, per organisation. */
    async writtenCounts(surveyId: number): Promise<Array<{ organisationId: number; questionId: number; n: number }>> {
      const result = await sql<{ organisationId: number; questionId: number; n: number }>`
        select r.organisation_id as "organisationId", a.question_id as "questionId", count(*) as n
        from survey_answers a
        join survey_responses r on r.id = a.response_id
        join survey_questions q on q.id = a.question_id
        where r.survey_id = ${surveyId} and q.type = 'text'
        group by 1, 2`.execute(db);
      return result.rows.map((r) => ({ ...r, n: Number(r.n) }));
    },

    /**
     * The free-text answers of one organisation's respondents to some questions, in
     * alphabetical order (the service sorts them again the same way on every database), never
     * in the order of answering, which would tie one person's answers together across questions.
     */
    async freeText(
      surveyId: number,
      organisationId: number,
      questionIds: number[],
    ): Promise<Array<{ questionId: number; value: string }>> {
      if (questionIds.length === 0) return [];
      return db
        .selectFrom('survey_answers as a')
        .innerJoin('survey_responses as r', 'r.id', 'a.response_id')
        .innerJoin('survey_questions as q', 'q.id', 'a.question_id')
        .select(['a.question_id as questionId', 'a.value'])
        .where('r.survey_id', '=', surveyId)
        .where('r.organisation_id', '=', organisationId)
        .where('q.type', '=', 'text')
        .where('a.question_id', 'in', questionIds)
        .orderBy('a.value')
        .execute();
    },
  };
}
