import type { ColumnType, Generated } from 'kysely';

type CreatedAt = ColumnType<Date, never, never>;

export interface EnquiriesTable {
  id: Generated<number>;
  title: string;
  question: string;
  method: string;
  status: Generated<string>;
  started_on: string;
  finished_on: string | null;
  /** The school that leads it: the enquiry goes with it. */
  lead_organisation_id: number;
  created_by: number | null;
  created_at: CreatedAt;
}

/** The other schools in an enquiry, in the order they joined. */
export interface EnquiryOrganisationsTable {
  enquiry_id: number;
  organisation_id: number;
  position: number;
}

export interface EnquiryPeopleTable {
  enquiry_id: number;
  person_id: number;
  /** lead or member */
  role: string;
}

/** One turn of plan, do, study, act: what was tried, what was learnt, what comes next. */
export interface EnquiryCyclesTable {
  id: Generated<number>;
  enquiry_id: number;
  held_on: string;
  tried: string;
  learnt: string;
  next: string;
  created_by: number | null;
  created_at: CreatedAt;
  updated_at: Date | null;
}

export interface EnquiryFindingsTable {
  id: Generated<number>;
  enquiry_id: number;
  statement: string;
  evidence: string;
  created_by: number | null;
  created_at: CreatedAt;
}

export interface EnquiriesTables {
  enquiries: EnquiriesTable;
  enquiry_organisations: EnquiryOrganisationsTable;
  enquiry_people: EnquiryPeopleTable;
  enquiry_cycles: EnquiryCyclesTable;
  enquiry_findings: EnquiryFindingsTable;
}
