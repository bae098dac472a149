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
import type { SurveysService } from '../surveys/index.js';
import { DEMO_SURVEY_TRUST, generateDemoAnswers, generateDemoIndicators } from './demo.feedback.js';
import { generateDemoSystem } from './demo.generator.js';

export const DEMO_ACCOUNTS = [
  { email: 'admin@demo.syslead.test', name: 'Demo administrator', isAdmin: true },
  { email: 'head@demo.syslead.test', name: 'Demo headteacher', isAdmin: false },
] as const;

export interface DemoResult {
  organisations: number;
  people: number;
  roleAssignments: number;
  relationships: number;
  /** Indicator values loaded, and survey responses recorded. */
  indicatorValues: number;
  surveyResponses: number;
  /** Each demo account with a fresh one-time password, and the school it leads. */
  accounts: Array<{ email: string; name: string; isAdmin: boolean; password: string; leads?: string }>;
}

/** Loads the demo local system and its demo accounts. */
export function createDemoService({
  landscape,
  imports,
  accounts,
  surveys,
  brokerage,
  engagements,
}: {
  landscape: LandscapeService;
  imports: ImportsService;
  accounts: AccountsService;
  surveys: SurveysService;
  brokerage: BrokerageService;
  engagements: EngagementsService;
}) {
  /**
   * Support across the borough: offers from schools outside Riverside, a need waiting for help,
   * and an executive headship from the school of a National Leader of Education.
   */
  async function loadSupport(
    actor: Actor,
    batch: ReturnType<typeof generateDemoSystem>,
    riverside: number[],
  ): Promise<void> {
    const idOf = async (key: string) => {
      const urn = batch.organisations.find((o) => o.key === key)?.urn;
      return urn ? (await landscape.resolveSelection(actor, String(urn))).ids[0]! : undefined;
    };
    const schools = batch.organisations.filter(
      (o) => o.kind === 'school' && o.status === 'open' && o.phase === 'primary',
    );
    const outside: number[] = [];
    for (const s of schools) {
      const id = await idOf(s.key);
      if (id && !riverside.includes(id)) outside.push(id);
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
    const partner = outside.find((id) => id !== nleSchool && !outside.slice(0, 18).includes(id)) ?? outside.at(-1)!;
    if (nleSchool && nleSchool !== partner) {
      const id = await engagements.openDirect(
        actor,
        { supportedId: partner, supportingId: nleSchool, area: 'leadership' },
        {
          type: 'executive-headship',
          aims: 'Stabilise leadership and secure the basics of teaching before a new head is appointed',
          freedoms: 'The executive head may restructure the leadership team',
          accountableTo: 'The governing board and the local authority',
          days: 20,
          startDate: '2024-09-02',
          measures: [
            { code: 'ks2-maths-progress', target: 0 },
            { code: 'absence-overall-percent', target: 5 },
          ],
        },
      );
      await engagements.checkIn(actor, id, {
        heldOn: '2024-10-18',
        notes: 'Leadership roles agreed; behaviour policy relaunched with staff',
        nextSteps: 'Maths lead to visit the executive head’s school',
      });
    }
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
      await loadSupport(actor, batch, schools);
      const headsSchool = await landscape.getOrganisation(actor, schools[1]!);
      const created: DemoResult['accounts'] = [];
      for (const account of DEMO_ACCOUNTS) {
        const password = await accounts
          .createUser(account)
          .then((user) => user.password)
          .catch(async (error) => {
            if (error instanceof AppError && error.code === 'conflict') return accounts.resetPassword(account.email);
            throw error;
          });
        if (!account.isAdmin)
          await accounts.setMembership(actor, { email: account.email, organisationId: headsSchool.id, role: 'leader' });
        created.push({ ...account, password, ...(account.isAdmin ? {} : { leads: headsSchool.name }) });
      }
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
