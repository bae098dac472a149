import { messageFor } from '../../platform/http/problem-messages.js';
import crypto from 'node:crypto';
import type { Db } from '../../db/database.js';
import { AppError, notFound, type FieldProblem } from '../../platform/http/errors.js';
import type { Actor } from '../../platform/http/http-platform.js';
import { accountIdOf, requireSignedIn } from '../../platform/http/require-actor.js';
import type { AuditService } from '../audit/index.js';
import type { IndicatorsService } from '../indicators/index.js';
import { canEditOrganisation, staffOrganisations, type LandscapeService } from '../landscape/index.js';
import { createSurveysRepository, type Survey } from './surveys.repository.js';
import { questionResult, SCALE, tallyOf, type QuestionResult } from './surveys.rules.js';

export const AUDIENCES = ['pupils', 'parents', 'staff'] as const;
export const QUESTION_TYPES = ['scale', 'choice', 'text'] as const;
export { SCALE, type QuestionResult };
export const MAX_TEXT_ANSWER = 2000;

export interface QuestionInput {
  type: (typeof QUESTION_TYPES)[number];
  prompt: string;
  options?: string[];
  /** A soft indicator the question feeds: the share agreeing (scale) or choosing `countedOption` (choice). */
  indicatorCode?: string;
  indicatorName?: string;
  countedOption?: number;
}

export interface OrganisationResult {
  organisationId: number;
  name: string;
  /**
   * People who answered through the organisation's link: shown while the survey is open (to
   * follow how many have answered) and after it closes when they reach the minimum; null after
   * closing below it.
   */
  respondents: number | null;
  /** True when none of the organisation's figures is shown (the survey is open, or too few answered). */
  withheld: boolean;
  /** True when the organisation does not share its results with the viewer (the indicators' gate decides, as for every other value). */
  notShared: boolean;
  questions: QuestionResult[];
}

/** A survey's results: while it is open, only how many have answered per organisation. */
export interface SurveyResults {
  survey: Survey;
  minimum: number;
  /** True until the survey closes: no figure of any question is shown before then. */
  open: boolean;
  organisations: OrganisationResult[];
}

/** Voice surveys of pupils, parents and staff: built, opened with an anonymous link per organisation, closed into soft indicators. */
export function createSurveysService({
  db,
  landscape,
  indicators,
  audit,
}: {
  db: Db;
  landscape: LandscapeService;
  indicators: IndicatorsService;
  audit: AuditService;
}) {
  const repo = createSurveysRepository(db);
  const min = indicators.minRespondents;

  async function getSurvey(id: number): Promise<Survey> {
    const survey = await repo.findSurvey(id);
    if (!survey) throw notFound(`Survey ${id}`);
    return survey;
  }

  /** The survey, for those who run it (leaders of its organisation, administrators). */
  async function getRunSurvey(actor: Actor | undefined, id: number): Promise<Survey> {
    const editor = requireSignedIn(actor);
    const survey = await getSurvey(id);
    if (!canEditOrganisation(editor, survey.organisationId))
      throw new AppError('forbidden', 'Only the leaders of the organisation that runs this survey can change it');
    return survey;
  }

  const isLeaderOf = (actor: Actor, organisationId: number) =>
    actor.memberships.some((m) => m.organisationId === organisationId && m.role === 'leader');
  const belongsTo = (actor: Actor, organisationId: number) => staffOrganisations(actor).includes(organisationId);

  function slug(text: string): string {
    return text
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 70);
  }

  const service = {
    /** The fewest people a figure of a survey's results may come from (below it, the figure is withheld). */
    minRespondents: min,

    /** Surveys the actor runs or answers for (administrators: all). */
    async listSurveys(actor: Actor | undefined): Promise<Survey[]> {
      const viewer = requireSignedIn(actor);
      return repo.listSurveys(viewer.isAdmin ? null : staffOrganisations(viewer));
    },

    async createSurvey(
      actor: Actor | undefined,
      input: { organisationId: number; title: string; audience: string; introduction?: string; period: string },
    ): Promise<Survey> {
      const editor = requireSignedIn(actor);
      if (!canEditOrganisation(editor, input.organisationId))
        throw new AppError('forbidden', 'Only an organisation’s leaders can run a survey for it', [
          { field: 'organisationId', message: 'Choose an organisation you lead' },
        ]);
      await landscape.getOrganisation(editor, input.organisationId);
      const id = await audit.recorded(
        actor,
        (trx) =>
          createSurveysRepository(trx).insertSurvey({
            ...input,
            introduction: input.introduction ?? '',
            createdBy: accountIdOf(editor),
          }),
        (created) => ({
          action: 'create',
          entity: 'survey',
          entityId: created,
          organisationIds: [input.organisationId],
          detail: { title: input.title },
        }),
      );
      return getSurvey(id);
    },

    /** A survey with its questions and (for those who run it) its links. */
    async getSurvey(actor: Actor | undefined, id: number) {
      const viewer = requireSignedIn(actor);
      const survey = await getSurvey(id);
      const links = await repo.listLinks(id);
      const runs = canEditOrganisation(viewer, survey.organisationId);
      if (!runs && !links.some((l) => belongsTo(viewer, l.organisationId)))
        throw new AppError('forbidden', 'This survey is not run by or for your organisation');
      return {
        survey,
        questions: await repo.listQuestions(id),
        links: runs ? links : links.filter((l) => belongsTo(viewer, l.organisationId)),
        runs,
      };
    },

    async addQuestion(actor: Actor | undefined, surveyId: number, input: QuestionInput): Promise<void> {
      const survey = await getRunSurvey(actor, surveyId);
      if (survey.status !== 'draft')
        throw new AppError('conflict', 'Questions can be changed only before the survey opens');
      const problems: FieldProblem[] = [];
      const options = input.type === 'choice' ? (input.options ?? []).map((o) => o.trim()).filter(Boolean) : [];
      if (input.type === 'choice' && options.length < 2)
        problems.push({ field: 'options', message: 'Give at least two choices, one per line' });
      const feeds = input.type !== 'text' && (input.indicatorName ?? '').trim() !== '';
      const counted = input.type === 'choice' && feeds ? (input.countedOption ?? 1) : null;
      if (counted !== null && (counted < 1 || counted > options.length))
        problems.push({
          field: 'countedOption',
          message: `Give the number of one of the ${options.length} choices`,
        });
      if (problems.length) throw new AppError('validation', 'The question is not complete', problems);
      let indicatorId: number | null = null;
      if (feeds) {
        const name = input.indicatorName!.trim();
        const code = input.indicatorCode?.trim() || `${survey.audience}-${slug(name)}`;
        const ids = await indicators.ensureSoftIndicators([
          {
            code,
            name,
            description: `Share of ${survey.audience} ${input.type === 'scale' ? 'agreeing with' : 'choosing one answer to'} “${input.prompt}” in a voice survey.`,
            unit: 'percent',
            kind: 'soft',
            direction: 'higher',
            outcome: null,
            source: 'Voice survey',
            published: false,
            grades: [],
          },
        ]);
        indicatorId = ids.get(code) ?? null;
      }
      await audit.recorded(
        actor,
        (trx) =>
          createSurveysRepository(trx).insertQuestion(surveyId, {
            type: input.type,
            prompt: input.prompt,
            options,
            indicatorId,
            countedOption: counted,
          }),
        () => ({
          action: 'add-question',
          entity: 'survey',
          entityId: surveyId,
          organisationIds: [survey.organisationId],
          detail: { type: input.type, prompt: input.prompt },
        }),
      );
    },

    async removeQuestion(actor: Actor | undefined, surveyId: number, questionId: number): Promise<void> {
      const survey = await getRunSurvey(actor, surveyId);
      if (survey.status !== 'draft')
        throw new AppError('conflict', 'Questions can be changed only before the survey opens');
      await audit.recorded(
        actor,
        async (trx) => {
          if ((await createSurveysRepository(trx).deleteQuestion(surveyId, questionId)) === 0)
            throw notFound(`Question ${questionId}`);
        },
        () => ({
          action: 'remove-question',
          entity: 'survey',
          entityId: surveyId,
          organisationIds: [survey.organisationId],
          detail: { questionId },
        }),
      );
    },

    /**
     * Opens the survey for chosen organisations (the one that runs it, or its members when it is a
     * partnership), each with its own anonymous link.
     */
    async openSurvey(actor: Actor | undefined, surveyId: number, organisationIds: number[]): Promise<void> {
      const survey = await getRunSurvey(actor, surveyId);
      if (survey.status === 'closed')
        throw new AppError('conflict', 'A closed survey cannot open again; copy it into a new one');
      if ((await repo.listQuestions(surveyId)).length === 0)
        throw new AppError('validation', 'Add at least one question first');
      if (organisationIds.length === 0)
        throw new AppError('validation', 'Choose at least one organisation', [
          { field: 'organisationIds', message: 'Tick at least one organisation' },
        ]);
      const allowed = new Set(await landscape.organisationAndMembers(actor, survey.organisationId));
      const outside = organisationIds.filter((id) => !allowed.has(id));
      if (outside.length)
        throw new AppError('validation', 'A survey opens only for the organisation that runs it and its members', [
          { field: 'organisationIds', message: 'Tick only the organisation that runs the survey and its members' },
        ]);
      await audit.recorded(
        actor,
        async (trx) => {
          const r = createSurveysRepository(trx);
          await r.insertLinks(
            surveyId,
            organisationIds.map((organisationId) => ({
              organisationId,
              token: crypto.randomBytes(18).toString('base64url'),
            })),
          );
          await r.setStatus(surveyId, 'open');
        },
        () => ({
          action: 'open',
          entity: 'survey',
          entityId: surveyId,
          organisationIds: [survey.organisationId, ...organisationIds],
        }),
      );
    },

    /** Closes the survey and turns its answers into soft indicator values (withheld below the minimum when read). */
    async closeSurvey(actor: Actor | undefined, surveyId: number): Promise<void> {
      const survey = await getRunSurvey(actor, surveyId);
      if (survey.status !== 'open') throw new AppError('conflict', 'Only an open survey can be closed');
      const questions = await repo.listQuestions(surveyId);
      const counts = await repo.answerCounts(surveyId);
      const rows: Parameters<IndicatorsService['recordComputedValues']>[1] = [];
      // The same count as the results page: per question and organisation, against those who
      // answered that question. Values under the minimum are written with their respondents, and
      // the indicators module withholds them wherever they are read.
      for (const question of questions.filter((q) => q.indicatorId !== null && q.type !== 'text')) {
        const mine = counts.filter((x) => x.questionId === question.id);
        for (const organisationId of new Set(mine.map((c) => c.organisationId))) {
          const { answered, counted } = tallyOf(
            question,
            mine.filter((c) => c.organisationId === organisationId),
          );
          if (answered === 0 || counted === null) continue;
          rows.push({
            indicatorId: question.indicatorId!,
            period: survey.period,
            organisationId,
            value: (counted / answered) * 100,
            numerator: counted,
            denominator: answered,
            respondents: answered,
          });
        }
      }
      // The values, the status and the audit entry in one transaction: a survey is closed with its values or stays open without them.
      await audit.recorded(
        actor,
        async (trx) => {
          await indicators.recordComputedValues(`survey:${surveyId}`, rows, trx);
          await createSurveysRepository(trx).setStatus(surveyId, 'closed');
        },
        () => ({
          action: 'close',
          entity: 'survey',
          entityId: surveyId,
          organisationIds: [survey.organisationId],
          detail: { values: rows.length },
        }),
      );
    },

    /**
     * Results per organisation, the one reading of answers behind the results page and its CSV:
     * those who run the survey see every organisation, others their own. While the survey is
     * open only the number of respondents is shown. Once closed, each question's figures are shown
     * only when at least the minimum answered that question (free text: wrote an answer), and
     * written answers only to that organisation's own leaders, in alphabetical order.
     */
    async results(actor: Actor | undefined, surveyId: number): Promise<SurveyResults> {
      const viewer = requireSignedIn(actor);
      const { survey, questions, links } = await service.getSurvey(viewer, surveyId);
      const closed = survey.status === 'closed';
      const respondents = await repo.respondents(surveyId);
      const counts = closed ? await repo.answerCounts(surveyId) : [];
      const written = closed ? await repo.writtenCounts(surveyId) : [];
      // Results are values of each organisation: the viewer sees them only where the indicators' gate would show that organisation's unpublished values.
      const shared = await indicators.seenOneByOne(
        viewer,
        links.map((l) => l.organisationId),
      );
      const organisations: OrganisationResult[] = [];
      for (const link of links) {
        const n = respondents.get(link.organisationId) ?? 0;
        if (closed && !shared.has(link.organisationId)) {
          const hidden = questions.map((question) => ({
            question,
            withheld: true,
            answered: null,
            counts: null,
            share: null,
            texts: null,
          }));
          organisations.push({
            organisationId: link.organisationId,
            name: link.name,
            respondents: null,
            withheld: true,
            notShared: true,
            questions: hidden,
          });
          continue;
        }
        const writtenTo = (questionId: number) =>
          written.find((w) => w.organisationId === link.organisationId && w.questionId === questionId)?.n ?? 0;
        const readable =
          closed && isLeaderOf(viewer, link.organisationId)
            ? questions.filter((q) => q.type === 'text' && writtenTo(q.id) >= min).map((q) => q.id)
            : [];
        const texts = await repo.freeText(surveyId, link.organisationId, readable);
        const results = questions.map((question) =>
          questionResult(question, {
            closed,
            minimum: min,
            answerRows: counts.filter((c) => c.questionId === question.id && c.organisationId === link.organisationId),
            written: writtenTo(question.id),
            texts: readable.includes(question.id)
              ? texts.filter((t) => t.questionId === question.id).map((t) => t.value)
              : null,
          }),
        );
        organisations.push({
          organisationId: link.organisationId,
          name: link.name,
          respondents: closed && n < min ? null : n,
          withheld: results.every((r) => r.withheld),
          notShared: false,
          questions: results,
        });
      }
      return { survey, minimum: min, open: !closed, organisations };
    },

    /** The survey behind an anonymous link, if it is open (no sign-in). */
    async findOpenByToken(token: string) {
      const link = await repo.findLink(token);
      if (!link) return undefined;
      const survey = await getSurvey(link.surveyId);
      if (survey.status !== 'open')
        return { survey, organisationName: link.organisationName, questions: [], open: false };
      return {
        survey,
        organisationName: link.organisationName,
        questions: await repo.listQuestions(survey.id),
        open: true,
      };
    },

    /**
     * Records one anonymous response through a link: answers are checked against their
     * questions; nothing about the person answering is stored.
     */
    async submitResponse(token: string, answers: Record<string, string | undefined>): Promise<void> {
      const link = await repo.findLink(token);
      if (!link) throw notFound('Survey');
      const survey = await getSurvey(link.surveyId);
      if (survey.status !== 'open') throw new AppError('conflict', 'This survey has closed');
      const questions = await repo.listQuestions(survey.id);
      const problems: FieldProblem[] = [];
      const given: Array<{ questionId: number; value: string }> = [];
      for (const question of questions) {
        const raw = (answers[`q${question.id}`] ?? '').trim();
        if (raw === '') continue;
        const size = question.type === 'scale' ? SCALE.length : question.options.length;
        if (question.type === 'text') {
          if (raw.length > MAX_TEXT_ANSWER)
            problems.push({
              field: `q${question.id}`,
              message: messageFor('answer', {
                keyword: 'maxLength',
                schema: { maxLength: MAX_TEXT_ANSWER, title: 'Your answer' },
                value: raw,
              }),
            });
          else given.push({ questionId: question.id, value: raw });
        } else if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > size) {
          problems.push({ field: `q${question.id}`, message: 'Choose one of the answers' });
        } else {
          given.push({ questionId: question.id, value: String(Number(raw)) });
        }
      }
      if (problems.length) throw new AppError('validation', 'Some answers could not be read', problems);
      if (given.length === 0)
        throw new AppError('validation', 'Answer at least one question', [
          { field: `q${questions[0]?.id ?? 0}`, message: 'Answer at least one question' },
        ]);
      await db
        .transaction()
        .execute((trx) => createSurveysRepository(trx).insertResponse(survey.id, link.organisationId, given));
    },
  };
  return service;
}
export type SurveysService = ReturnType<typeof createSurveysService>;
