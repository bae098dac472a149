import { sql, type Kysely } from 'kysely';

type Framework = {
  code: string;
  name: string;
  source: string;
  description: string;
  scale: Array<{ value: number; label: string }>;
  domains: Array<{
    name: string;
    description: string;
    components: Array<[code: string, name: string, description: string, area: string | null]>;
  }>;
};

/** A four-step scale of how far a leader's practice has grown, used by the frameworks that come with Syslead. */
const GROWTH_SCALE = [
  { value: 1, label: 'Starting out' },
  { value: 2, label: 'Developing' },
  { value: 3, label: 'Established' },
  { value: 4, label: 'Leading others in it' },
];

/**
 * The frameworks Syslead comes with, each described in our own words with its source named:
 * Table 2 of "System leadership: mapping the landscape" (four core practices and their ten
 * components), the NHS framework's four domains and the six boundary-spanning practices, and
 * the seven themes of "What does system leadership look like in 2023?".
 */
const FRAMEWORKS: Framework[] = [
  {
    code: 'system-leadership-capabilities',
    name: 'Capabilities of system leaders',
    source: 'Hopkins and Higham, “System leadership: mapping the landscape” (2007), Table 2',
    description:
      'Four core practices of leadership, each with what it asks of a leader who works for other schools as well as their own.',
    scale: GROWTH_SCALE,
    domains: [
      {
        name: 'Setting direction',
        description: 'A purpose every learner can feel, and a plan that makes it happen now.',
        components: [
          [
            'sd-commitment',
            'Commitment to every learner',
            'Holds to the aim that every pupil reaches their potential, with a long view that still brings improvement to pupils this year.',
            'leadership',
          ],
          [
            'sd-vision-into-programmes',
            'Turning vision into programmes',
            'Turns the vision into school-wide work whose teaching and curriculum changes reach other classrooms, departments and schools.',
            'curriculum',
          ],
        ],
      },
      {
        name: 'Managing teaching and learning',
        description: 'Teaching that stretches every child, consistent enough to share.',
        components: [
          [
            'mtl-inspire-challenge',
            'Every child inspired and challenged',
            'Makes sure the curriculum and a range of teaching approaches fit each pupil’s learning.',
            'curriculum',
          ],
          [
            'mtl-consistent-quality',
            'Clear, consistent teaching quality',
            'Builds a shared sense of good teaching, steady enough to sustain improvement and to pass good practice and new ideas on.',
            'curriculum',
          ],
        ],
      },
      {
        name: 'Developing people',
        description: 'Pupils, families and staff who learn, within and beyond the school.',
        components: [
          [
            'dp-active-learners',
            'Pupils as active learners',
            'Helps pupils think for themselves, learn how to learn and take charge of their learning.',
            'personal-development',
          ],
          [
            'dp-parents-communities',
            'Parents and communities involved',
            'Brings parents and the community in, so hard circumstances lower neither expectations nor results.',
            'personal-development',
          ],
          [
            'dp-learning-communities',
            'Professional learning communities',
            'Grows the school as a place where staff learn, with ties across and beyond schools that widen their development.',
            'leadership',
          ],
        ],
      },
      {
        name: 'Developing the organisation',
        description: 'A school that learns from evidence and builds capacity for the system.',
        components: [
          [
            'do-evidence-based',
            'An evidence-based school',
            'Decides from pupils’ data, self-evaluation and outside support, and chooses improvement that fits the context.',
            'leadership',
          ],
          [
            'do-networks',
            'Learning across a network',
            'Extends the school’s view of learning to networks of schools that together offer curriculum, professional support and services.',
            'leadership',
          ],
          [
            'do-capacity-for-system',
            'Capacity for system roles',
            'Builds the school’s strength so that its leaders can take on roles across the wider system.',
            'leadership',
          ],
        ],
      },
    ],
  },
  {
    code: 'nhs-four-domains',
    name: 'Four domains of system leadership (NHS)',
    source:
      'The NHS system leadership development framework, as summarised in “What does system leadership look like in 2023?”, section E',
    description: 'Four connected domains that together create the conditions for leading across a system.',
    scale: GROWTH_SCALE,
    domains: [
      {
        name: 'Individual effectiveness',
        description: 'Knowing oneself and leading well across boundaries.',
        components: [
          [
            'nhs-individual',
            'Individual effectiveness',
            'Leads with self-awareness, resilience and credibility beyond their own organisation.',
            'leadership',
          ],
        ],
      },
      {
        name: 'Relationships and connectivity',
        description: 'Building the ties a system runs on.',
        components: [
          [
            'nhs-relationships',
            'Relationships and connectivity',
            'Builds and keeps working relationships across organisations and sectors.',
            'leadership',
          ],
        ],
      },
      {
        name: 'Learning and capacity building',
        description: 'Growing others and the system’s ability to improve.',
        components: [
          [
            'nhs-learning',
            'Learning and capacity building',
            'Develops other people and the shared capacity of partners to learn and improve.',
            'leadership',
          ],
        ],
      },
      {
        name: 'Innovation and improvement',
        description: 'Changing how things are done, together.',
        components: [
          [
            'nhs-innovation',
            'Innovation and improvement',
            'Starts and spreads better ways of working across the system.',
            'curriculum',
          ],
        ],
      },
    ],
  },
  {
    code: 'boundary-spanning',
    name: 'Boundary-spanning practices',
    source:
      'Ernst and Chrobot-Mason (2010), as described in “What does system leadership look like in 2023?”, section H',
    description:
      'Six practices for working across the boundaries between groups, from keeping them safe to remaking them.',
    scale: GROWTH_SCALE,
    domains: [
      {
        name: 'Managing boundaries',
        description: 'Making boundaries clear and understood.',
        components: [
          ['bs-buffering', 'Buffering', 'Sets boundaries that keep a group safe to do its work.', null],
          [
            'bs-reflecting',
            'Reflecting',
            'Helps each side understand the other’s boundaries, so they respect one another.',
            null,
          ],
        ],
      },
      {
        name: 'Forging common ground',
        description: 'Bringing people together across boundaries.',
        components: [
          ['bs-connecting', 'Connecting', 'Sets boundaries aside for a while so that trust can grow.', 'leadership'],
          ['bs-mobilising', 'Mobilising', 'Reframes boundaries so that people form a shared community.', 'leadership'],
        ],
      },
      {
        name: 'Discovering new frontiers',
        description: 'Making something new of the boundaries.',
        components: [
          ['bs-weaving', 'Weaving', 'Interlaces groups so that they come to depend on one another.', 'leadership'],
          [
            'bs-transforming',
            'Transforming',
            'Cuts across boundaries so that groups can reinvent what they do together.',
            'leadership',
          ],
        ],
      },
    ],
  },
  {
    code: 'international-themes',
    name: 'Seven themes of system leadership internationally',
    source: '“What does system leadership look like in 2023?”, section H',
    description:
      'Seven things system leaders in other countries are seen to do, offered to start a conversation rather than to close one.',
    scale: GROWTH_SCALE,
    domains: [
      {
        name: 'What system leaders do',
        description: 'The seven themes.',
        components: [
          [
            'it-sense-makers',
            'Sense makers and translators',
            'Makes sense of a complex setting and explains change in words each audience understands.',
            'leadership',
          ],
          [
            'it-distributors',
            'Distributors of leadership',
            'Spreads leadership broadly and deeply, from boardrooms to classrooms and homes.',
            'leadership',
          ],
          [
            'it-weavers',
            'Weavers of conditions',
            'Nurtures the trust and conditions in which people learn, perform and connect.',
            'leadership',
          ],
          [
            'it-network-architects',
            'Network architects, spanners and brokers',
            'Designs networks and brokers ties that cross boundaries.',
            'leadership',
          ],
          [
            'it-agile-pilots',
            'Agile pilots',
            'Links the detail of classrooms with the whole system and changes course when needed.',
            'leadership',
          ],
          [
            'it-policy',
            'Contextualisers and strategists of policy',
            'Turns policy into strategy that fits the place.',
            'governance',
          ],
          [
            'it-purpose',
            'Touchstones of purpose',
            'Keeps the system’s purpose, the learning and lives of pupils, at the front of every discussion.',
            'leadership',
          ],
        ],
      },
    ],
  },
];

/**
 * Developing system leaders: frameworks of capabilities (domains, components, a rating scale),
 * each leader's self-assessments against them, and the one record of whom a leader lets read
 * their development data (a mentor, a line manager).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table frameworks (
    id integer generated by default as identity primary key,
    code text not null unique check (code ~ '^[a-z0-9-]{1,60}$'),
    name text not null check (length(name) between 1 and 200),
    source text not null,
    description text not null,
    scale jsonb not null,
    built_in boolean not null default false,
    created_by integer references users (id) on delete set null,
    created_at timestamptz not null default now()
  )`.execute(db);
  await sql`create table framework_domains (
    id integer generated by default as identity primary key,
    framework_id integer not null references frameworks (id) on delete cascade,
    position integer not null,
    name text not null,
    description text not null,
    unique (framework_id, position)
  )`.execute(db);
  await sql`create table framework_components (
    id integer generated by default as identity primary key,
    framework_id integer not null references frameworks (id) on delete cascade,
    domain_id integer not null references framework_domains (id) on delete cascade,
    code text not null,
    position integer not null,
    name text not null,
    description text not null,
    area text,
    unique (framework_id, code)
  )`.execute(db);
  await sql`create index framework_components_domain on framework_components (domain_id, position)`.execute(db);

  await sql`create table self_assessments (
    id integer generated by default as identity primary key,
    owner_id integer not null references users (id) on delete cascade,
    framework_id integer not null references frameworks (id) on delete restrict,
    assessed_on date not null,
    created_at timestamptz not null default now()
  )`.execute(db);
  await sql`create index self_assessments_owner on self_assessments (owner_id, framework_id, assessed_on)`.execute(db);
  await sql`create table self_assessment_ratings (
    assessment_id integer not null references self_assessments (id) on delete cascade,
    component_id integer not null references framework_components (id) on delete restrict,
    rating smallint not null,
    evidence text not null default '',
    offered boolean not null default false,
    primary key (assessment_id, component_id)
  )`.execute(db);

  await sql`create table development_shares (
    owner_id integer not null references users (id) on delete cascade,
    reader_id integer not null references users (id) on delete cascade,
    relation text not null check (relation in ('mentor', 'line-manager', 'colleague')),
    shared_at timestamptz not null default now(),
    primary key (owner_id, reader_id),
    check (owner_id <> reader_id)
  )`.execute(db);
  await sql`create index development_shares_reader on development_shares (reader_id)`.execute(db);

  for (const framework of FRAMEWORKS) {
    const { id } = (
      await sql<{ id: number }>`insert into frameworks (code, name, source, description, scale, built_in)
        values (${framework.code}, ${framework.name}, ${framework.source}, ${framework.description},
          ${JSON.stringify(framework.scale)}::jsonb, true) returning id`.execute(db)
    ).rows[0]!;
    let position = 0;
    for (const [d, domain] of framework.domains.entries()) {
      const { id: domainId } = (
        await sql<{ id: number }>`insert into framework_domains (framework_id, position, name, description)
          values (${id}, ${d + 1}, ${domain.name}, ${domain.description}) returning id`.execute(db)
      ).rows[0]!;
      for (const [code, name, description, area] of domain.components)
        await sql`insert into framework_components (framework_id, domain_id, code, position, name, description, area)
          values (${id}, ${domainId}, ${code}, ${++position}, ${name}, ${description}, ${area})`.execute(db);
    }
  }
}
