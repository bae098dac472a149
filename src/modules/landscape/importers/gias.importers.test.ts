import { describe, expect, it } from 'vitest';
import { createGiasImporter, gridToLatLong, lineageOf, phaseCode, statusCode } from './gias.importers.js';

describe('gridToLatLong', () => {
  // Reference values from PROJ (cs2cs EPSG:27700 → EPSG:4326), an independent implementation.
  const reference: Array<[number, number, number, number]> = [
    [472080, 139716, 51.152172, -0.970798],
    [434902, 144945, 51.202657, -1.50182],
    [530034, 180381, 51.507407, -0.127724],
    [651409.903, 313177.27, 52.657979, 1.716052],
    [337000, 665000, 55.874025, -3.008426],
    [412345, 1012345, 58.998043, -1.786881],
  ];
  it.each(reference)('converts E %d N %d to within a metre of PROJ', (easting, northing, lat, lon) => {
    const result = gridToLatLong(easting, northing);
    const metres = Math.hypot(
      (result.latitude - lat) * 111320,
      (result.longitude - lon) * 111320 * Math.cos((lat * Math.PI) / 180),
    );
    expect(metres).toBeLessThan(1);
  });
});

describe('lineageOf', () => {
  it('reads which side came first and the kind of change', () => {
    expect(lineageOf('Predecessor - merged')).toEqual({ subtype: 'merged', linkIs: 'predecessor' });
    expect(lineageOf('Successor')).toEqual({ subtype: '', linkIs: 'successor' });
    expect(lineageOf('Successor - Split School')).toEqual({ subtype: 'split', linkIs: 'successor' });
    expect(lineageOf('Result of Amalgamation')).toEqual({ subtype: 'amalgamated', linkIs: 'successor' });
    expect(lineageOf('Sixth Form Centre Link')).toEqual({ subtype: 'sixth form centre link', linkIs: 'peer' });
  });
});

describe('phaseCode and statusCode', () => {
  it('maps GIAS phases, special schools and alternative provision', () => {
    expect(phaseCode('Middle deemed primary', 'Community school', 'Local authority maintained schools')).toBe('middle');
    expect(phaseCode('Not applicable', 'Community special school', 'Special schools')).toBe('special');
    expect(phaseCode('Not applicable', 'Pupil referral unit', 'Local authority maintained schools')).toBe(
      'alternative-provision',
    );
    expect(phaseCode('16 plus', 'Academy 16-19 converter', 'Academies')).toBe('16-plus');
  });
  it('keeps schools proposed to close open', () => {
    expect(statusCode('Open, but proposed to close')).toBe('open');
    expect(statusCode('Closed')).toBe('closed');
    expect(statusCode('Proposed to open')).toBe('proposed');
  });
});

describe('the GIAS importer', () => {
  it('reads the (code) variants of coded fields as well as the (name) ones', () => {
    const importer = createGiasImporter();
    const header = [
      'URN',
      'EstablishmentName',
      'LA (code)',
      'EstablishmentStatus (code)',
      'PhaseOfEducation (code)',
      'TypeOfEstablishment (code)',
      'EstablishmentTypeGroup (code)',
      'Trusts (code)',
      'Easting',
      'Northing',
    ];
    expect(importer.checkHeader(header, { fileName: 'edubasealldata.csv' })).toEqual([]);
    const row = importer.toRow({
      URN: '140000',
      EstablishmentName: 'Coded Academy',
      'LA (code)': '850',
      'EstablishmentStatus (code)': '2',
      'PhaseOfEducation (code)': '4',
      'TypeOfEstablishment (code)': '34',
      'EstablishmentTypeGroup (code)': '10',
      'Trusts (code)': '2054',
      Easting: '472080',
      Northing: '139716',
    });
    const at = (name: string) => row[importer.columns.findIndex(([c]) => c === name) - 1];
    expect(at('school_type')).toBe('Academy converter');
    expect(at('type_group')).toBe('Academies');
    expect(at('status')).toBe('closed');
    expect(at('phase')).toBe('secondary');
    expect(at('trust_uid')).toBe('2054');
    expect(at('latitude')).toBeCloseTo(51.15217, 5);
  });

  it('refuses a header without the columns it needs, naming them', () => {
    expect(createGiasImporter().checkHeader(['URN', 'EstablishmentName'], { fileName: 'extract.csv' })).toEqual([
      'missing column "LA (code)"',
      'missing column "EstablishmentStatus (name)" or "EstablishmentStatus (code)"',
      'missing column "PhaseOfEducation (name)" or "PhaseOfEducation (code)"',
      'missing column "TypeOfEstablishment (name)" or "TypeOfEstablishment (code)"',
    ]);
  });
});
