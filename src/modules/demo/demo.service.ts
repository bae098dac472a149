import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../../platform/http/errors.js';
import type { Actor } from '../../platform/http/http-platform.js';
import type { AccountsService } from '../accounts/index.js';
import type { ImportsService } from '../imports/index.js';
import type { LandscapeService } from '../landscape/index.js';
import type { BrokerageService } from '../brokerage/index.js';
import type { EngagementsService } from '../engagements/index.js';
import type { JournalService } from '../journal/index.js';
import type { PracticesService } from '../practices/index.js';
import type { SurveysService } from '../surveys/index.js';
import type { SystemIssuesService } from '../system-issues/index.js';
import type { EnquiriesService } from '../enquiries/index.js';
import type { FamiliesService } from '../families/index.js';
import type { GovernanceService } from '../governance/index.js';
import type { HealthService } from '../health/index.js';
import type { ServiceMap } from '../definition.js';
import { loadDevelopment } from './demo.development.js';
import { loadDemoEnquiry } from './demo.enquiries.js';
import { DEMO_DOMAIN, loadDemoFamilies } from './demo.families.js';
import { DEMO_SURVEY_TRUST, generateDemoAnswers, generateDemoIndicators } from './demo.feedback.js';
import { generateDemoSystem } from './demo.generator.js';
import { loadDemoGovernance } from './demo.governance.js';
import { loadDemoHealth } from './demo.health.js';
import { loadDemoPractice } from './demo.practice.js';
import { loadSystemIssuesAndJournal } from './demo.system-issues.js';

/**
 * The demo's accounts: an administrator, and the people of one support journey, so that a
 * newcomer can play every side of it alone. `part` is who they are in the story; the
 * organisation each leads is found when the demo loads.
 */
export const DEMO_ACCOUNTS = [
  { email: 'admin@demo.syslead.test', name: 'Demo administrator', isAdmin: true, part: 'admin' },
  { email: 'head@demo.syslead.test', name: 'Demo headteacher', isAdmin: false, part: 'asking' },
  { email: 'nle@demo.syslead.test', name: 'Demo National Leader of Education', isAdmin: false, part: 'offering' },
  { email: 'maths@demo.syslead.test', name: 'Demo maths headteacher', isAdmin: false, part: 'asked' },
  { email: 'ceo@demo.syslead.test', name: 'Demo trust chief executive', isAdmin: false, part: 'trust' },
  { email: 'la@demo.syslead.test', name: 'Demo local-authority officer', isAdmin: false, part: 'local-authority' },
  { email: 'deputy@demo.syslead.test', name: 'Demo deputy headteacher', isAdmin: false, part: 'deputy' },
  {
    email: 'dsl@demo.syslead.test',
    name: 'Demo designated safeguarding lead',
    isAdmin: false,
    part: 'safeguarding',
  },
] as const;
type DemoPart = (typeof DEMO_ACCOUNTS)[number]['part'];

/** Who each account is in the story, as the demo prints it. */
const ROLE_OF: Record<DemoPart, (leads: string) => string> = {
  admin: () => 'administrator: imports, accounts and everything else',
  asking: (leads) =>
    `headteacher of ${leads}, which has asked two schools for help with maths and has an offer to choose`,
  offering: (leads) =>
    `headteacher of ${leads}: has offered that help, and runs an executive headship with a check-in due`,
  asked: (leads) => `headteacher of ${leads}: asked for help with maths and yet to answer`,
  trust: (leads) => `chief executive of ${leads}: a school waits for approval to join the trust`,
  'local-authority': (leads) => `school-improvement officer of ${leads}: sees who is waiting for help`,
  deputy: (leads) => `deputy headteacher of ${leads}: ready to grow as a system leader, with nothing assessed yet`,
  safeguarding: (leads) =>
    `designated safeguarding lead of ${leads}: lead professional of two families; set up two-factor sign-in to open their records`,
};

export interface DemoResult {
  organisations: number;
  people: number;
  roleAssignments: number;
  relationships: number;
  /** Indicator values loaded, and survey responses recorded. */
  indicatorValues: number;
  surveyResponses: number;
  /** Each demo account with a fresh one-time password, the organisation it leads (or works at) and its part in the story. */
  accounts: Array<{ email: string; name: string; isAdmin: boolean; password: string; leads?: string; role: string }>;
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** A day this many days before today (the demo's support is always under way now). */
const daysAgo = (days: number) => new Date(Date.now() - days * DAY_MS).toISOString().slice(0, 10);

/** Loads the demo local system and its demo accounts. */
export function createDemoService({
  landscape,
  imports,
  accounts,
  surveys,
  brokerage,
  engagements,
  enquiries,
  practices,
  systemIssues,
  journal,
  families,
  governance,
  health,
  development,
}: {
  landscape: LandscapeService;
  imports: ImportsService;
  accounts: AccountsService;
  surveys: SurveysService;
  brokerage: BrokerageService;
  engagements: EngagementsService;
  enquiries: EnquiriesService;
  practices: PracticesService;
  systemIssues: SystemIssuesService;
  journal: JournalService;
  families: FamiliesService;
  governance: GovernanceService;
  health: HealthService;
  development: Pick<ServiceMap, 'development' | 'feedback360' | 'plans' | 'mentoring' | 'succession'>;
}) {
  /**
   * Support across the borough: offers from schools outside Riverside, a need waiting for help,
   * an executive headship from the school of a National Leader of Education with a check-in
   * due, and the journey the demo accounts play: a Riverside school asks that school and a
   * school offering maths for help, the first has offered, the second has yet to answer; and a
   * school asks to join Riverside. Returns the organisation each demo account leads.
   */
  /** The executive headship the National Leader of Education's school runs (their plan joins it). */
  let executiveHeadship = 0;

  async function loadSupport(
    actor: Actor,
    batch: ReturnType<typeof generateDemoSystem>,
    riverside: { id: number; schools: number[] },
  ): Promise<Record<Exclude<DemoPart, 'admin'>, number>> {
    const idOf = async (key: string) => {
      const urn = batch.organisations.find((o) => o.key === key)?.urn;
      return urn ? (await landscape.resolveSelection(actor, String(urn))).ids[0]! : undefined;
    };
    // Each step is taken as a leader of the school that takes it, as it would be for real.
    const leaderOf = (organisationId: number): Actor => ({
      ...actor,
      isAdmin: false,
      memberships: [{ organisationId, role: 'leader' }],
    });
    const schools = batch.organisations.filter(
      (o) => o.kind === 'school' && o.status === 'open' && o.phase === 'primary',
    );
    const outside: number[] = [];
    for (const s of schools) {
      const id = await idOf(s.key);
      if (id && !riverside.schools.includes(id)) outside.push(id);
    }
    const offers: Array<[area: string, days: number]> = [
      ['maths', 4],
      ['maths', 3],
      ['early-reading', 3],
      ['attendance', 2],
      ['send', 2],
      ['behaviour', 3],
    ];
    for (const [i, [area, daysPerTerm]] of offers.entries()) {
      await brokerage.makeOffer(actor, {
        organisationId: outside[i * 3]!,
        area,
        daysPerTerm,
        detail: 'A leader who has done this in their own school',
      });
    }
    await brokerage.stateNeed(actor, {
      organisationId: outside[1]!,
      area: 'attendance',
      detail: 'Persistent absence has risen two years running',
    });
    const nleKey = batch.roleAssignments.find((a) => a.roleCode === 'national-leader-of-education')?.organisationKey;
    const nleSchool = nleKey ? await idOf(nleKey) : undefined;
    const mathsSchool = outside[0]!;
    const partner = outside.find((id) => id !== nleSchool && !outside.slice(0, 18).includes(id)) ?? outside.at(-1)!;
    if (!nleSchool || [partner, mathsSchool].includes(nleSchool))
      throw new Error('The demo system needs a National Leader of Education apart from the schools it supports');
    const id = await engagements.openDirect(
      actor,
      { supportedId: partner, supportingId: nleSchool, area: 'leadership' },
      {
        type: 'executive-headship',
        aims: 'Stabilise leadership and secure the basics of teaching before a new head is appointed',
        freedoms: 'The executive head may restructure the leadership team',
        accountableTo: 'The governing board and the local authority',
        days: 20,
        startDate: daysAgo(120),
        measures: [
          { code: 'ks2-maths-progress', target: 0 },
          // Its review date has passed: the executive head is reminded to look at it.
          { code: 'absence-overall-percent', target: 5, reviewOn: daysAgo(10) },
        ],
      },
    );
    // Half-termly check-ins: the last was 46 days ago, so the next falls due in three days.
    await engagements.checkIn(actor, id, {
      heldOn: daysAgo(46),
      notes: 'Leadership roles agreed; behaviour policy relaunched with staff',
      nextSteps: 'Maths lead to visit the executive head’s school',
    });

    // The journey: a Riverside school asks two schools for help with maths; one has offered.
    const asking = riverside.schools[1]!;
    const need = await brokerage.stateNeed(leaderOf(asking), {
      organisationId: asking,
      area: 'maths',
      detail: 'Year 6 maths progress has fallen two years running',
    });
    const requestId = await brokerage.requestSupport(leaderOf(asking), {
      needId: need.id,
      invite: [nleSchool, mathsSchool],
      message: 'We would value a maths lead’s eye on our year 6 teaching this term.',
    });
    await brokerage.offerHelp(leaderOf(nleSchool), {
      requestId,
      organisationId: nleSchool,
      days: 3,
      message: 'Our maths lead can model lessons and coach your year 6 team.',
    });

    // A school in no trust asks to join Riverside: the trust's leaders approve or decline.
    const inTrust = new Set(
      batch.relationships
        .filter(
          (r) =>
            r.type === 'membership' && batch.organisations.find((o) => o.key === r.toKey)?.kind === 'academy-trust',
        )
        .map((r) => r.fromKey),
    );
    let joining: number | undefined;
    for (const s of schools.filter((x) => !inTrust.has(x.key))) {
      const candidate = await idOf(s.key);
      if (candidate && ![nleSchool, mathsSchool, partner, outside[1]].includes(candidate)) {
        joining = candidate;
        break;
      }
    }
    if (joining)
      await landscape.requestMembership(leaderOf(joining), {
        memberId: joining,
        partnershipId: riverside.id,
        note: 'We would like to join the trust from next September',
      });
    executiveHeadship = id;
    return {
      asking,
      deputy: asking,
      safeguarding: asking,
      offering: nleSchool,
      asked: mathsSchool,
      trust: riverside.id,
      'local-authority': (
        await landscape.resolveSelection(actor, batch.organisations.find((o) => o.key === 'la')!.laCode!)
      ).group!.id,
    };
  }

  /** Three years of indicators through the long-format importer (so they show in the import history too). */
  async function loadIndicators(actor: Actor, batch: ReturnType<typeof generateDemoSystem>): Promise<number> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'syslead-demo-'));
    try {
      const file = path.join(dir, 'demo-indicators.csv');
      fs.writeFileSync(file, generateDemoIndicators(batch));
      const summary = await imports.importFile(actor, 'indicator-values', file);
      return summary.inserted + summary.updated + summary.unchanged;
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  /** A pupil voice survey run by one trust for its schools, answered and closed. */
  async function runSurvey(actor: Actor, schoolIds: number[], trustId: number): Promise<number> {
    const survey = await surveys.createSurvey(actor, {
      organisationId: trustId,
      title: 'Pupil voice 2024/25',
      audience: 'pupils',
      period: '2024/25',
      introduction: 'Tell us how school feels for you. It takes about three minutes.',
    });
    await surveys.addQuestion(actor, survey.id, {
      type: 'scale',
      prompt: 'I am happy at school',
      indicatorName: 'Happy at school',
    });
    await surveys.addQuestion(actor, survey.id, {
      type: 'scale',
      prompt: 'I feel safe at school',
      indicatorName: 'Feel safe at school',
    });
    await surveys.addQuestion(actor, survey.id, {
      type: 'choice',
      prompt: 'How do you usually get to school?',
      options: ['Walk', 'Bus', 'Car', 'Bike or scooter'],
    });
    await surveys.addQuestion(actor, survey.id, { type: 'text', prompt: 'What would make school better?' });
    await surveys.openSurvey(actor, survey.id, schoolIds);
    const { questions, links } = await surveys.getSurvey(actor, survey.id);
    const responses = generateDemoAnswers(schoolIds);
    for (const response of responses) {
      const token = links.find((l) => l.organisationId === response.organisationId)!.token;
      await surveys.submitResponse(
        token,
        Object.fromEntries(questions.map((q, i) => [`q${q.id}`, response.answers[i]])),
      );
    }
    await surveys.closeSurvey(actor, survey.id);
    return responses.length;
  }

  return {
    /** Refuses a database that already holds a landscape unless `force` replaces it. */
    async load(actor: Actor, options: { force?: boolean } = {}): Promise<DemoResult> {
      if (!options.force && !(await landscape.isEmpty(actor))) {
        throw new AppError(
          'conflict',
          'The database already holds organisations or people; use --force to replace them with the demo system',
        );
      }
      // Family records point at the landscape's organisations: the demo's own go before it is replaced.
      if (options.force) await families.eraseDemoFamilies(actor, DEMO_DOMAIN);
      const batch = generateDemoSystem();
      const result = await landscape.loadBatch(actor, batch, { replaceAll: options.force });
      const indicatorValues = await loadIndicators(actor, batch);
      const trust = await landscape.resolveSelection(actor, DEMO_SURVEY_TRUST);
      const schools = trust.ids.filter((id) => id !== trust.group!.id);
      // The trust's schools share their results with it in full, so its leaders and schools read them school by school.
      for (const organisationId of schools)
        await landscape.createSharingAgreement(actor, {
          organisationId,
          partnershipId: trust.group!.id,
          what: 'indicators',
          detail: 'all',
        });
      const surveyResponses = await runSurvey(actor, schools, trust.group!.id);
      const leads = await loadSupport(actor, batch, { id: trust.group!.id, schools });
      await loadDemoEnquiry(actor, { enquiries, landscape, daysAgo }, [
        leads.asking,
        ...schools.filter((s) => s !== leads.asking).slice(0, 2),
      ]);
      await loadDemoPractice(practices, actor, { schools, outside: leads.offering });
      const created: DemoResult['accounts'] = [];
      const signedIn: Partial<Record<DemoPart, Actor>> = {};
      for (const { part, ...account } of DEMO_ACCOUNTS) {
        const password = await accounts
          .createUser(account)
          .then((user) => user.password)
          .catch(async (error) => {
            if (error instanceof AppError && error.code === 'conflict') return accounts.resetPassword(account.email);
            throw error;
          });
        if (part === 'admin') {
          created.push({ ...account, password, role: ROLE_OF.admin('') });
          continue;
        }
        const organisation = await landscape.getOrganisation(actor, leads[part]);
        // The safeguarding lead works at the headteacher's school; the others lead theirs.
        const role = part === 'safeguarding' ? 'member' : 'leader';
        const { userId } = await accounts.setMembership(actor, {
          email: account.email,
          organisationId: organisation.id,
          role,
        });
        // Each acts as themselves: the headteacher raises the trust's system issues and keeps a journal, say.
        signedIn[part] = {
          ...actor,
          userId,
          ...account,
          isAdmin: false,
          memberships: [{ organisationId: organisation.id, role }],
        };
        created.push({ ...account, password, leads: organisation.name, role: ROLE_OF[part](organisation.name) });
      }
      const head = signedIn.asking!;
      await loadSystemIssuesAndJournal({ systemIssues, journal }, actor, { head, trustId: trust.group!.id });
      // The deputy is in the landscape at their school, so their ties suggest whom to ask for feedback; the
      // National Leader is too, so their plan's action places that person in the engagement. Both are added on
      // every load, a forced one too, so a reload leaves the landscape as a first load does.
      for (const [part, jobTitle] of [
        ['deputy', 'Deputy headteacher'],
        ['offering', 'Headteacher and National Leader of Education'],
      ] as const) {
        const { name, email } = DEMO_ACCOUNTS.find((a) => a.part === part)!;
        await landscape.createPerson(actor, { name, email, jobTitle, organisationId: leads[part] });
      }
      await loadDevelopment(
        development,
        { head, nle: signedIn.offering!, maths: signedIn.asked!, ceo: signedIn.trust!, deputy: signedIn.deputy! },
        { engagementId: executiveHeadship, trustId: trust.group!.id, headSchoolId: leads.asking },
      );
      await loadDemoFamilies({ families, accounts, landscape }, actor, {
        lead: signedIn.safeguarding!,
        schoolId: leads.asking,
      });
      const regional = (await landscape.listOrganisations(actor, { kind: 'national-body', perPage: 10 })).items.find(
        (o) => o.name === 'Regional Schools Directorate (demo)',
      )!;
      await loadDemoGovernance({ governance, accounts }, actor, {
        officer: signedIn['local-authority']!,
        boroughId: leads['local-authority'],
        regionalId: regional.id,
        schoolId: leads.asking,
      });
      await loadDemoHealth({ health }, actor, {
        officer: signedIn['local-authority']!,
        boroughId: leads['local-authority'],
        trustId: trust.group!.id,
      });
      return {
        organisations: result.organisations,
        people: result.people,
        roleAssignments: result.roleAssignments,
        relationships: result.relationships,
        indicatorValues,
        surveyResponses,
        accounts: created,
      };
    },
  };
}
export type DemoService = ReturnType<typeof createDemoService>;
