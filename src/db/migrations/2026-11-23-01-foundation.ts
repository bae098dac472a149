import { sql, type Kysely } from 'kysely';

/**
 * The system-leadership role taxonomy. Sources: Hopkins & Higham, "System leadership:
 * mapping the landscape" (2007) for the 2006 roles, their origins and the five categories;
 * Brown, Gregson, Pain & Walker, "What does system leadership look like … in 2023?" for
 * the three strands of trust leaders; "Leading networks leading the system" for network
 * co-leadership. Codes are stable keys used by importers and the API; never rename one.
 */
const ROLES: Array<
  [
    code: string,
    name: string,
    description: string,
    origin: 'local' | 'national' | 'other',
    category: number | null,
    strand: number | null,
  ]
> = [
  [
    'executive-head-federation',
    'Executive head of a federation',
    'Leads two or more schools joined under one governing body or leadership team.',
    'local',
    1,
    null,
  ],
  [
    'support-school-in-difficulty',
    'Head supporting a school in difficulty',
    'Works with a school that is struggling, less formally than a federation, to help it improve.',
    'local',
    3,
    null,
  ],
  [
    'community-partnership-broker',
    'Broker of community partnerships',
    'Builds and shapes partnerships across local services and communities so that children and families are well served.',
    'local',
    4,
    null,
  ],
  [
    'challenging-circumstances-head',
    'Head improving a school in challenging circumstances',
    'Leads a school with a history of low achievement in a disadvantaged area and keeps its improvement going.',
    'local',
    2,
    null,
  ],
  [
    'consultant-leader',
    'Consultant leader',
    'An experienced head trained to coach and advise other school leaders.',
    'national',
    5,
    null,
  ],
  [
    'mentor-head',
    'Mentor head',
    'Mentors a new or newly appointed headteacher through their first years.',
    'national',
    5,
    null,
  ],
  [
    'school-improvement-partner',
    'School improvement partner',
    'Gives a school challenge and support on its priorities and reports on its progress.',
    'national',
    5,
    null,
  ],
  [
    'national-leader-of-education',
    'National Leader of Education',
    'A designated head who, with their national support school, supports schools in difficulty without letting standards fall at home.',
    'national',
    5,
    null,
  ],
  [
    'other-system-role',
    'Other system role',
    'Any other role beyond one school, such as a shared or joint headship or leading a cross-phase merger.',
    'other',
    null,
    null,
  ],
  [
    'partnership-leader',
    'Leader of an improvement partnership',
    'Leads a partnership of schools, from a loose collaboration to a federation or trust.',
    'local',
    1,
    null,
  ],
  [
    'network-co-leader',
    'Network co-leader',
    'Shares the leadership of a network of schools with other leaders.',
    'local',
    1,
    null,
  ],
  [
    'trust-to-trust-support',
    'Trust-to-trust supporter',
    'Supports and learns with another academy trust through visits, shared practice and advice.',
    'local',
    null,
    1,
  ],
  [
    'bold-ambition-peer',
    'Bold-ambition peer',
    'Holds another trust to account for an ambitious goal, meeting regularly to review progress.',
    'local',
    null,
    1,
  ],
  [
    'trust-peer-reviewer',
    'Trust peer reviewer',
    'Reviews another trust in a structured peer review and gives feedback and follow-up.',
    'local',
    null,
    1,
  ],
  [
    'seconded-trust-leader',
    'Seconded trust leader',
    'A trust leader loaned to another trust for a time, usually charged out.',
    'local',
    null,
    1,
  ],
  [
    'interim-trust-leader',
    'Interim leader of another trust',
    'Takes formal interim leadership of another trust in difficulty alongside their own post.',
    'local',
    3,
    1,
  ],
  [
    'civic-leader',
    'Civic leader',
    'Leads across a locality with employers, charities, health and community partners.',
    'local',
    4,
    2,
  ],
  [
    'regional-advisory-board-member',
    'Regional advisory board member',
    'Elected by peers to advise and challenge the regional director on decisions about schools.',
    'national',
    null,
    3,
  ],
  [
    'policy-expert-adviser',
    'Policy expert adviser',
    'Informs national or regional policy through expert groups, roundtables or professional associations.',
    'other',
    null,
    3,
  ],
  [
    'school-improvement-director',
    'School improvement director',
    'Leads school improvement across the schools of a trust.',
    'local',
    null,
    null,
  ],
  [
    'specialist-leader',
    'Specialist leader',
    'A middle or senior leader who supports other schools in their specialism.',
    'national',
    5,
    null,
  ],
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table app_settings (
      key text primary key,
      value text not null
    )`.execute(db);

  await sql`
    create table organisations (
      id integer generated by default as identity primary key,
      kind text not null check (kind in ('school','academy-trust','federation','network','local-authority',
        'health','social-care','police','family-centre','college-university','employer','community-group','national-body')),
      name text not null check (length(name) between 1 and 200),
      urn integer unique check (urn between 100000 and 999999),
      la_code text check (la_code ~ '^[0-9]{3}$'),
      group_uid text,
      local_authority_id integer references organisations(id) on delete set null,
      phase text,
      school_type text,
      status text not null default 'open' check (status in ('open','closed','proposed')),
      opened_on date,
      closed_on date,
      pupils integer check (pupils >= 0),
      fsm_percent numeric(5,2) check (fsm_percent between 0 and 100),
      postcode text,
      latitude double precision check (latitude between -90 and 90),
      longitude double precision check (longitude between -180 and 180),
      website text,
      description text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check (closed_on is null or opened_on is null or closed_on >= opened_on)
    )`.execute(db);
  await sql`create unique index organisations_la_code_key on organisations (la_code) where kind = 'local-authority'`.execute(
    db,
  );
  await sql`create unique index organisations_group_uid_key on organisations (group_uid) where group_uid is not null`.execute(
    db,
  );
  await sql`create index organisations_kind_name_idx on organisations (kind, lower(name))`.execute(db);
  await sql`create index organisations_local_authority_idx on organisations (local_authority_id)`.execute(db);

  await sql`
    create table people (
      id integer generated by default as identity primary key,
      name text not null check (length(name) between 1 and 200),
      email text,
      person_ref text unique,
      job_title text,
      organisation_id integer references organisations(id) on delete set null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index people_organisation_idx on people (organisation_id)`.execute(db);

  await sql`
    create table roles (
      code text primary key,
      name text not null,
      description text not null,
      origin text not null check (origin in ('local','national','other')),
      category smallint check (category between 1 and 5),
      strand smallint check (strand between 1 and 3)
    )`.execute(db);
  for (const [code, name, description, origin, category, strand] of ROLES) {
    await sql`insert into roles (code, name, description, origin, category, strand)
      values (${code}, ${name}, ${description}, ${origin}, ${category}, ${strand})`.execute(db);
  }

  await sql`
    create table role_assignments (
      id integer generated by default as identity primary key,
      person_id integer not null references people(id) on delete cascade,
      role_code text not null references roles(code),
      organisation_id integer not null references organisations(id) on delete cascade,
      start_date date,
      end_date date,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check (end_date is null or start_date is null or end_date >= start_date)
    )`.execute(db);
  await sql`create index role_assignments_person_idx on role_assignments (person_id)`.execute(db);
  await sql`create index role_assignments_organisation_idx on role_assignments (organisation_id)`.execute(db);

  await sql`
    create table relationships (
      id integer generated by default as identity primary key,
      type text not null check (type in ('membership','governance','support','partnership','multi-agency',
        'peer-review','mentoring','staff-loan','network-co-leadership','lineage')),
      from_organisation_id integer not null references organisations(id) on delete cascade,
      to_organisation_id integer not null references organisations(id) on delete cascade,
      start_date date,
      end_date date,
      note text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check (from_organisation_id <> to_organisation_id),
      check (end_date is null or start_date is null or end_date >= start_date)
    )`.execute(db);
  await sql`create index relationships_from_idx on relationships (from_organisation_id)`.execute(db);
  await sql`create index relationships_to_idx on relationships (to_organisation_id)`.execute(db);

  await sql`
    create table users (
      id integer generated by default as identity primary key,
      email text not null unique check (email = lower(email)),
      name text not null,
      password_hash text not null,
      is_admin boolean not null default false,
      must_change_password boolean not null default false,
      person_id integer references people(id) on delete set null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);

  await sql`
    create table sessions (
      id_hash text primary key,
      user_id integer not null references users(id) on delete cascade,
      created_at timestamptz not null default now(),
      last_seen_at timestamptz not null default now(),
      expires_at timestamptz not null
    )`.execute(db);
  await sql`create index sessions_user_idx on sessions (user_id)`.execute(db);

  await sql`
    create table api_tokens (
      id integer generated by default as identity primary key,
      user_id integer not null references users(id) on delete cascade,
      name text not null,
      token_hash text not null unique,
      token_prefix text not null,
      created_at timestamptz not null default now(),
      last_used_at timestamptz,
      revoked_at timestamptz
    )`.execute(db);
  await sql`create index api_tokens_user_idx on api_tokens (user_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'api_tokens',
    'sessions',
    'users',
    'relationships',
    'role_assignments',
    'roles',
    'people',
    'organisations',
    'app_settings',
  ]) {
    await sql`drop table if exists ${sql.table(table)}`.execute(db);
  }
}
