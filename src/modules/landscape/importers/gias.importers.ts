import proj4 from 'proj4';
import {
  date,
  decimal,
  FieldError,
  integer,
  postcode,
  requiredText,
  text,
  urn,
  website,
} from '../../../platform/csv/fields.js';
import { missingColumns, type ImportDefinition } from '../../imports/index.js';
import { LANDSCAPE_CHANGES } from './landscape.changes.js';
import { createLandscapeMergeRepository, type SchoolColumn } from './landscape-merges.repository.js';

/**
 * Importers of England's public school data. GIAS (Get Information about Schools) extracts
 * name each coded field twice, "X (code)" and "X (name)"; either may be present. The code
 * lists below are GIAS's own.
 */
const PHASE_NAMES: Record<string, string> = {
  '0': 'Not applicable',
  '1': 'Nursery',
  '2': 'Primary',
  '3': 'Middle deemed primary',
  '4': 'Secondary',
  '5': 'Middle deemed secondary',
  '6': '16 plus',
  '7': 'All-through',
};
const STATUS_NAMES: Record<string, string> = {
  '1': 'Open',
  '2': 'Closed',
  '3': 'Open, but proposed to close',
  '4': 'Proposed to open',
};
const TYPE_GROUP_NAMES: Record<string, string> = {
  '1': 'Colleges',
  '2': 'Universities',
  '3': 'Independent schools',
  '4': 'Local authority maintained schools',
  '5': 'Special schools',
  '6': 'Welsh schools',
  '9': 'Other types',
  '10': 'Academies',
  '11': 'Free Schools',
  '13': 'Online provider',
};
const TYPE_NAMES: Record<string, string> = {
  '1': 'Community school',
  '2': 'Voluntary aided school',
  '3': 'Voluntary controlled school',
  '5': 'Foundation school',
  '6': 'City technology college',
  '7': 'Community special school',
  '8': 'Non-maintained special school',
  '10': 'Other independent special school',
  '11': 'Other independent school',
  '12': 'Foundation special school',
  '14': 'Pupil referral unit',
  '15': 'Local authority nursery school',
  '18': 'Further education',
  '24': 'Secure units',
  '25': 'Offshore schools',
  '26': "Service children's education",
  '27': 'Miscellaneous',
  '28': 'Academy sponsor led',
  '29': 'Higher education institutions',
  '30': 'Welsh establishment',
  '31': 'Sixth form centres',
  '32': 'Special post 16 institution',
  '33': 'Academy special sponsor led',
  '34': 'Academy converter',
  '35': 'Free schools',
  '36': 'Free schools special',
  '37': 'British schools overseas',
  '38': 'Free schools alternative provision',
  '39': 'Free schools 16 to 19',
  '40': 'University technical college',
  '41': 'Studio schools',
  '42': 'Academy alternative provision converter',
  '43': 'Academy alternative provision sponsor led',
  '44': 'Academy special converter',
  '45': 'Academy 16-19 converter',
  '46': 'Academy 16 to 19 sponsor led',
  '56': 'Institution funded by other government department',
  '57': 'Academy secure 16 to 19',
};

// British National Grid (OSGB36) to WGS84, with the Ordnance Survey's published seven-parameter transformation.
const BRITISH_NATIONAL_GRID =
  '+proj=tmerc +lat_0=49 +lon_0=-2 +k=0.9996012717 +x_0=400000 +y_0=-100000 +ellps=airy +towgs84=446.448,-125.157,542.06,0.15,0.247,0.842,-20.489 +units=m +no_defs';
const toWgs84 = proj4(BRITISH_NATIONAL_GRID, 'WGS84');

/** Latitude and longitude (WGS84, 5 decimals ≈ 1 m) of an OSGB36 Easting/Northing. */
export function gridToLatLong(easting: number, northing: number): { latitude: number; longitude: number } {
  const [longitude, latitude] = toWgs84.forward([easting, northing]) as [number, number];
  return { latitude: Math.round(latitude * 1e5) / 1e5, longitude: Math.round(longitude * 1e5) / 1e5 };
}

export function phaseCode(phase: string | null, type: string | null, typeGroup: string | null): string | null {
  const t = (type ?? '').toLowerCase();
  if (t.includes('pupil referral') || t.includes('alternative provision') || t === 'secure units')
    return 'alternative-provision';
  if (typeGroup === 'Special schools' || t.includes('special')) return 'special';
  switch (phase) {
    case 'Nursery':
      return 'nursery';
    case 'Primary':
      return 'primary';
    case 'Middle deemed primary':
    case 'Middle deemed secondary':
      return 'middle';
    case 'Secondary':
      return 'secondary';
    case 'All-through':
      return 'all-through';
    case '16 plus':
      return '16-plus';
    case 'Not applicable':
      return 'not-applicable';
    default:
      return null;
  }
}

export function statusCode(status: string | null): string {
  if (!status) return 'open';
  if (status.startsWith('Closed')) return 'closed';
  if (status.startsWith('Proposed to open')) return 'proposed';
  return 'open';
}

/** The name of a coded GIAS field from whichever variant the file has. */
function coded(values: Record<string, string>, field: string, codes?: Record<string, string>): string | null {
  const name = text(`${field} (name)`, values[`${field} (name)`]);
  if (name) return name;
  const code = text(`${field} (code)`, values[`${field} (code)`]);
  if (code === null) return null;
  return codes?.[code] ?? code;
}

/** A full GIAS establishment extract (national edubasealldata or a search-results export). */
export function createGiasImporter(): ImportDefinition {
  return {
    kind: 'gias',
    description: 'GIAS establishment extract (edubasealldata or search results)',
    table: 'stage_schools',
    acceptsExtraTrailingFields: true,
    columns: [
      ['line', 'int'],
      ['urn', 'int'],
      ['name', 'text'],
      ['kind', 'text'],
      ['la_code', 'text'],
      ['la_name', 'text'],
      ['school_type', 'text'],
      ['type_group', 'text'],
      ['status', 'text'],
      ['opened_on', 'date'],
      ['closed_on', 'date'],
      ['phase', 'text'],
      ['pupils', 'int'],
      ['fsm_percent', 'numeric'],
      ['postcode', 'text'],
      ['town', 'text'],
      ['website', 'text'],
      ['ofsted_rating', 'text'],
      ['ofsted_date', 'date'],
      ['latitude', 'float8'],
      ['longitude', 'float8'],
      ['trust_uid', 'text'],
      ['trust_name', 'text'],
      ['federation_uid', 'text'],
      ['federation_name', 'text'],
    ],
    checkHeader: (header) =>
      missingColumns(
        header,
        ['URN', 'EstablishmentName', 'LA (code)'],
        [
          ['EstablishmentStatus (name)', 'EstablishmentStatus (code)'],
          ['PhaseOfEducation (name)', 'PhaseOfEducation (code)'],
          ['TypeOfEstablishment (name)', 'TypeOfEstablishment (code)'],
        ],
      ),
    toRow(v) {
      const type = coded(v, 'TypeOfEstablishment', TYPE_NAMES);
      const typeGroup = coded(v, 'EstablishmentTypeGroup', TYPE_GROUP_NAMES);
      const easting = integer('Easting', v.Easting, 0, 800000);
      const northing = integer('Northing', v.Northing, 0, 1400000);
      const place =
        easting !== null && northing !== null && easting > 0 && northing > 0
          ? gridToLatLong(easting, northing)
          : { latitude: null, longitude: null };
      const laCode = text('LA (code)', v['LA (code)']);
      if (laCode !== null && !/^\d{3}$/.test(laCode))
        throw new FieldError(`LA (code) "${laCode}" is not a three-digit code`);
      const openedOn = date('OpenDate', v.OpenDate);
      const closedOn = date('CloseDate', v.CloseDate);
      if (openedOn && closedOn && closedOn < openedOn)
        throw new FieldError(`CloseDate ${closedOn} is before OpenDate ${openedOn}`);
      return [
        urn('URN', v.URN),
        requiredText('EstablishmentName', v.EstablishmentName, 200),
        typeGroup === 'Colleges' || typeGroup === 'Universities' ? 'college-university' : 'school',
        laCode,
        text('LA (name)', v['LA (name)'], 200),
        type,
        typeGroup,
        statusCode(coded(v, 'EstablishmentStatus', STATUS_NAMES)),
        openedOn,
        closedOn,
        phaseCode(coded(v, 'PhaseOfEducation', PHASE_NAMES), type, typeGroup),
        integer('NumberOfPupils', v.NumberOfPupils, 0, 100000),
        decimal('PercentageFSM', v.PercentageFSM, 0, 100),
        postcode(v.Postcode),
        text('Town', v.Town, 200),
        website(v.SchoolWebsite),
        coded(v, 'OfstedRating'),
        date('OfstedLastInsp', v.OfstedLastInsp),
        place.latitude,
        place.longitude,
        text('Trusts (code)', v['Trusts (code)'], 20),
        text('Trusts (name)', v['Trusts (name)'], 200),
        text('Federations (code)', v['Federations (code)'], 20),
        text('Federations (name)', v['Federations (name)'], 200),
      ];
    },
    keyOf: (row) => `URN ${row[0]}`,
    changes: LANDSCAPE_CHANGES,
    detailLabels: {
      localAuthoritiesAdded: 'Local authorities added',
      trustsAdded: 'Trusts added',
      federationsAdded: 'Federations added',
      membershipsAdded: 'Memberships begun',
      membershipsEnded: 'Memberships ended',
    },
    async merge({ trx, runId, stagedCount }) {
      const repo = createLandscapeMergeRepository(trx, runId);
      const las = await repo.mergeLocalAuthorities();
      const columns: SchoolColumn[] = [
        'name',
        'kind',
        'local_authority_id',
        'school_type',
        'type_group',
        'status',
        'opened_on',
        'closed_on',
        'phase',
        'pupils',
        'fsm_percent',
        'postcode',
        'town',
        'website',
        'ofsted_rating',
        'ofsted_date',
        'latitude',
        'longitude',
      ];
      const schools = await repo.mergeSchools(columns);
      const trusts = await repo.mergeGroupsOfSchools('academy-trust', 'trust', 'gias');
      const federations = await repo.mergeGroupsOfSchools('federation', 'federation', 'gias');
      return {
        ...schools,
        unchanged: (await stagedCount('stage_schools')) - schools.inserted - schools.updated,
        details: {
          localAuthoritiesAdded: las.inserted,
          trustsAdded: trusts.inserted,
          federationsAdded: federations.inserted,
          membershipsAdded: trusts.memberships + federations.memberships,
          membershipsEnded: trusts.ended + federations.ended,
        },
      };
    },
  };
}

/** A simple list: urn,name,town,postcode[,open_date,close_date] (other columns are ignored). */
export function createGiasMinimalImporter(): ImportDefinition {
  let hasDates = { open: false, close: false };
  return {
    kind: 'gias-minimal',
    description: 'list of schools: urn,name,town,postcode[,open_date,close_date]',
    table: 'stage_schools',
    columns: [
      ['line', 'int'],
      ['urn', 'int'],
      ['name', 'text'],
      ['kind', 'text'],
      ['town', 'text'],
      ['postcode', 'text'],
      ['opened_on', 'date'],
      ['closed_on', 'date'],
      ['status', 'text'],
    ],
    checkHeader: (header) => missingColumns(header, ['urn', 'name', 'town', 'postcode']),
    prepare(header) {
      hasDates = { open: header.includes('open_date'), close: header.includes('close_date') };
    },
    toRow(v) {
      const openedOn = date('open_date', v.open_date);
      const closedOn = date('close_date', v.close_date);
      if (openedOn && closedOn && closedOn < openedOn)
        throw new FieldError(`close_date ${closedOn} is before open_date ${openedOn}`);
      const today = new Date().toISOString().slice(0, 10);
      return [
        urn('urn', v.urn),
        requiredText('name', v.name, 200),
        'school',
        text('town', v.town, 200),
        postcode(v.postcode),
        openedOn,
        closedOn,
        closedOn && closedOn <= today ? 'closed' : 'open',
      ];
    },
    keyOf: (row) => `URN ${row[0]}`,
    changes: LANDSCAPE_CHANGES,
    async merge({ trx, runId, stagedCount }) {
      const repo = createLandscapeMergeRepository(trx, runId);
      const columns: SchoolColumn[] = ['name', 'kind', 'town', 'postcode'];
      if (hasDates.open) columns.push('opened_on');
      if (hasDates.close) columns.push('closed_on', 'status');
      const schools = await repo.mergeSchools(columns);
      return { ...schools, unchanged: (await stagedCount('stage_schools')) - schools.inserted - schools.updated };
    },
  };
}

/**
 * How a GIAS link type reads as lineage: the kind of change, and whether the linked
 * establishment came before (predecessor) or after (successor) the row's own.
 */
export function lineageOf(linkType: string): { subtype: string; linkIs: 'predecessor' | 'successor' | 'peer' } {
  const type = linkType.trim();
  const detail = (type.split(' - ')[1] ?? '')
    .trim()
    .toLowerCase()
    .replace(/ school$/, '');
  if (/^predecessor/i.test(type)) return { subtype: detail, linkIs: 'predecessor' };
  if (/^successor/i.test(type)) return { subtype: detail, linkIs: 'successor' };
  if (/^result of amalgamation/i.test(type)) return { subtype: 'amalgamated', linkIs: 'successor' };
  return { subtype: type.toLowerCase(), linkIs: 'peer' };
}

/** The GIAS establishment links file: URN, LinkURN, LinkType, LinkEstablishedDate. */
export function createGiasLinksImporter(): ImportDefinition {
  return {
    kind: 'gias-links',
    description: 'GIAS establishment links (predecessors, successors, mergers, splits)',
    table: 'stage_links',
    columns: [
      ['line', 'int'],
      ['from_urn', 'int'],
      ['to_urn', 'int'],
      ['subtype', 'text'],
      ['link_date', 'date'],
    ],
    checkHeader: (header) => missingColumns(header, ['URN', 'LinkURN', 'LinkType', 'LinkEstablishedDate']),
    toRow(v) {
      const own = urn('URN', v.URN);
      const linked = urn('LinkURN', v.LinkURN);
      if (own === linked) throw new FieldError('URN and LinkURN are the same');
      const { subtype, linkIs } = lineageOf(requiredText('LinkType', v.LinkType, 200));
      const [from, to] =
        linkIs === 'predecessor'
          ? [linked, own]
          : linkIs === 'successor'
            ? [own, linked]
            : [Math.min(own, linked), Math.max(own, linked)];
      return [from, to, subtype, date('LinkEstablishedDate', v.LinkEstablishedDate)];
    },
    changes: LANDSCAPE_CHANGES,
    detailLabels: {
      rowsRepeatingAnotherSide: 'Rows giving a link already given from its other side',
      linksWaitingForASchool: 'Links waiting for a school not yet known',
    },
    async merge({ trx, runId, stagedCount }) {
      const repo = createLandscapeMergeRepository(trx, runId);
      const links = await repo.mergeLinks('gias-links');
      const staged = await stagedCount('stage_links');
      return {
        inserted: links.inserted,
        updated: links.updated,
        unchanged: links.distinct - links.inserted - links.updated,
        details: { rowsRepeatingAnotherSide: staged - links.distinct, linksWaitingForASchool: links.pending },
      };
    },
  };
}
