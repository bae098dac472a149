/**
 * The command line end to end on a database of its own: the demo loaded, a long-format
 * indicator file imported with a period, and `indicators group` printing the promised JSON.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli.js';
import { createTestDatabase, testPostgresUrl, type TestDatabase } from '../test-database.js';

let dir = '';
let database: TestDatabase | undefined;
const saved = { ...process.env };

async function run(...argv: string[]): Promise<string> {
  const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
  try {
    expect(await main(argv)).toBe(0);
    return log.mock.calls.map((c) => c.join(' ')).join('\n');
  } finally {
    log.mockRestore();
  }
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'syslead-cli-'));
  process.env.NODE_ENV = 'test';
  if (testPostgresUrl()) {
    database = await createTestDatabase({ kind: 'postgres' });
    process.env.DATABASE_URL = database.url;
  } else {
    process.env.SYSLEAD_DATA_DIR = path.join(dir, 'data');
    delete process.env.DATABASE_URL;
  }
  await run('demo');
}, 120_000);

afterAll(async () => {
  process.env = saved;
  await database?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('syslead indicators group', () => {
  it('prints one group result as JSON with the promised fields', async () => {
    const out = JSON.parse(
      await run(
        'indicators',
        'group',
        '--scope',
        'DEMO-T1',
        '--indicator',
        'absence-overall-percent',
        '--format',
        'json',
      ),
    );
    for (const field of [
      'scope',
      'indicator',
      'period',
      'members',
      'value',
      'method',
      'median',
      'q1',
      'q3',
      'benchmark',
    ])
      expect(out).toHaveProperty(field);
    expect(out).toMatchObject({
      scope: 'DEMO-T1',
      indicator: 'absence-overall-percent',
      period: '2024/25',
    });
    expect(out.members).toBeGreaterThan(5);
    // Absence comes as rates without their counts: the method says so.
    expect(out.method).toBe(
      `mean weighted by pupils on roll (${out.members} members give their rates without the counts behind them, so rates are not summed)`,
    );
    expect(out.value).toBeLessThan(out.benchmark); // the demo trust's shared strength
    expect(out.benchmarkLabel).toBe('England (state-funded schools)');
    const all = JSON.parse(
      await run(
        'indicators',
        'group',
        '--scope',
        'DEMO-T1',
        '--indicator',
        'absence-overall-percent',
        '--england',
        'all',
      ),
    );
    expect(all.benchmarkLabel).toBe('England (all schools)');
    await expect(main(['indicators', 'group', '--scope', 'DEMO-T1', '--england', 'everywhere'])).rejects.toThrow(
      '--england must be state-funded or all',
    );
  });

  it('imports a file whose period is given on the command line, and shows it in the group', async () => {
    const file = path.join(dir, 'exclusions.csv');
    fs.writeFileSync(file, 'urn,indicator,period,value\n990001,census-pupils,2019/20,123\n');
    const imported = JSON.parse(await run('import', 'indicator-values', file, '--json'));
    expect(imported).toMatchObject({ rowsRead: 1, inserted: 1, rejected: 0 });
    const out = JSON.parse(
      await run('indicators', 'group', '--scope', '990001', '--indicator', 'census-pupils', '--period', '2019/20'),
    );
    expect(out).toMatchObject({ period: '2019/20', members: 1, value: 123, method: 'sum over members' });
  });

  it('brokers: syslead broker prints the need and explained matches as JSON', async () => {
    const out = JSON.parse(await run('broker', '--urn', '990003', '--need', 'maths', '--format', 'json'));
    expect(out.need).toMatchObject({ area: 'maths', label: 'Maths' });
    expect(out.matches.length).toBeGreaterThan(0);
    for (const match of out.matches) {
      expect(Object.keys(match).sort()).toEqual(['falling', 'name', 'reasons', 'ref', 'score']);
      expect(match.reasons.length).toBeGreaterThan(0);
    }
    expect(out.matches.map((m: { score: number }) => m.score)).toEqual(
      [...out.matches.map((m: { score: number }) => m.score)].sort((a, b) => b - a),
    );
  });

  it('refuses a malformed period before touching the database', async () => {
    await expect(main(['indicators', 'group', '--scope', 'DEMO-T1', '--period', '2019-20'])).rejects.toThrow(
      /--period/,
    );
  });
});
