import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { errorResponses } from '../../platform/http/api-schemas.js';
import { AppError } from '../../platform/http/errors.js';
import { answerForm, formList, parseForm } from '../../platform/http/validate.js';
import { todayIso } from '../landscape/index.js';
import { GRAPH_FORMATS } from '../network/index.js';
import {
  AGENCY_KINDS,
  AGENCY_LABELS,
  BREAK_GLASS_MINUTES,
  FAMILY_MIN_COUNT,
  INFORMATION,
  INFORMATION_CODES,
  LAWFUL_BASES,
  OUTCOME_LABELS,
  OUTCOMES,
  SENSITIVITY,
} from './families.domain.js';
import { agencyGraph } from './families.figures.export.js';
import type { FamiliesService, PersonInput } from './families.service.js';

const Count = Type.Union([Type.Integer(), Type.Null()], {
  description: 'A count, or null where withheld (fewer than the minimum)',
});
const Listed = Type.Integer({ description: 'A count of at least the minimum: rows below it are not listed' });
const FiguresView = Type.Object({
  min: Type.Integer({ description: 'Counts below this are withheld, and rows of agencies below it left out' }),
  families: Type.Union([Type.Integer(), Type.Null()], {
    description:
      'All families, or null where fewer than the minimum or where subtracting the listed rows would count fewer than the minimum',
  }),
  byOutcome: Type.Array(Type.Object({ outcome: Type.String(), label: Type.String(), families: Count })),
  byAgency: Type.Array(Type.Object({ organisationId: Type.Integer(), families: Listed })),
  referralTimes: Type.Array(
    Type.Object({
      from: Type.Integer(),
      to: Type.Integer(),
      referrals: Listed,
      medianDaysToAnswer: Type.Union([Type.Number(), Type.Null()]),
    }),
  ),
  network: Type.Array(Type.Object({ a: Type.Integer(), b: Type.Integer(), families: Listed })),
});

const SAVED: Record<string, string> = {
  opened: 'The family record is open. You are its lead professional.',
  member: 'They are in the team. They are told, and open the record once they sign in with two-factor sign-in.',
  left: 'They have left the team, and no longer see the record.',
  lead: 'The lead has been handed over.',
  consent: 'The consent is recorded. Sharing follows it from its start date.',
  withdrawn: 'The withdrawal is recorded. What the consent covered is no longer shared from that day.',
  override: 'The sharing is recorded and reported to the data protection lead.',
  note: 'The note is saved.',
  service: 'The package of services is updated.',
  referred: 'The referral is sent. The agency is told, and you are told when they answer.',
  closed: 'The family record is closed. It is erased when its retention period ends.',
};
const savedOf = (request: FastifyRequest) => SAVED[String((request.query as Record<string, unknown>)?.saved)];
const bodyOf = (request: FastifyRequest) => (request.body ?? {}) as Record<string, unknown>;
const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');
const options = (entries: Record<string, string>) =>
  Object.entries(entries).map(([value, label]) => ({ value, text: label }));

const Dates = Type.Object({
  fromOn: Type.Optional(Type.String({ format: 'date', title: 'Start date' })),
  untilOn: Type.Optional(Type.String({ format: 'date', title: 'End date' })),
  dueOn: Type.Optional(Type.String({ format: 'date', title: 'Due date' })),
  child1BornOn: Type.Optional(Type.String({ format: 'date', title: 'First child’s date of birth' })),
  child2BornOn: Type.Optional(Type.String({ format: 'date', title: 'Second child’s date of birth' })),
  adult1BornOn: Type.Optional(Type.String({ format: 'date', title: 'First adult’s date of birth' })),
});

/** The consent fields of a form, as the service takes them. */
function consentOf(form: Record<string, unknown>, body: Record<string, unknown>) {
  return {
    givenBy: Number(text(body.givenBy) || -1),
    purpose: text(body.purpose),
    information: formList(body.information),
    agencies: formList(body.agencies),
    lawfulBasis: text(body.lawfulBasis),
    fromOn: (form.fromOn as string | undefined) ?? new Date().toISOString().slice(0, 10),
    untilOn: form.untilOn as string | undefined,
  };
}

/** Family records' pages: only ever server-rendered for a signed-in team, never an API but its de-identified figures. */
export function registerFamiliesRoutes(app: FastifyInstance, families: FamiliesService) {
  const choices = {
    outcomes: OUTCOMES.map((o) => ({ value: o, text: OUTCOME_LABELS[o] })),
    information: options(INFORMATION).filter((i) => i.value !== 'identity'),
    agencies: AGENCY_KINDS.map((k) => ({ value: k, text: AGENCY_LABELS[k] })),
    lawfulBases: options(LAWFUL_BASES),
    lawfulBasisLabels: LAWFUL_BASES,
    sensitivity: options(SENSITIVITY),
    informationLabels: INFORMATION,
    agencyLabels: AGENCY_LABELS,
    outcomeLabels: OUTCOME_LABELS,
  };

  app.get(
    '/api/v1/families/figures',
    {
      schema: {
        tags: ['families'],
        summary: 'What leaves the teams around families: counts naming no one, with small numbers withheld',
        response: { 200: FiguresView, ...errorResponses },
      },
    },
    (request) => families.figures(request.actor),
  );

  app.get('/families', async (request, reply) =>
    reply.page('families/views/families.njk', {
      title: 'Families',
      ...(await families.mine(request.actor)),
      saved: savedOf(request),
    }),
  );

  const newPage = async (request: FastifyRequest, extra: Record<string, unknown> = {}) => ({
    title: 'Open a family record',
    myAgencies: await families.agencies(request.actor),
    ...choices,
    ...extra,
  });
  app.get('/families/new', async (request, reply) => reply.page('families/views/new.njk', await newPage(request)));
  app.post('/families', (request, reply) =>
    answerForm(request, reply, {
      template: 'families/views/new.njk',
      page: (failed) => newPage(request, failed),
      act: async () => {
        const body = bodyOf(request);
        const form = parseForm(Dates, body) as Record<string, unknown>;
        const people: PersonInput[] = [];
        const slots: string[] = [];
        for (const [role, n] of [
          ['child', 1],
          ['child', 2],
          ['adult', 1],
          ['adult', 2],
        ] as const) {
          const name = text(body[`${role}${n}Name`]);
          if (!name) continue;
          slots.push(`${role}${n}`);
          people.push({
            role,
            name,
            bornOn: form[`${role}${n}BornOn`] as string | undefined,
            schoolId: text(body[`${role}${n}School`]) ? Number(body[`${role}${n}School`]) : undefined,
            relationship: text(body[`${role}${n}Relationship`]),
          });
        }
        const needs = formList(body.outcomes).map((outcome) => ({ outcome, summary: text(body[`need-${outcome}`]) }));
        const consenting = text(body.givenBy) !== '';
        const id = await families.open(request.actor, {
          organisationId: Number(body.organisationId) || 0,
          teamRole: text(body.teamRole),
          people,
          needs,
          // Who gave consent is one of the people above, by their place in the list.
          consent: consenting ? { ...consentOf(form, body), givenBy: slots.indexOf(text(body.givenBy)) } : undefined,
        });
        return `/families/${id}?saved=opened`;
      },
    }),
  );

  const familyPage = async (request: FastifyRequest, id: number, extra: Record<string, unknown> = {}) => {
    const family = await families.read(request.actor, id);
    const member = family.sight.as === 'member';
    const agencyChoices = member ? await families.agencyChoices(request.actor, id) : [];
    return {
      title: `Family ${family.reference}`,
      family,
      agencyChoices,
      // The agencies with someone on the team now, named as organisations (not by their members).
      teamAgencies: agencyChoices.filter((a) => family.members.some((m) => !m.leftOn && m.organisationId === a.id)),
      people: family.people.map((p, i) => ({ value: String(p.id), text: p.name, index: i })),
      ...choices,
      saved: savedOf(request),
      ...extra,
    };
  };
  const idOf = (request: FastifyRequest) => {
    const id = Number((request.params as { id: string }).id);
    if (!Number.isInteger(id) || id < 1 || id > 2147483647)
      throw new AppError('not_found', 'That family was not found');
    return id;
  };
  const numberParam = (request: FastifyRequest, name: string) =>
    Number((request.params as Record<string, string>)[name]) || 0;

  app.get('/families/:id', async (request, reply) =>
    reply.page('families/views/family.njk', await familyPage(request, idOf(request))),
  );

  /** A form of the family's page: on a problem the page comes back with what was typed. */
  function familyForm(
    path: string,
    act: (request: FastifyRequest, id: number, body: Record<string, unknown>) => Promise<string>,
  ) {
    app.post(`/families/:id${path}`, (request, reply) => {
      const id = idOf(request);
      return answerForm(request, reply, {
        template: 'families/views/family.njk',
        page: (failed) => familyPage(request, id, failed),
        act: async () => `/families/${id}?saved=${await act(request, id, bodyOf(request))}`,
      });
    });
  }

  familyForm('/members', async (request, id, body) => {
    await families.addMember(request.actor, id, {
      email: text(body.email),
      organisationId: Number(body.organisationId) || 0,
      teamRole: text(body.teamRole),
    });
    return 'member';
  });
  familyForm('/members/:memberId/leave', async (request, id) => {
    await families.leave(request.actor, id, numberParam(request, 'memberId'));
    return 'left';
  });
  familyForm('/members/:memberId/lead', async (request, id) => {
    await families.handOver(request.actor, id, numberParam(request, 'memberId'));
    return 'lead';
  });
  familyForm('/consents', async (request, id, body) => {
    const form = parseForm(Dates, body) as Record<string, unknown>;
    await families.recordConsent(request.actor, id, consentOf(form, body));
    return 'consent';
  });
  familyForm('/consents/:consentId/withdraw', async (request, id) => {
    await families.withdrawConsent(request.actor, id, numberParam(request, 'consentId'));
    return 'withdrawn';
  });
  familyForm('/overrides', async (request, id, body) => {
    await families.shareWithoutConsent(request.actor, id, {
      agency: text(body.agency),
      information: formList(body.overrideInformation),
      reason: text(body.reason),
    });
    return 'override';
  });
  familyForm('/notes', async (request, id, body) => {
    await families.addNote(request.actor, id, {
      information: text(body.noteInformation),
      sensitivity: text(body.sensitivity),
      body: text(body.body),
    });
    return 'note';
  });
  familyForm('/services', async (request, id, body) => {
    const form = parseForm(Dates, body) as Record<string, unknown>;
    await families.addService(request.actor, id, {
      organisationId: Number(body.serviceOrganisationId) || 0,
      what: text(body.what),
      dueOn: (form.dueOn as string | undefined) ?? '',
    });
    return 'service';
  });
  familyForm('/services/:serviceId/done', async (request, id) => {
    await families.serviceDone(request.actor, id, numberParam(request, 'serviceId'));
    return 'service';
  });
  familyForm('/referrals', async (request, id, body) => {
    const days = text(body.answerWithinDays);
    await families.refer(request.actor, id, {
      toOrganisationId: Number(body.toOrganisationId) || 0,
      outcome: text(body.outcome),
      message: text(body.message),
      answerWithinDays: days ? Number(days) : undefined,
    });
    return 'referred';
  });
  familyForm('/close', async (request, id) => {
    await families.close(request.actor, id);
    return 'closed';
  });

  app.get('/families/:id/access', async (request, reply) => {
    const report = await families.accessReport(request.actor, idOf(request));
    return reply.page('families/views/access.njk', {
      title: `Who opened family ${report.reference}`,
      id: idOf(request),
      ...report,
    });
  });

  // The receiving agency's side of a referral.
  const referralPage = async (request: FastifyRequest, extra: Record<string, unknown> = {}) => {
    const referral = await families.referral(request.actor, numberParam(request, 'referralId'));
    return { title: `Referral of family ${referral.reference}`, referral, outcomeLabels: OUTCOME_LABELS, ...extra };
  };
  app.get('/families/referrals/:referralId', async (request, reply) =>
    reply.page('families/views/referral.njk', await referralPage(request)),
  );
  app.post('/families/referrals/:referralId/answer', (request, reply) =>
    answerForm(request, reply, {
      template: 'families/views/referral.njk',
      page: (failed) => referralPage(request, failed),
      act: async () => {
        const body = bodyOf(request);
        const answer = text(body.answer);
        const id = numberParam(request, 'referralId');
        await families.answerReferral(request.actor, id, {
          answer: answer as 'accept' | 'decline' | 'complete',
          reason: text(body.reason),
          teamRole: text(body.teamRole),
        });
        return `/families/referrals/${id}`;
      },
    }),
  );

  // Break-glass, and its review.
  const breakGlassPage = (extra: Record<string, unknown> = {}) => ({
    title: 'Open a family record in an emergency',
    minutes: BREAK_GLASS_MINUTES,
    ...extra,
  });
  app.get('/families/break-glass', async (request, reply) => {
    await families.agencies(request.actor);
    return reply.page('families/views/break-glass.njk', breakGlassPage());
  });
  app.post('/families/break-glass', (request, reply) =>
    answerForm(request, reply, {
      template: 'families/views/break-glass.njk',
      page: (failed) => breakGlassPage(failed),
      act: async () => {
        const body = bodyOf(request);
        const { familyId } = await families.breakGlass(request.actor, {
          reference: text(body.reference),
          reason: text(body.reason),
        });
        return `/families/${familyId}`;
      },
    }),
  );

  const reviewsPage = async (request: FastifyRequest, extra: Record<string, unknown> = {}) => ({
    title: 'Break-glass views and sharing without consent to review',
    ...(await families.reviews(request.actor)),
    agencyLabels: AGENCY_LABELS,
    informationLabels: INFORMATION,
    ...extra,
  });
  app.get('/families/reviews', async (request, reply) =>
    reply.page('families/views/reviews.njk', await reviewsPage(request)),
  );
  app.post('/families/reviews/:kind/:reviewId', (request, reply) =>
    answerForm(request, reply, {
      template: 'families/views/reviews.njk',
      page: (failed) => reviewsPage(request, failed),
      act: async () => {
        const body = bodyOf(request);
        const kind = (request.params as { kind: string }).kind === 'override' ? 'override' : 'break-glass';
        await families.review(request.actor, kind, numberParam(request, 'reviewId'), {
          outcome: text(body.outcome) as 'justified' | 'not-justified',
          note: text(body.note),
        });
        return '/families/reviews';
      },
    }),
  );

  // An agency's settings.
  const settingsPage = async (request: FastifyRequest, extra: Record<string, unknown> = {}) => {
    const settings = await families.settings(request.actor, numberParam(request, 'organisationId'));
    return { title: `Family records at ${settings.organisation.name}`, settings, ...extra };
  };
  app.get('/families/settings/:organisationId', async (request, reply) =>
    reply.page('families/views/settings.njk', await settingsPage(request)),
  );
  app.post('/families/settings/:organisationId', (request, reply) =>
    answerForm(request, reply, {
      template: 'families/views/settings.njk',
      page: (failed) => settingsPage(request, failed),
      act: async () => {
        const body = bodyOf(request);
        const years = text(body.retentionYears);
        await families.saveSettings(request.actor, numberParam(request, 'organisationId'), {
          dataProtectionLeadEmail: text(body.dataProtectionLeadEmail),
          safeguardingLeadEmails: text(body.safeguardingLeadEmails).split(/[\s,;]+/),
          retentionYears: years === '' ? 6 : /^\d+$/.test(years) ? Number(years) : Number.NaN,
        });
        return `/families/settings/${numberParam(request, 'organisationId')}?saved=1`;
      },
    }),
  );

  app.get('/families/figures', async (request, reply) =>
    reply.page('families/views/figures.njk', {
      title: 'Families supported: de-identified figures',
      figures: await families.figures(request.actor),
      names: await families.organisationNames(request.actor),
      min: FAMILY_MIN_COUNT,
      informationCodes: INFORMATION_CODES,
    }),
  );

  for (const format of GRAPH_FORMATS)
    app.get(`/families/figures.${format.extension}`, async (request, reply) => {
      const today = todayIso();
      return reply
        .type(format.type)
        .header('content-disposition', `attachment; filename="syslead-agencies-${today}.${format.extension}"`)
        .send(format.write(agencyGraph(await families.agencyNetwork(request.actor), today)));
    });
}
