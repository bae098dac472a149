import type { Db } from '../../db/database.js';
import { AppError, notFound, type FieldProblem } from '../../platform/http/errors.js';
import type { Actor } from '../../platform/http/http-platform.js';
import { accountIdOf, requireSignedIn } from '../../platform/http/require-actor.js';
import { formatDate } from '../../platform/http/views.js';
import type { AuditService } from '../audit/index.js';
import { AREAS, areaOf } from '../brokerage/index.js';
import type { EngagementsService } from '../engagements/index.js';
import type { EnquiriesService } from '../enquiries/index.js';
import { describeChange, formatValue, MIN_COHORT, type IndicatorsService, type Unit } from '../indicators/index.js';
import {
  canEditOrganisation,
  PARTNERSHIP_KINDS,
  staffOrganisations,
  todayIso,
  type LandscapeService,
} from '../landscape/index.js';
import {
  ADAPTATION_CODES,
  honestTrialProblem,
  JUDGEMENT_STATES,
  trialStartProblem,
  reviewDateFor,
  type Judgement,
} from './practices.domain.js';
import {
  createPracticesRepository,
  type Adoption,
  type Practice,
  type PracticeFilters,
  type PracticesRepository,
  type Sight,
} from './practices.repository.js';

/** What the practice form gives. */
export interface PracticeInput {
  organisationId: number;
  title: string;
  problem: string;
  approach: string;
  areas?: string[];
  contactPersonId?: number | null;
  eefStrand?: string;
  eefImpactMonths?: number | null;
  eefCost?: number | null;
  eefEvidence?: number | null;
  evidenceNote?: string;
  /** Shown to every signed-in user; otherwise only to the partnerships chosen (and the school). */
  published?: boolean;
  partnershipIds?: number[];
  sourceEnquiryId?: number | null;
}

/** What the adoption form gives. */
export interface AdoptionInput {
  organisationId: number;
  /** The school it was taken from (the owner or an earlier adopter); null or absent: from the library. */
  fromOrganisationId?: number | null;
  adapted?: string[];
  adaptation?: string;
  leadPersonId?: number | null;
  startedOn?: string;
  reviewOn?: string;
  /** Indicators of the catalogue that will judge the trial (soft indicators of voice surveys among them). */
  measures: string[];
  /** The day it is recorded, when history is loaded (the demo); a person records it today. */
  on?: string;
}

export interface JudgementInput {
  judgement: Judgement;
  note?: string;
  /** The day it was judged, when history is loaded (the demo); a person judges today. */
  on?: string;
}

const problem = (field: string, message: string): FieldProblem => ({ field, message });
function failIfProblems(problems: FieldProblem[]): void {
  if (problems.length) throw new AppError('validation', problems[0]!.message, problems);
}

/**
 * The practice library: practices with their context and evidence, shown to the partnerships their
 * school chooses (or published to everyone), each school's adoption of one with its trial, and the
 * trial's judgement at review under the honest-trial rule.
 */
export function createPracticesService({
  db,
  landscape,
  indicators,
  engagements,
  enquiries,
  audit,
}: {
  db: Db;
  landscape: LandscapeService;
  indicators: IndicatorsService;
  engagements: EngagementsService;
  enquiries: EnquiriesService;
  audit: AuditService;
}) {
  const repo = createPracticesRepository(db);

  /**
   * The one rule of who sees a practice: administrators all; everyone signed in the published
   * ones; staff of a school its own and those it took up; staff of a partnership (or of one of its
   * members) the practices shown to that partnership.
   */
  async function sightOf(actor: Actor): Promise<Sight> {
    if (actor.isAdmin) return { all: true, organisationIds: [], partnershipIds: [] };
    const staff = staffOrganisations(actor);
    const partnerships = [...new Set([...staff, ...(await landscape.partnershipsOf(staff))])];
    return { all: false, organisationIds: staff, partnershipIds: partnerships };
  }

  async function getVisible(actor: Actor | undefined, id: number): Promise<{ viewer: Actor; practice: Practice }> {
    const viewer = requireSignedIn(actor);
    const practice = await repo.find(id);
    if (!practice || !(await repo.isSeen(await sightOf(viewer), id))) throw notFound(`Practice ${id}`);
    return { viewer, practice };
  }

  async function getOwned(actor: Actor | undefined, id: number) {
    const found = await getVisible(actor, id);
    if (!canEditOrganisation(found.viewer, found.practice.organisationId))
      throw new AppError(
        'forbidden',
        `Only the leaders of ${found.practice.organisationName} can change this practice`,
      );
    return found;
  }

  /** An adoption for those who may see its practice; changed only by the adopting school's leaders. */
  async function getAdoptionVisible(actor: Actor | undefined, adoptionId: number) {
    const adoption = await repo.findAdoption(adoptionId);
    if (!adoption) throw notFound(`Adoption ${adoptionId}`);
    const { viewer, practice } = await getVisible(actor, adoption.practiceId).catch(() => {
      throw notFound(`Adoption ${adoptionId}`);
    });
    return { viewer, practice, adoption };
  }

  function recorded<T>(
    actor: Actor,
    write: (r: PracticesRepository) => Promise<T>,
    entry: (result: T) => {
      action: string;
      entity: 'practice' | 'practice-adoption';
      entityId: number;
      organisationIds: number[];
      detail?: Record<string, unknown>;
    },
  ): Promise<T> {
    return audit.recorded(actor, (trx) => write(createPracticesRepository(trx)), entry);
  }

  /** Checks a practice's fields against the landscape: areas, contact, partnerships of the school. */
  async function checkPractice(actor: Actor, input: PracticeInput): Promise<void> {
    const problems: FieldProblem[] = [];
    const codes = new Set(AREAS.map((a) => a.code));
    if ((input.areas ?? []).some((a) => !codes.has(a)))
      problems.push(problem('areas', 'Choose the areas from the list'));
    if (input.contactPersonId) {
      const people = await landscape.listPeopleOfOrganisation(actor, input.organisationId);
      if (!people.some((p) => p.id === input.contactPersonId))
        problems.push(problem('contactPersonId', 'Choose a contact from the school’s own people'));
    }
    if (input.sourceEnquiryId) {
      const seen = await enquiries.get(actor, input.sourceEnquiryId).catch(() => undefined);
      if (!seen) problems.push(problem('sourceEnquiryId', 'The enquiry this practice grew from was not found'));
    }
    const chosen = input.partnershipIds ?? [];
    if (chosen.length) {
      const theirs = new Set(await landscape.partnershipsOf([input.organisationId]));
      if (chosen.some((id) => !theirs.has(id)))
        problems.push(problem('partnershipIds', 'Choose partnerships the school is a member of'));
    }
    failIfProblems(problems);
  }

  const valuesOf = (input: PracticeInput) => ({
    organisationId: input.organisationId,
    title: input.title.trim(),
    problem: input.problem.trim(),
    approach: input.approach.trim(),
    contactPersonId: input.contactPersonId ?? null,
    areas: [...new Set(input.areas ?? [])],
    eefStrand: input.eefStrand?.trim() ?? '',
    eefImpactMonths: input.eefImpactMonths ?? null,
    eefCost: input.eefCost ?? null,
    eefEvidence: input.eefEvidence ?? null,
    evidenceNote: input.evidenceNote?.trim() ?? '',
    published: input.published ?? false,
    sourceEnquiryId: input.sourceEnquiryId ?? null,
  });

  /** How a practice's trials went: kept, adapted again, stopped, and still running. */
  function trialsOf(adoptions: Adoption[]) {
    const count = (j: Judgement | null) => adoptions.filter((a) => a.judgement === j).length;
    return { keep: count('keep'), adapt: count('adapt'), stop: count('stop'), running: count(null) };
  }

  /** The context a practice worked in, from its school's own facts. */
  async function contextOf(viewer: Actor, practice: Practice) {
    const school = await landscape.getOrganisation(viewer, practice.organisationId);
    return {
      phase: school.phase,
      pupils: school.pupils,
      fsmPercent: school.fsmPercent,
      localAuthorityName: school.localAuthorityName,
      localAuthorityId: school.localAuthorityId,
      town: school.town,
    };
  }

  /** A trial's measures as the viewer may see them: baseline, the figure at review (or the latest), and the change. */
  async function measuresFor(viewer: Actor, adoption: Adoption) {
    const measures = await repo.measuresOf(adoption.id);
    return Promise.all(
      measures.map(async (m) => {
        const indicator = (await indicators.findIndicator(m.code))!;
        const shared = await indicators.maySee(viewer, m.code, adoption.organisationId);
        const show = (v: number | null) =>
          v === null ? '—' : formatValue(indicator.unit as Unit, indicator.grades, v);
        const latest = shared
          ? (await indicators.latestValues(viewer, { code: m.code, organisationIds: [adoption.organisationId] })).get(
              adoption.organisationId,
            )
          : undefined;
        const now =
          adoption.judgement && m.reviewPeriod !== null
            ? { period: m.reviewPeriod, value: m.reviewValue }
            : latest
              ? { period: latest.period, value: latest.value }
              : { period: null, value: null };
        const changed =
          shared &&
          m.baselineValue !== null &&
          m.baselinePeriod &&
          now.value !== null &&
          now.period &&
          now.period > m.baselinePeriod;
        return {
          code: m.code,
          name: indicator.name,
          shared,
          baseline: shared
            ? { period: m.baselinePeriod, value: m.baselineValue, display: show(m.baselineValue) }
            : { period: null, value: null, display: 'Not shared with you' },
          now: shared
            ? { period: now.period, value: now.value, display: show(now.value) }
            : { period: null, value: null, display: 'Not shared with you' },
          change: changed ? describeChange(indicator, m.baselineValue!, now.value!).text : null,
          /** Whether a later figure than the baseline exists yet to judge by. */
          judgeable: Boolean(changed),
        };
      }),
    );
  }

  /**
   * The measure's change at the school beside the mean change of schools like it over the same
   * periods, where at least the minimum cohort of them have values the viewer may see.
   */
  async function besideSimilar(
    viewer: Actor,
    adoption: Adoption,
    measure: { code: string; baseline: { period: string | null }; now: { period: string | null }; judgeable: boolean },
  ) {
    if (!measure.judgeable) return null;
    const indicator = (await indicators.findIndicator(measure.code))!;
    const similar = await engagements.similarSchools(viewer, adoption.organisationId);
    const rows = await indicators.comparison(viewer, {
      code: measure.code,
      organisationIds: similar,
      fromPeriod: measure.baseline.period,
    });
    const from = rows.find((r) => r.period === measure.baseline.period);
    const to = rows.find((r) => r.period === measure.now.period);
    if (!from || !to || from.mean === null || to.mean === null)
      return { text: `Fewer than ${MIN_COHORT} similar schools have figures to compare with`, schools: to?.n ?? 0 };
    return { text: `Similar schools: ${describeChange(indicator, from.mean, to.mean).text}`, schools: to.n };
  }

  const service = {
    /** The practices the reader may see, narrowed by the filters; `near` keeps those tried in the reader's area or partnerships. */
    async list(
      actor: Actor | undefined,
      filters: PracticeFilters & { near?: boolean } = {},
      page: { limit?: number; offset?: number } = {},
    ) {
      const viewer = requireSignedIn(actor);
      const sight = await sightOf(viewer);
      let triedBy: number[] | undefined;
      if (filters.near) {
        // Near: the schools of the reader's local authorities and partnerships.
        const staff = staffOrganisations(viewer);
        const areas = new Set<number>(sight.partnershipIds);
        for (const id of staff) {
          const org = await landscape.getOrganisation(viewer, id);
          if (org.localAuthorityId) areas.add(org.localAuthorityId);
          if (PARTNERSHIP_KINDS.has(org.kind)) areas.add(org.id);
        }
        const near = new Set<number>(staff);
        for (const id of areas) for (const m of await landscape.organisationAndMembers(viewer, id)) near.add(m);
        triedBy = [...near];
      }
      const { near: _near, ...rest } = filters;
      return repo.list(sight, { ...rest, triedBy }, page.limit ?? 50, page.offset ?? 0);
    },

    /** A practice with its context, evidence (external and from trials here), resources, contact and adoptions. */
    async get(actor: Actor | undefined, id: number) {
      const { viewer, practice } = await getVisible(actor, id);
      const adoptions = await repo.adoptionsOf(id);
      const contact = practice.contactPersonId
        ? await landscape.getPerson(viewer, practice.contactPersonId).catch(() => null)
        : null;
      const source = practice.sourceEnquiryId
        ? await enquiries.get(viewer, practice.sourceEnquiryId).catch(() => undefined)
        : undefined;
      return {
        ...practice,
        /** The enquiry it grew from, when the reader may see it. */
        sourceEnquiry: source ? { id: source.enquiry.id, title: source.enquiry.title } : null,
        areaLabels: practice.areas.map((a) => areaOf(a).label),
        context: await contextOf(viewer, practice),
        contact: contact
          ? { id: contact.id, name: contact.name, jobTitle: contact.jobTitle, email: contact.email }
          : null,
        resources: await repo.resources(id),
        adoptions,
        trials: trialsOf(adoptions),
        mayChange: canEditOrganisation(viewer, practice.organisationId),
        mayAdopt: (await adoptingSchools(viewer, practice, adoptions)).length > 0,
      };
    },

    /** What the practice form needs: the schools the person leads, their people and partnerships. */
    async formChoices(actor: Actor | undefined, organisationId?: number) {
      const viewer = requireSignedIn(actor);
      const schools = (await landscape.ledOrganisations(viewer)).filter((o) => !PARTNERSHIP_KINDS.has(o.kind));
      // Only a school the person leads gives its people and partnerships to choose from.
      const chosen = schools.find((s) => s.id === organisationId)?.id ?? schools[0]?.id;
      return {
        schools: schools.map((s) => ({ id: s.id, name: s.name })),
        people: chosen ? await landscape.listPeopleOfOrganisation(viewer, chosen) : [],
        partnerships: chosen ? await partnershipsNamed(viewer, chosen) : [],
        areas: AREAS.map((a) => ({ code: a.code, label: a.label })),
      };
    },

    /** A practice drafted from an enquiry's finding: its question as the problem, the finding as the approach. */
    async draftFromFinding(actor: Actor | undefined, enquiryId: number, findingId: number) {
      const viewer = requireSignedIn(actor);
      const found = await enquiries.finding(viewer, enquiryId, findingId);
      return {
        organisationId: found.organisationIds.find((id) => canEditOrganisation(viewer, id)),
        title: found.statement.slice(0, 200),
        problem: found.question,
        approach: found.statement,
        evidenceNote: `From the enquiry “${found.title}”${found.evidence ? `: ${found.evidence}` : ''}`,
        sourceEnquiryId: found.enquiryId,
      };
    },

    async create(actor: Actor | undefined, input: PracticeInput): Promise<number> {
      const viewer = requireSignedIn(actor);
      if (!canEditOrganisation(viewer, input.organisationId))
        throw new AppError('forbidden', 'Only the leaders of a school can add its practice to the library');
      await requireNotPartnership(
        viewer,
        input.organisationId,
        'A practice belongs to the school that does it: choose one of your schools',
      );
      await checkPractice(viewer, input);
      const values = valuesOf(input);
      return recorded(
        viewer,
        async (r) => {
          const id = await r.insert({ ...values, createdBy: accountIdOf(viewer) });
          await r.setPartnerships(id, input.published ? [] : [...new Set(input.partnershipIds ?? [])]);
          return id;
        },
        (id) => ({
          action: 'create',
          entity: 'practice',
          entityId: id,
          organisationIds: [input.organisationId],
          detail: { title: values.title, published: values.published },
        }),
      );
    },

    async update(actor: Actor | undefined, id: number, input: Omit<PracticeInput, 'organisationId'>): Promise<void> {
      const { viewer, practice } = await getOwned(actor, id);
      const full = { ...input, organisationId: practice.organisationId };
      await checkPractice(viewer, full);
      const { organisationId: _o, sourceEnquiryId: _s, ...values } = valuesOf(full);
      await recorded(
        viewer,
        async (r) => {
          await r.update(id, values);
          await r.setPartnerships(id, input.published ? [] : [...new Set(input.partnershipIds ?? [])]);
        },
        () => ({
          action: 'update',
          entity: 'practice',
          entityId: id,
          organisationIds: [practice.organisationId],
          detail: { published: values.published },
        }),
      );
    },

    async addResource(actor: Actor | undefined, id: number, resource: { title: string; url: string }) {
      const { viewer, practice } = await getOwned(actor, id);
      let url: URL | undefined;
      try {
        url = new URL(resource.url.trim());
      } catch {
        url = undefined;
      }
      if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:'))
        throw new AppError('validation', 'Enter the address of the resource, starting https://', [
          problem('url', 'Enter the address of the resource, starting https://'),
        ]);
      return recorded(
        viewer,
        (r) => r.addResource(id, { title: resource.title.trim(), url: url.href }),
        (resourceId) => ({
          action: 'add-resource',
          entity: 'practice',
          entityId: id,
          organisationIds: [practice.organisationId],
          detail: { resourceId },
        }),
      );
    },

    async removeResource(actor: Actor | undefined, id: number, resourceId: number): Promise<void> {
      const { viewer, practice } = await getOwned(actor, id);
      await recorded(
        viewer,
        async (r) => {
          // Nothing removed: the transaction, and its audit entry, are undone.
          if (!(await r.removeResource(id, resourceId))) throw notFound(`Resource ${resourceId}`);
        },
        () => ({
          action: 'remove-resource',
          entity: 'practice',
          entityId: id,
          organisationIds: [practice.organisationId],
          detail: { resourceId },
        }),
      );
    },

    /** What the adoption form needs: the schools the person may adopt for, where it may come from, the measures. */
    async adoptionChoices(actor: Actor | undefined, id: number, organisationId?: number) {
      const { viewer, practice } = await getVisible(actor, id);
      const adoptions = await repo.adoptionsOf(id);
      const schools = await adoptingSchools(viewer, practice, adoptions);
      const chosen = organisationId && schools.some((s) => s.id === organisationId) ? organisationId : schools[0]?.id;
      const catalogue = await indicators.listIndicators(viewer);
      const suggested = new Set(practice.areas.flatMap((a) => areaOf(a).indicators));
      return {
        practice: { id: practice.id, title: practice.title, organisationId: practice.organisationId },
        schools,
        sources: sourcesOf(practice, adoptions),
        people: chosen ? await landscape.listPeopleOfOrganisation(viewer, chosen) : [],
        indicators: catalogue
          .map((i) => ({ code: i.code, name: i.name, kind: i.kind, suggested: suggested.has(i.code) }))
          .sort((a, b) => Number(b.suggested) - Number(a.suggested) || a.name.localeCompare(b.name)),
        today: todayIso(),
        defaultReview: reviewDateFor(todayIso()),
      };
    },

    /**
     * School B takes up the practice, from school A or from the library, with what it adapted and
     * why, a lead, and a trial: its start, its review (six months on unless chosen) and the
     * measures that will judge it, each with its baseline taken now.
     */
    async adopt(actor: Actor | undefined, id: number, input: AdoptionInput): Promise<number> {
      const { viewer, practice } = await getVisible(actor, id);
      const adoptions = await repo.adoptionsOf(id);
      const problems: FieldProblem[] = [];
      if (!canEditOrganisation(viewer, input.organisationId))
        throw new AppError('forbidden', 'Only the leaders of a school can record that it takes up a practice');
      await requireNotPartnership(
        viewer,
        input.organisationId,
        'A school takes up a practice: choose one of your schools, not a partnership',
      );
      if (input.organisationId === practice.organisationId)
        problems.push(problem('organisationId', 'This is the school’s own practice: choose another school'));
      else if (
        adoptions.some((a) => a.organisationId === input.organisationId && (!a.judgement || a.judgement === 'keep'))
      )
        problems.push(
          problem(
            'organisationId',
            'This school is already trying or keeping this practice: record its review instead',
          ),
        );
      const from = input.fromOrganisationId ?? null;
      if (from !== null && !sourcesOf(practice, adoptions).some((s) => s.id === from))
        problems.push(problem('fromOrganisationId', 'Choose the school that owns the practice or one that took it up'));
      if (from === input.organisationId)
        problems.push(problem('fromOrganisationId', 'A school cannot take a practice from itself'));
      if ((input.adapted ?? []).some((a) => !(ADAPTATION_CODES as string[]).includes(a)))
        problems.push(problem('adapted', 'Choose what you changed from the list'));
      if (input.leadPersonId) {
        const people = await landscape.listPeopleOfOrganisation(viewer, input.organisationId);
        if (!people.some((p) => p.id === input.leadPersonId))
          problems.push(problem('leadPersonId', 'Choose a lead from the school’s own people'));
      }
      const startedOn = input.startedOn ?? input.on ?? todayIso();
      const reviewOn = input.reviewOn ?? reviewDateFor(startedOn);
      const tooEarly = trialStartProblem(startedOn, input.on ?? todayIso());
      if (tooEarly) problems.push(problem('startedOn', tooEarly));
      if (reviewOn <= startedOn)
        problems.push(problem('reviewOn', `Choose a review date after the trial starts, on ${formatDate(startedOn)}`));
      const codes = [...new Set(input.measures)];
      if (!codes.length) problems.push(problem('measures', 'Choose at least one measure that will judge the trial'));
      const measures: Array<{ indicatorId: number; baselinePeriod: string | null; baselineValue: number | null }> = [];
      for (const code of codes) {
        const indicator = await indicators.findIndicator(code);
        if (!indicator) {
          problems.push(problem('measures', 'Choose the measures from the list'));
          break;
        }
        const baseline = (await indicators.maySee(viewer, code, input.organisationId))
          ? (await indicators.latestValues(viewer, { code, organisationIds: [input.organisationId] })).get(
              input.organisationId,
            )
          : undefined;
        measures.push({
          indicatorId: indicator.id,
          baselinePeriod: baseline?.period ?? null,
          baselineValue: baseline?.value ?? null,
        });
      }
      failIfProblems(problems);
      return recorded(
        viewer,
        async (r) => {
          const adoptionId = await r.insertAdoption({
            practiceId: id,
            organisationId: input.organisationId,
            fromOrganisationId: from,
            adapted: [...new Set(input.adapted ?? [])],
            adaptation: input.adaptation?.trim() ?? '',
            leadPersonId: input.leadPersonId ?? null,
            startedOn,
            reviewOn,
            createdBy: accountIdOf(viewer),
          });
          await r.insertMeasures(adoptionId, measures);
          return adoptionId;
        },
        (adoptionId) => ({
          action: 'adopt',
          entity: 'practice-adoption',
          entityId: adoptionId,
          organisationIds: [input.organisationId, practice.organisationId, ...(from ? [from] : [])],
          detail: { practiceId: id, fromOrganisationId: from, reviewOn },
        }),
      );
    },

    /** An adoption's trial: what was adapted, its measures with baseline and now, beside similar schools, and its judgement. */
    async adoption(actor: Actor | undefined, adoptionId: number) {
      const { viewer, practice, adoption } = await getAdoptionVisible(actor, adoptionId);
      const measures = await measuresFor(viewer, adoption);
      const today = todayIso();
      return {
        practice: { id: practice.id, title: practice.title, organisationName: practice.organisationName },
        adoption,
        state: JUDGEMENT_STATES[adoption.judgement ?? 'running'],
        measures: await Promise.all(
          measures.map(async (m) => ({ ...m, similar: await besideSimilar(viewer, adoption, m) })),
        ),
        reviewDue: !adoption.judgement && adoption.reviewOn <= today,
        beforeReview: today < adoption.reviewOn,
        mayJudge: !adoption.judgement && canEditOrganisation(viewer, adoption.organisationId),
      };
    },

    /**
     * The review's judgement — keep, adapt again, stop — with the figures of the day kept beside
     * it. Stopping before the review date needs a reason (the honest-trial rule).
     */
    async judge(actor: Actor | undefined, adoptionId: number, input: JudgementInput): Promise<void> {
      const { viewer, adoption } = await getAdoptionVisible(actor, adoptionId);
      if (!canEditOrganisation(viewer, adoption.organisationId))
        throw new AppError('forbidden', `Only the leaders of ${adoption.organisationName} can judge its trial`);
      if (adoption.judgement)
        throw new AppError('conflict', `This trial was judged on ${formatDate(adoption.judgedOn)}`);
      const today = input.on ?? todayIso();
      const note = input.note?.trim() ?? '';
      const rule = honestTrialProblem(input.judgement, note, today, adoption.reviewOn);
      if (rule) throw new AppError('validation', rule, [problem('note', rule)]);
      const measures = await repo.measuresOf(adoptionId);
      const reviewed = await Promise.all(
        measures.map(async (m) => {
          const latest = (await indicators.maySee(viewer, m.code, adoption.organisationId))
            ? (await indicators.latestValues(viewer, { code: m.code, organisationIds: [adoption.organisationId] })).get(
                adoption.organisationId,
              )
            : undefined;
          return { indicatorId: m.indicatorId, period: latest?.period ?? null, value: latest?.value ?? null };
        }),
      );
      await recorded(
        viewer,
        (r) =>
          r.judge(
            adoptionId,
            { judgement: input.judgement, judgedOn: today, note, judgedBy: accountIdOf(viewer) },
            reviewed,
          ),
        () => ({
          action: 'judge',
          entity: 'practice-adoption',
          entityId: adoptionId,
          organisationIds: [adoption.organisationId, adoption.ownerId],
          detail: { practiceId: adoption.practiceId, judgement: input.judgement, early: today < adoption.reviewOn },
        }),
      );
    },

    /** Trials due for review by a day at the schools the person leads (for home and notifications). */
    async reviewsDue(actor: Actor | undefined, onOrBefore: string): Promise<Adoption[]> {
      const viewer = requireSignedIn(actor);
      if (viewer.isAdmin && !viewer.memberships.length) return [];
      const led = viewer.memberships.filter((m) => canEditOrganisation(viewer, m.organisationId));
      return repo.reviewsDue(
        onOrBefore,
        led.map((m) => m.organisationId),
      );
    },

    /** Every trial due for review by a day (for the morning job, which tells each school's leaders). */
    async allReviewsDue(actor: Actor | undefined, onOrBefore: string): Promise<Adoption[]> {
      const viewer = requireSignedIn(actor);
      if (!viewer.isAdmin) throw new AppError('forbidden', 'Only Syslead itself reads every school’s reviews');
      return repo.reviewsDue(onOrBefore);
    },

    /** Adoptions of the practices the reader may see whose school or practice's owner is among these organisations. */
    async adoptionsAmong(actor: Actor | undefined, organisationIds: number[]): Promise<Adoption[]> {
      const viewer = requireSignedIn(actor);
      return repo.adoptionsAmong(await sightOf(viewer), organisationIds);
    },

    /**
     * For a local system's health: every adoption by or of the scope's schools, with the day its
     * practice was shared and whether the actor may see the practice (`named`); the title of one
     * they may not see is not given.
     */
    async healthAdoptions(
      actor: Actor | undefined,
      scope: { schoolIds: number[] },
    ): Promise<Array<Adoption & { sharedOn: string; named: boolean }>> {
      const viewer = requireSignedIn(actor);
      const rows = await repo.adoptionsForHealth(scope.schoolIds, await sightOf(viewer));
      return rows.map(({ practiceCreatedAt, seen, ...a }) => ({
        ...a,
        practiceTitle: seen ? a.practiceTitle : '',
        sharedOn: new Date(practiceCreatedAt).toISOString().slice(0, 10),
        named: Boolean(seen),
      }));
    },

    /** Every adoption the reader may see, for the export. */
    async allAdoptions(actor: Actor | undefined): Promise<Adoption[]> {
      const viewer = requireSignedIn(actor);
      return repo.allAdoptions(await sightOf(viewer));
    },
  };
  return service;

  /** The schools a person may record an adoption for: those they lead, not the owner, not already trying or keeping it. */
  async function adoptingSchools(viewer: Actor, practice: Practice, adoptions: Adoption[]) {
    const busy = new Set(adoptions.filter((a) => !a.judgement || a.judgement === 'keep').map((a) => a.organisationId));
    return (await landscape.ledOrganisations(viewer))
      .filter((o) => !PARTNERSHIP_KINDS.has(o.kind) && o.id !== practice.organisationId && !busy.has(o.id))
      .map((o) => ({ id: o.id, name: o.name }));
  }

  /** Refuses a partnership where a school is meant: schools own practices and take them up. */
  async function requireNotPartnership(viewer: Actor, organisationId: number, message: string) {
    const organisation = await landscape.getOrganisation(viewer, organisationId);
    if (PARTNERSHIP_KINDS.has(organisation.kind))
      throw new AppError('validation', message, [problem('organisationId', message)]);
  }

  /** Where a practice can be taken from: its own school, and every school that took it up. */
  function sourcesOf(practice: Practice, adoptions: Adoption[]) {
    const seen = new Map<number, string>([[practice.organisationId, practice.organisationName]]);
    for (const a of adoptions) seen.set(a.organisationId, a.organisationName);
    return [...seen].map(([id, name]) => ({ id, name }));
  }

  async function partnershipsNamed(viewer: Actor, organisationId: number) {
    const ids = await landscape.partnershipsOf([organisationId]);
    return Promise.all(
      ids.map(async (id) => {
        const o = await landscape.getOrganisation(viewer, id);
        return { id: o.id, name: o.name };
      }),
    );
  }
}
export type PracticesService = ReturnType<typeof createPracticesService>;
