import { createRandom } from '../../shared/random.js';
import type { LandscapeBatch } from '../landscape/index.js';

/**
 * A fictional local system, generated the same way every time (fixed seed): the borough of
 * Elderbrook with its schools, trusts, federations, a networked learning community, the
 * local authority and partners in public services and the community. Every name is
 * invented; URNs start at 990001 and the local-authority code is 990, which no real
 * school or authority uses.
 */

const PLACES = [
  'Ashby Green',
  'Brookfield',
  'Carrow Hill',
  'Dunmere',
  'Eastmoor',
  'Fernside',
  'Galloway Park',
  'Hartwell',
  'Ivybridge Lane',
  'Juniper Fields',
  'Kestrel Rise',
  'Larchmont',
  'Millbeck',
  'Netherby',
  'Oakhaven',
  'Pennycross',
  'Quarry Bank',
  'Redcliffe',
  'Sallowfield',
  'Thornbury Vale',
  'Upton Marsh',
  'Valewood',
  'Westgate',
  'Yarrow Street',
  'Alderley Cross',
  'Birchholme',
  'Coldharbour',
  'Dovecote',
  'Elmstead',
  'Foxhollow',
  'Greystones',
  'Hollins End',
  'Inglewood',
  'Kingsmead',
  'Lowther Road',
  'Marsh Lane',
  'Northgate',
  'Orchard Way',
  'Priory Fields',
  'Riverside',
  'St Aidan',
  'St Brigid',
  'St Cuthbert',
  'Tanners Row',
  'Underhill',
  'Wickham Common',
  'Willowbrook',
  'Ashgrove',
  'Beacon Hill',
  'Castle Mead',
  'Dale End',
  'Eldon Park',
  'Fairholme',
  'Gorse Hill',
  'Heathcote',
  'Long Acre',
  'Moorside',
  'Newlands',
  'Pinfold',
  'Sandhurst Road',
];
const FIRST_NAMES = [
  'Amira',
  'Ben',
  'Chloe',
  'Dev',
  'Eleanor',
  'Femi',
  'Grace',
  'Harjit',
  'Isla',
  'Jonah',
  'Kavita',
  'Liam',
  'Maya',
  'Nathan',
  'Olu',
  'Priya',
  'Rhys',
  'Sana',
  'Tom',
  'Uma',
  'Victor',
  'Wen',
  'Yusuf',
  'Zara',
  'Aled',
  'Bethan',
  'Ciaran',
  'Dana',
  'Ewan',
  'Farah',
];
const SURNAMES = [
  'Ashworth',
  'Bellamy',
  'Carrick',
  'Danvers',
  'Ellison',
  'Fairbairn',
  'Garside',
  'Holloway',
  'Ingram',
  'Jessop',
  'Kettering',
  'Lockwood',
  'Marwood',
  'Northam',
  'Okonjo',
  'Pemberton',
  'Quayle',
  'Rushworth',
  'Sedgwick',
  'Thackray',
  'Umber',
  'Varley',
  'Whitcombe',
  'Yardley',
  'Achebe',
  'Brennan',
  'Chaudhry',
  'Demir',
  'Eastwood',
  'Fenwick',
];

type Org = LandscapeBatch['organisations'][number];
type PersonRow = LandscapeBatch['people'][number];

export const DEMO_LA_CODE = '990';

/** Builds the demo system. The same seed gives the same system, row for row. */
export function generateDemoSystem(seed = 20061): LandscapeBatch {
  const rnd = createRandom(seed);
  const organisations: Org[] = [];
  const people: PersonRow[] = [];
  const roleAssignments: LandscapeBatch['roleAssignments'] = [];
  const relationships: LandscapeBatch['relationships'] = [];
  const usedNames = new Set<string>();

  const personName = () => {
    for (;;) {
      const name = `${rnd.pick(FIRST_NAMES)} ${rnd.pick(SURNAMES)}`;
      if (!usedNames.has(name)) {
        usedNames.add(name);
        return name;
      }
    }
  };
  const addPerson = (jobTitle: string, organisationKey: string) => {
    const key = `p${people.length + 1}`;
    const name = personName();
    people.push({
      key,
      name,
      jobTitle,
      organisationKey,
      personRef: `demo-${key}`,
      email: `${name.toLowerCase().replace(/[^a-z]+/g, '.')}@elderbrook.example`,
    });
    return key;
  };
  const date = (year: number, month = rnd.int(1, 12), day = rnd.int(1, 28)) =>
    `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  const centre = { lat: 52.48, lon: -1.62 };
  const location = () => ({
    latitude: Math.round((centre.lat + (rnd.next() - 0.5) * 0.16) * 1e5) / 1e5,
    longitude: Math.round((centre.lon + (rnd.next() - 0.5) * 0.26) * 1e5) / 1e5,
  });
  const postcode = () =>
    `EB${rnd.int(1, 9)} ${rnd.int(1, 9)}${rnd.pick(['A', 'B', 'D', 'E', 'F', 'G', 'H', 'J', 'L', 'N', 'P', 'Q', 'R', 'S', 'T', 'U', 'W', 'X', 'Y', 'Z'])}${rnd.pick(['A', 'B', 'D', 'E', 'H', 'L', 'N', 'P', 'R', 'T', 'W'])}`;

  organisations.push({
    key: 'la',
    kind: 'local-authority',
    name: 'Elderbrook Borough Council',
    laCode: DEMO_LA_CODE,
    status: 'open',
    description: 'The local authority for the borough of Elderbrook (a fictional place).',
  });

  // Schools: phase mix close to a typical English borough.
  const phases: Array<[phase: string, count: number, suffix: string, pupils: [number, number]]> = [
    ['nursery', 2, 'Nursery School', [60, 110]],
    ['primary', 40, 'Primary School', [90, 630]],
    ['secondary', 10, 'Academy', [650, 1600]],
    ['all-through', 2, 'School', [900, 1800]],
    ['special', 3, 'Special School', [60, 220]],
    ['alternative-provision', 1, 'Learning Centre', [25, 70]],
    ['16-plus', 2, 'Sixth Form College', [300, 900]],
  ];
  const places = rnd.shuffle(PLACES);
  const schools: Array<{ key: string; phase: string }> = [];
  let urn = 990001;
  for (const [phase, count, suffix, [min, max]] of phases) {
    for (let i = 0; i < count; i++) {
      const key = `s${schools.length + 1}`;
      const place = places[schools.length % places.length]!;
      const isAcademyPhase = phase === 'secondary' || phase === '16-plus';
      const schoolType = isAcademyPhase
        ? rnd.pick(['Academy converter', 'Academy sponsor led', 'Free school'])
        : rnd.pick(['Community school', 'Voluntary aided school', 'Foundation school', 'Academy converter']);
      organisations.push({
        key,
        kind: 'school',
        name: `${place} ${suffix}`,
        urn: urn++,
        localAuthorityKey: 'la',
        phase,
        schoolType,
        status: 'open',
        openedOn: rnd.next() < 0.3 ? date(rnd.int(2011, 2019)) : null,
        pupils: rnd.int(min, max),
        fsmPercent: Math.round(rnd.next() * 450 + 50) / 10,
        postcode: postcode(),
        ...location(),
      });
      schools.push({ key, phase });
    }
  }
  // Two schools closed, each succeeded by a newer one (lineage).
  const closed = [schools[5]!, schools[12]!];
  for (const [i, school] of closed.entries()) {
    const org = organisations.find((o) => o.key === school.key)!;
    org.status = 'closed';
    org.closedOn = date(2019 + i, 8, 31);
  }

  const trusts = [
    { key: 't1', name: 'Riverside Learning Trust', size: 12 },
    { key: 't2', name: 'Oakhaven Academies Trust', size: 8 },
    { key: 't3', name: 'Kestrel Primary Partnership Trust', size: 5 },
  ];
  const federations = [
    { key: 'f1', name: 'Valewood and Millbeck Federation', size: 2 },
    { key: 'f2', name: 'Greystones, Dovecote and Elmstead Federation', size: 3 },
  ];
  for (const [i, t] of trusts.entries())
    organisations.push({
      key: t.key,
      kind: 'academy-trust',
      name: t.name,
      groupUid: `DEMO-T${i + 1}`,
      status: 'open',
      openedOn: date(2012 + i * 2),
    });
  for (const [i, f] of federations.entries())
    organisations.push({
      key: f.key,
      kind: 'federation',
      name: f.name,
      groupUid: `DEMO-F${i + 1}`,
      status: 'open',
      openedOn: date(2015 + i),
    });
  organisations.push({
    key: 'n1',
    kind: 'network',
    name: 'Elderbrook Networked Learning Community',
    status: 'open',
    openedOn: '2018-09-01',
    description: 'Schools of every governance type who run enquiry projects together.',
  });

  const partners: Array<[key: string, kind: string, name: string]> = [
    ['h1', 'health', 'Elderbrook Community Health Service'],
    ['h2', 'health', 'Elderbrook Child and Adolescent Mental Health Team'],
    ['c1', 'social-care', 'Elderbrook Children’s Social Care'],
    ['po1', 'police', 'Elderbrook Safer Schools Police Team'],
    ['fc1', 'family-centre', 'Westgate Family Hub'],
    ['fc2', 'family-centre', 'Northgate Children’s Centre'],
    ['co1', 'college-university', 'Elderbrook College of Further Education'],
    ['u1', 'college-university', 'University of the Elder Valley'],
    ['e1', 'employer', 'Marwood Precision Engineering'],
    ['e2', 'employer', 'Elder Valley Hospitals (employer partnerships)'],
    ['g1', 'community-group', 'Elderbrook Food Share'],
    ['g2', 'community-group', 'Young Carers of Elderbrook'],
    ['g3', 'community-group', 'Elderbrook Sports and Arts Foundation'],
  ];
  for (const [key, kind, name] of partners)
    organisations.push({ key, kind, name, status: 'open', postcode: postcode(), ...location() });
  organisations.push({
    key: 'nb1',
    kind: 'national-body',
    name: 'Regional Schools Directorate (demo)',
    status: 'open',
  });

  // Memberships: trusts take academies; federations and the network take maintained schools.
  const openSchools = schools.filter((s) => !closed.includes(s));
  const order = rnd.shuffle(openSchools);
  let cursor = 0;
  const membersOf = new Map<string, string[]>();
  for (const group of [...trusts, ...federations]) {
    const members = order.slice(cursor, cursor + group.size).map((s) => s.key);
    cursor += group.size;
    membersOf.set(group.key, members);
    for (const m of members)
      relationships.push({ type: 'membership', fromKey: m, toKey: group.key, startDate: date(rnd.int(2013, 2022)) });
  }
  const networkMembers = rnd
    .shuffle(openSchools)
    .slice(0, 15)
    .map((s) => s.key);
  membersOf.set('n1', networkMembers);
  for (const m of networkMembers)
    relationships.push({ type: 'membership', fromKey: m, toKey: 'n1', startDate: date(rnd.int(2018, 2023)) });
  const inGroup = new Set([...membersOf.values()].flat());
  // The schools no group has reached: some stay without support, partnership or peer ties on purpose.
  const unattached = order.slice(cursor).filter((s) => !inGroup.has(s.key));
  const isolated = new Set(unattached.slice(0, 4).map((s) => s.key));

  // The local authority maintains the schools outside any trust.
  const trustMembers = new Set(trusts.flatMap((t) => membersOf.get(t.key)!));
  for (const s of openSchools)
    if (!trustMembers.has(s.key))
      relationships.push({ type: 'governance', fromKey: 'la', toKey: s.key, startDate: null });
  for (const [i, s] of closed.entries())
    relationships.push({
      type: 'lineage',
      fromKey: s.key,
      toKey: order[order.length - 1 - i]!.key,
      startDate: date(2019 + i, 9, 1),
      note: 'Pupils moved to the successor school.',
    });

  // People: a head for every school, deputies in larger ones, and leaders of the groups and partners.
  const headOf = new Map<string, string>();
  for (const s of schools) {
    headOf.set(s.key, addPerson('Headteacher', s.key));
    const pupils = organisations.find((o) => o.key === s.key)!.pupils ?? 0;
    if (pupils > 400) addPerson('Deputy headteacher', s.key);
  }
  const ceoOf = new Map<string, string>();
  for (const t of trusts) {
    ceoOf.set(t.key, addPerson('Chief executive', t.key));
    const sid = addPerson('School improvement director', t.key);
    roleAssignments.push({
      personKey: sid,
      roleCode: 'school-improvement-director',
      organisationKey: t.key,
      startDate: date(rnd.int(2016, 2022)),
    });
    addPerson('Chair of trustees', t.key);
  }
  const execHeads = federations.map((f) => addPerson('Executive headteacher', f.key));
  const networkLeads = [
    addPerson('Network coordinator', 'n1'),
    headOf.get(networkMembers[0]!)!,
    headOf.get(networkMembers[1]!)!,
  ];
  const laOfficers = [
    'Head of school improvement',
    'School improvement adviser',
    'School improvement adviser',
    'Inclusion lead',
  ].map((t) => addPerson(t, 'la'));
  for (const [key, kind] of partners) {
    addPerson(
      kind === 'employer' ? 'Education partnerships manager' : kind === 'community-group' ? 'Director' : 'Service lead',
      key,
    );
    if (kind !== 'employer') addPerson(kind === 'police' ? 'Schools liaison officer' : 'Practitioner', key);
  }
  addPerson('Regional adviser', 'nb1');
  while (people.length < 150) addPerson('Governor', rnd.pick(openSchools).key);

  // System-leadership roles, spread over the taxonomy; some have ended.
  const heads = rnd.shuffle(
    openSchools.filter((s) => !isolated.has(s.key)).map((s) => ({ school: s.key, person: headOf.get(s.key)! })),
  );
  let h = 0;
  const nextHead = () => heads[h++ % heads.length]!;
  const give = (roleCode: string, count: number, ended = 0) => {
    for (let i = 0; i < count; i++) {
      const { school, person } = nextHead();
      const start = rnd.int(2012, 2023);
      roleAssignments.push({
        personKey: person,
        roleCode,
        organisationKey: school,
        startDate: date(start),
        endDate: i < ended ? date(Math.min(start + rnd.int(1, 3), 2025)) : null,
      });
    }
  };
  for (const [i, f] of federations.entries())
    roleAssignments.push({
      personKey: execHeads[i]!,
      roleCode: 'executive-head-federation',
      organisationKey: f.key,
      startDate: date(2015 + i),
    });
  give('national-leader-of-education', 3);
  give('consultant-leader', 6, 2);
  give('mentor-head', 4, 1);
  give('school-improvement-partner', 4, 2);
  give('support-school-in-difficulty', 4, 1);
  give('community-partnership-broker', 3);
  give('challenging-circumstances-head', 3);
  give('other-system-role', 2);
  give('specialist-leader', 3);
  for (const p of networkLeads)
    roleAssignments.push({
      personKey: p,
      roleCode: 'network-co-leader',
      organisationKey: 'n1',
      startDate: '2018-09-01',
    });
  roleAssignments.push({
    personKey: ceoOf.get('t1')!,
    roleCode: 'trust-to-trust-support',
    organisationKey: 't1',
    startDate: '2021-01-10',
  });
  roleAssignments.push({
    personKey: ceoOf.get('t2')!,
    roleCode: 'bold-ambition-peer',
    organisationKey: 't2',
    startDate: '2022-06-15',
  });
  roleAssignments.push({
    personKey: ceoOf.get('t3')!,
    roleCode: 'bold-ambition-peer',
    organisationKey: 't3',
    startDate: '2022-06-15',
  });
  roleAssignments.push({
    personKey: ceoOf.get('t1')!,
    roleCode: 'trust-peer-reviewer',
    organisationKey: 't1',
    startDate: '2023-02-01',
  });
  roleAssignments.push({
    personKey: ceoOf.get('t2')!,
    roleCode: 'civic-leader',
    organisationKey: 't2',
    startDate: '2020-09-01',
  });
  roleAssignments.push({
    personKey: ceoOf.get('t3')!,
    roleCode: 'regional-advisory-board-member',
    organisationKey: 't3',
    startDate: '2023-09-01',
  });
  roleAssignments.push({
    personKey: laOfficers[0]!,
    roleCode: 'community-partnership-broker',
    organisationKey: 'la',
    startDate: '2017-04-01',
  });

  // Support: NLE and supporting heads' schools help others; some engagements are over.
  const nleSchools = roleAssignments
    .filter((a) => a.roleCode === 'national-leader-of-education' || a.roleCode === 'support-school-in-difficulty')
    .map((a) => a.organisationKey);
  const supportable = rnd.shuffle(openSchools.filter((s) => !isolated.has(s.key) && !nleSchools.includes(s.key)));
  for (const [i, lead] of nleSchools.entries()) {
    for (let j = 0; j < 2; j++) {
      const partner = supportable[(i * 2 + j) % supportable.length]!;
      const start = rnd.int(2019, 2024);
      relationships.push({
        type: 'support',
        fromKey: lead,
        toKey: partner.key,
        startDate: date(start),
        endDate: j === 1 && start < 2023 ? date(start + 1) : null,
      });
    }
  }
  relationships.push({
    type: 'support',
    fromKey: 't1',
    toKey: 't3',
    startDate: '2021-01-10',
    note: 'Trust-to-trust support on early reading.',
  });
  relationships.push({
    type: 'peer-review',
    fromKey: 't2',
    toKey: 't3',
    startDate: '2022-06-15',
    note: 'Bold ambitions held to account each half term.',
  });
  relationships.push({ type: 'peer-review', fromKey: 't1', toKey: 't2', startDate: '2023-02-01' });
  relationships.push({
    type: 'staff-loan',
    fromKey: 't1',
    toKey: 't3',
    startDate: '2024-01-08',
    endDate: '2024-07-19',
    note: 'School improvement director seconded two days a week.',
  });

  // Peer-review triads among the network's schools.
  for (let i = 0; i + 2 < networkMembers.length; i += 3) {
    const [a, b, c] = networkMembers.slice(i, i + 3) as [string, string, string];
    relationships.push({ type: 'peer-review', fromKey: a, toKey: b, startDate: date(2023) });
    relationships.push({ type: 'peer-review', fromKey: b, toKey: c, startDate: date(2023) });
    relationships.push({ type: 'peer-review', fromKey: c, toKey: a, startDate: date(2023) });
  }
  relationships.push({
    type: 'network-co-leadership',
    fromKey: networkMembers[0]!,
    toKey: networkMembers[1]!,
    startDate: '2018-09-01',
  });
  relationships.push({
    type: 'network-co-leadership',
    fromKey: networkMembers[1]!,
    toKey: 'n1',
    startDate: '2018-09-01',
  });
  relationships.push({
    type: 'network-co-leadership',
    fromKey: networkMembers[0]!,
    toKey: 'n1',
    startDate: '2018-09-01',
  });

  // Mentoring between schools and staff loans between them.
  const connected = openSchools.filter((s) => !isolated.has(s.key));
  for (let i = 0; i < 6; i++)
    relationships.push({
      type: 'mentoring',
      fromKey: rnd.pick(nleSchools),
      toKey: rnd.pick(connected).key,
      startDate: date(rnd.int(2020, 2024)),
    });
  for (let i = 0; i < 3; i++) {
    const pair = rnd.shuffle(connected);
    relationships.push({
      type: 'staff-loan',
      fromKey: pair[0]!.key,
      toKey: pair[1]!.key,
      startDate: date(2024),
      endDate: date(2025),
    });
  }

  // Ties beyond education: multi-agency work with services, partnerships with the community.
  const services = partners
    .filter(([, kind]) => ['health', 'social-care', 'police', 'family-centre'].includes(kind))
    .map(([key]) => key);
  const community = partners
    .filter(([, kind]) => ['employer', 'community-group', 'college-university'].includes(kind))
    .map(([key]) => key);
  for (const s of connected) {
    relationships.push({
      type: 'multi-agency',
      fromKey: rnd.pick(services),
      toKey: s.key,
      startDate: date(rnd.int(2016, 2024)),
    });
    if (rnd.next() < 0.55)
      relationships.push({
        type: 'partnership',
        fromKey: s.key,
        toKey: rnd.pick(community),
        startDate: date(rnd.int(2015, 2024)),
      });
    if (rnd.next() < 0.25)
      relationships.push({
        type: 'partnership',
        fromKey: s.key,
        toKey: rnd.pick(community),
        startDate: date(rnd.int(2015, 2022)),
        endDate: date(2023),
      });
  }
  relationships.push({ type: 'multi-agency', fromKey: 'c1', toKey: 'fc1', startDate: '2016-04-01' });
  relationships.push({ type: 'multi-agency', fromKey: 'h2', toKey: 'c1', startDate: '2019-04-01' });
  relationships.push({ type: 'partnership', fromKey: 'fc2', toKey: 'g1', startDate: '2020-03-01' });
  relationships.push({ type: 'partnership', fromKey: 'la', toKey: 'co1', startDate: '2014-09-01' });
  relationships.push({ type: 'partnership', fromKey: 'la', toKey: 'nb1', startDate: '2022-09-01' });

  return { organisations, people, roleAssignments, relationships };
}
