import type { ColumnType, Generated } from 'kysely';

export interface SurveysTable {
  id: Generated<number>;
  organisation_id: number;
  title: string;
  audience: string;
  introduction: string;
  period: string;
  status: Generated<string>;
  created_by: number | null;
  created_at: ColumnType<Date, never, never>;
  opened_at: Date | null;
  closed_at: Date | null;
}

export interface SurveyQuestionsTable {
  id: Generated<number>;
  survey_id: number;
  position: number;
  type: string;
  prompt: string;
  options: string[];
  indicator_id: number | null;
  counted_option: number | null;
}

export interface SurveyLinksTable {
  survey_id: number;
  organisation_id: number;
  token: string;
}

/** One anonymous response: a random id (a UUID, which tells nothing of the order of answering), and the day. */
export interface SurveyResponsesTable {
  id: Generated<string>;
  survey_id: number;
  organisation_id: number;
  submitted_on: ColumnType<string, never, never>;
}

export interface SurveyAnswersTable {
  response_id: string;
  question_id: number;
  value: string;
}

export interface SurveysTables {
  surveys: SurveysTable;
  survey_questions: SurveyQuestionsTable;
  survey_links: SurveyLinksTable;
  survey_responses: SurveyResponsesTable;
  survey_answers: SurveyAnswersTable;
}
