import crypto from 'node:crypto';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { IdParams, type IdRoute } from '../../platform/http/api-schemas.js';
import { barChart } from '../../platform/charts/charts.js';
import { toCsv } from '../../platform/csv/csv-writer.js';
import { AppError } from '../../platform/http/errors.js';
import { qrSvg } from '../../platform/http/qr.js';
import type { Actor } from '../../platform/http/http-platform.js';
import { asFormProblem, formErrorContext, parseForm } from '../../platform/http/validate.js';
import { formatNumber } from '../../platform/http/views.js';
import { PERIOD_PATTERN } from '../../shared/period.js';
import type { LandscapeService } from '../landscape/index.js';
import {
  AUDIENCES,
  MAX_TEXT_ANSWER,
  QUESTION_TYPES,
  SCALE,
  type QuestionInput,
  type QuestionResult,
  type SurveysService,
} from './surveys.service.js';

const literals = (values: readonly string[]) => Type.Union(values.map((v) => Type.Literal(v)));
const SurveyForm = Type.Object(
  {
    organisationId: Type.Integer({ minimum: 1, maximum: 2147483647 }),
    title: Type.String({ minLength: 1, maxLength: 200 }),
    audience: literals(AUDIENCES),
    period: Type.String({ pattern: PERIOD_PATTERN }),
    introduction: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);
const QuestionForm = Type.Object(
  {
    type: literals(QUESTION_TYPES),
    prompt: Type.String({ minLength: 1, maxLength: 500 }),
    options: Type.Optional(Type.String({ maxLength: 4000 })),
    indicatorName: Type.Optional(Type.String({ maxLength: 200 })),
    countedOption: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })),
  },
  { additionalProperties: false },
);
const QuestionParams = Type.Object({ id: IdParams.properties.id, questionId: IdParams.properties.id });
const TokenParams = Type.Object({ token: Type.String({ pattern: '^[A-Za-z0-9_-]{16,64}$' }) });
type TokenRoute = { Params: { token: string } };

const LABELS: Record<string, string> = {
  organisationId: 'Organisation',
  title: 'Title',
  audience: 'Who answers',
  period: 'Period',
  introduction: 'Introduction',
  type: 'Type',
  prompt: 'Question',
  options: 'Choices',
  indicatorName: 'Indicator name',
  countedOption: 'Counted choice',
  organisationIds: 'Organisations',
};
const ANSWERED_COOKIE = 'syslead_answered';
/**
 * Answers sent through one link from one internet address in a minute before the next are
 * refused. A class answering together on a school network shares one address, so the limit
 * refuses bursts, not a class: anyone refused keeps what they typed and sends it again a minute later.
 */
export const ANSWERS_PER_MINUTE = 20;

/** Surveys answered in this browser session, from the session cookie (no identity: only survey numbers). */
function answeredIn(request: FastifyRequest): Set<string> {
  return new Set((request.cookies[ANSWERED_COOKIE] ?? '').split('.').filter((s) => /^\d+$/.test(s)));
}

/** A bar chart of the people choosing each answer to a closed question, where its figures are shown (a table holds them too). */
function answersChart(organisation: string, result: QuestionResult) {
  if (result.withheld || !result.counts || result.question.type === 'text') return null;
  const labels = result.question.type === 'scale' ? SCALE : result.question.options;
  return barChart({
    title: `${organisation}: answers to question ${result.question.position}, ${result.question.prompt}`,
    unit: 'People who chose each answer',
    format: formatNumber,
    bars: labels.map((label, i) => ({ label, value: result.counts?.[i] ?? 0 })),
  });
}

/** Survey pages: build, open, close, results; and the anonymous answering page behind each link. */
export function registerSurveysRoutes(app: FastifyInstance, surveys: SurveysService, landscape: LandscapeService) {
  async function listPage(actor: Actor | undefined, extra: Record<string, unknown> = {}) {
    const form = (extra.form ?? {}) as Record<string, string>;
    const organisations = (await landscape.ledOrganisations(actor)).map((o) => ({ value: String(o.id), text: o.name }));
    return {
      title: 'Voice surveys',
      surveys: await surveys.listSurveys(actor),
      organisationItems: organisations.map((o) => ({ ...o, selected: o.value === form.organisationId })),
      audienceItems: AUDIENCES.map((a) => ({
        value: a,
        text: a[0]!.toUpperCase() + a.slice(1),
        selected: a === form.audience,
      })),
      errors: {},
      ...extra,
    };
  }

  app.get('/surveys', async (request, reply) => reply.page('surveys/views/surveys.njk', await listPage(request.actor)));

  app.post('/surveys', async (request, reply) => {
    try {
      const created = await surveys.createSurvey(
        request.actor,
        parseForm(SurveyForm, request.body, { labels: LABELS }),
      );
      return reply.redirect(`/surveys/${created.id}`, 303);
    } catch (error) {
      const invalid = asFormProblem(error);
      return reply.page(
        'surveys/views/surveys.njk',
        await listPage(request.actor, { form: request.body, ...formErrorContext(invalid, request) }),
        400,
      );
    }
  });

  async function surveyPage(request: FastifyRequest, id: number, extra: Record<string, unknown> = {}) {
    const view = await surveys.getSurvey(request.actor, id);
    const candidates =
      view.runs && view.survey.status === 'draft'
        ? await Promise.all(
            (await landscape.organisationAndMembers(request.actor, view.survey.organisationId)).map(async (oid) => ({
              value: String(oid),
              text: (await landscape.getOrganisation(request.actor, oid)).name,
              checked: oid === view.survey.organisationId,
            })),
          )
        : [];
    const origin = request.server.publicUrl;
    return {
      title: view.survey.title,
      ...view,
      scale: SCALE,
      answersPerMinute: ANSWERS_PER_MINUTE,
      candidates,
      links: await Promise.all(
        view.links.map(async (l) => {
          const url = `${origin}/s/${l.token}`;
          // A link that takes answers comes with a QR code, to show on a screen or print on a letter.
          const qr = view.survey.status === 'open' ? await qrSvg(url, `QR code of the link for ${l.name}`) : null;
          return { ...l, url, qr };
        }),
      ),
      typeItems: [
        { value: 'scale', text: 'Agree–disagree scale' },
        { value: 'choice', text: 'Choice' },
        { value: 'text', text: 'Free text' },
      ],
      errors: {},
      ...extra,
    };
  }

  app.get<IdRoute>('/surveys/:id', { schema: { params: IdParams } }, async (request, reply) =>
    reply.page('surveys/views/survey.njk', await surveyPage(request, request.params.id)),
  );

  app.post<IdRoute>('/surveys/:id/questions', { schema: { params: IdParams } }, async (request, reply) => {
    try {
      const form = parseForm(QuestionForm, request.body, { labels: LABELS });
      await surveys.addQuestion(request.actor, request.params.id, {
        ...form,
        type: form.type as QuestionInput['type'],
        options: form.options?.split('\n'),
      });
      return reply.redirect(`/surveys/${request.params.id}#questions`, 303);
    } catch (error) {
      const invalid = asFormProblem(error);
      return reply.page(
        'surveys/views/survey.njk',
        await surveyPage(request, request.params.id, { form: request.body, ...formErrorContext(invalid, request) }),
        400,
      );
    }
  });

  app.post<{ Params: { id: number; questionId: number } }>(
    '/surveys/:id/questions/:questionId/delete',
    { schema: { params: QuestionParams } },
    async (request, reply) => {
      await surveys.removeQuestion(request.actor, request.params.id, request.params.questionId);
      return reply.redirect(`/surveys/${request.params.id}#questions`, 303);
    },
  );

  app.post<IdRoute>('/surveys/:id/open', { schema: { params: IdParams } }, async (request, reply) => {
    const raw = (request.body as Record<string, unknown> | undefined)?.organisationIds;
    const ids = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw])
      .map(Number)
      .filter((n) => Number.isInteger(n) && n > 0);
    try {
      await surveys.openSurvey(request.actor, request.params.id, ids);
      return reply.redirect(`/surveys/${request.params.id}#links`, 303);
    } catch (error) {
      const invalid = asFormProblem(error);
      const problems = invalid.details?.length
        ? invalid
        : new AppError('validation', invalid.message, [{ field: 'organisationIds', message: invalid.message }]);
      return reply.page(
        'surveys/views/survey.njk',
        await surveyPage(request, request.params.id, formErrorContext(problems, request)),
        400,
      );
    }
  });

  app.get<IdRoute>('/surveys/:id/close', { schema: { params: IdParams } }, async (request, reply) => {
    const { survey, questions, runs } = await surveys.getSurvey(request.actor, request.params.id);
    if (!runs) throw new AppError('forbidden', 'Only the leaders of the organisation running a survey can close it');
    if (survey.status !== 'open') throw new AppError('conflict', 'Only an open survey can be closed');
    const feeding = questions.filter((q) => q.indicatorId !== null).length;
    return reply.page('confirm.njk', {
      title: 'Close this survey?',
      caption: survey.organisationName,
      facts: [
        { label: 'Survey', text: survey.title },
        {
          label: 'Asked of',
          text: `${survey.audience[0]!.toUpperCase()}${survey.audience.slice(1)}, ${survey.period}`,
        },
      ],
      warning: 'Closing ends the survey for good: its links stop taking answers, and its results are released.',
      consequences: [
        `Each question’s figures are shown only where at least ${surveys.minRespondents} people answered it; the rest stay withheld.`,
        ...(feeding
          ? [
              `${feeding === 1 ? 'The question that feeds' : `The ${feeding} questions that feed`} a soft indicator record their figures for ${survey.period}.`,
            ]
          : []),
      ],
      told: `The leaders of ${survey.organisationName} are told that the results are ready.`,
      undo: 'a closed survey cannot be opened again. Its results may be read as soon as it closes, and if it then took more answers, comparing the figures before and after would show what the latest people said. To ask again, make a new survey.',
      action: `/surveys/${survey.id}/close`,
      button: 'Yes, close the survey',
      cancel: `/surveys/${survey.id}`,
    });
  });

  app.post<IdRoute>('/surveys/:id/close', { schema: { params: IdParams } }, async (request, reply) => {
    await surveys.closeSurvey(request.actor, request.params.id);
    return reply.redirect(`/surveys/${request.params.id}/results`, 303);
  });

  app.get<IdRoute>('/surveys/:id/results', { schema: { params: IdParams } }, async (request, reply) => {
    const results = await surveys.results(request.actor, request.params.id);
    return reply.page('surveys/views/results.njk', {
      title: `Results: ${results.survey.title}`,
      ...results,
      organisations: results.organisations.map((o) => ({
        ...o,
        questions: o.questions.map((r) => ({ ...r, chart: answersChart(o.name, r) })),
      })),
      scale: SCALE,
    });
  });

  app.get<IdRoute>('/surveys/:id/results.csv', { schema: { params: IdParams } }, async (request, reply) => {
    // The same reading as the page: a figure withheld there is withheld here. Written answers are never exported.
    const results = await surveys.results(request.actor, request.params.id);
    const rows = results.organisations.flatMap((o) =>
      o.questions
        .filter((q) => q.question.type !== 'text')
        .map((q) => [
          o.name,
          o.respondents,
          q.question.position,
          q.question.prompt,
          q.withheld ? (results.open ? 'survey open' : o.notShared ? 'not shared' : 'withheld') : q.answered,
          q.share === null ? null : q.share.toFixed(1),
          q.counts?.join(' ') ?? null,
        ]),
    );
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="survey-${results.survey.id}-results.csv"`)
      .send(
        toCsv(
          ['organisation', 'respondents', 'question', 'prompt', 'answered', 'share_percent', 'counts_by_answer'],
          rows,
        ),
      );
  });

  // The anonymous answering page: no account, nothing stored about who answers.
  async function answerPage(
    reply: FastifyReply,
    request: FastifyRequest<TokenRoute>,
    extra: Record<string, unknown> = {},
    status = 200,
  ) {
    const found = await surveys.findOpenByToken(request.params.token);
    if (!found) throw new AppError('not_found', 'This survey link is not valid');
    const answered = answeredIn(request).has(String(found.survey.id));
    return reply.page(
      'surveys/views/answer.njk',
      {
        title: found.survey.title,
        ...found,
        answered,
        scale: SCALE,
        maxText: MAX_TEXT_ANSWER,
        answersPerMinute: ANSWERS_PER_MINUTE,
        token: request.params.token,
        errors: {},
        form: {},
        ...extra,
      },
      status,
    );
  }

  app.get('/privacy/surveys', { config: { public: true } }, (_request, reply) =>
    reply.page('surveys/views/privacy.njk', {
      title: 'What is kept when you answer a survey',
      minimum: surveys.minRespondents,
    }),
  );

  app.get<TokenRoute>(
    '/s/:token',
    { schema: { params: TokenParams }, config: { public: true } },
    async (request, reply) => {
      reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
      return answerPage(reply, request);
    },
  );

  // One answer per person, as far as an anonymous link allows: a browser cookie, and a limit per
  // link and address. The limit's key is a hash of the two keyed with a secret that lives only
  // in this process's memory: the counter it names (kept with the other rate limits for its
  // window) cannot be linked back to an address, and so each process counts on its own.
  const limitKeySecret = crypto.randomBytes(32);
  const answerLimit = app.createRateLimit({
    max: ANSWERS_PER_MINUTE,
    timeWindow: 60_000,
    keyGenerator: (request) =>
      crypto
        .createHmac('sha256', limitKeySecret)
        .update(`${(request.params as { token: string }).token}\u0000${request.ip}`)
        .digest('base64url'),
  });

  app.post<TokenRoute>(
    '/s/:token',
    { schema: { params: TokenParams }, config: { public: true } },
    async (request, reply) => {
      reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
      const found = await surveys.findOpenByToken(request.params.token);
      if (found && answeredIn(request).has(String(found.survey.id))) return answerPage(reply, request);
      if (found?.open) {
        const limit = await answerLimit(request);
        if (!limit.isAllowed && limit.isExceeded) {
          reply.header('retry-after', String(limit.ttlInSeconds));
          const message =
            'Too many answers have been sent through this link from your connection in the last minute. Nothing has been sent yet and your answers are still below: wait a minute, then press “Send answers” again.';
          return answerPage(
            reply,
            request,
            { form: request.body, tooMany: message, errorList: [{ text: message, href: '#send-answers' }] },
            429,
          );
        }
      }
      try {
        await surveys.submitResponse(request.params.token, (request.body ?? {}) as Record<string, string>);
      } catch (error) {
        const invalid = asFormProblem(error);
        return answerPage(reply, request, { form: request.body, ...formErrorContext(invalid, request) }, 400);
      }
      const answered = [...answeredIn(request), String(found!.survey.id)].join('.');
      // A cookie for this browser session only (no expiry): it marks the survey as answered and nothing else.
      reply.setCookie(ANSWERED_COOKIE, answered, {
        path: '/s',
        httpOnly: true,
        sameSite: 'lax',
        secure: request.protocol === 'https',
      });
      return reply.page('surveys/views/thanks.njk', { title: 'Thank you', survey: found!.survey });
    },
  );
}
