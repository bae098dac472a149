import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../../platform/http/errors.js';
import type { Actor } from '../../platform/http/http-platform.js';
import type { AccountsService } from '../accounts/index.js';
import type { LandscapeService } from '../landscape/index.js';
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
export function createDemoService({ landscape, accounts, surveys }: { landscape: LandscapeService; accounts: AccountsService; surveys: SurveysService }) {
  /** Three years of indicators through the long-format importer (so they show in the import history too). */
  async function loadIndicators(actor: Actor, batch: ReturnType<typeof generateDemoSystem>): Promise<number> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'syslead-demo-'));
    try {
      const file = path.join(dir, 'demo-indicators.csv');
      fs.writeFileSync(file, generateDemoIndicators(batch));
      const summary = await landscape.importFile(actor, 'indicator-values', file);
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
    await surveys.addQuestion(actor, survey.id, { type: 'scale', prompt: 'I am happy at school', indicatorName: 'Happy at school' });
    await surveys.addQuestion(actor, survey.id, { type: 'scale', prompt: 'I feel safe at school', indicatorName: 'Feel safe at school' });
    await surveys.addQuestion(actor, survey.id, { type: 'choice', prompt: 'How do you usually get to school?', options: ['Walk', 'Bus', 'Car', 'Bike or scooter'] });
    await surveys.addQuestion(actor, survey.id, { type: 'text', prompt: 'What would make school better?' });
    await surveys.openSurvey(actor, survey.id, schoolIds);
    const { questions, links } = await surveys.getSurvey(actor, survey.id);
    const responses = generateDemoAnswers(schoolIds);
    for (const response of responses) {
      const token = links.find((l) => l.organisationId === response.organisationId)!.token;
      await surveys.submitResponse(token, Object.fromEntries(questions.map((q, i) => [`q${q.id}`, response.answers[i]])));
    }
    await surveys.closeSurvey(actor, survey.id);
    return responses.length;
  }

  return {
    /** Refuses a database that already holds a landscape unless `force` replaces it. */
    async load(actor: Actor, options: { force?: boolean } = {}): Promise<DemoResult> {
      if (!options.force && !(await landscape.isEmpty(actor))) {
        throw new AppError('conflict', 'The database already holds organisations or people; use --force to replace them with the demo system');
      }
      const batch = generateDemoSystem();
      const result = await landscape.loadBatch(actor, batch, { replaceAll: options.force });
      const indicatorValues = await loadIndicators(actor, batch);
      const trust = await landscape.resolveSelection(actor, DEMO_SURVEY_TRUST);
      const schools = trust.ids.filter((id) => id !== trust.group!.id);
      const surveyResponses = await runSurvey(actor, schools, trust.group!.id);
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
        if (!account.isAdmin) await accounts.setMembership(actor, { email: account.email, organisationId: headsSchool.id, role: 'leader' });
        created.push({ ...account, password, ...(account.isAdmin ? {} : { leads: headsSchool.name }) });
      }
      return {
        organisations: result.organisations, people: result.people, roleAssignments: result.roleAssignments, relationships: result.relationships,
        indicatorValues, surveyResponses, accounts: created,
      };
    },
  };
}
