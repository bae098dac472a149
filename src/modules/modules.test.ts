/**
 * The shape of the house: every module is one definition in one list, built after what it
 * needs, and reaches another module only through that module's `index.ts`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Db } from '../db/database.js';
import { composeServices, homeCards, MODULES, navigation, type JobSender } from './index.js';

const here = path.dirname(fileURLToPath(import.meta.url));

function sourceFiles(folder: string): string[] {
  return fs.readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name);
    return entry.isDirectory() ? sourceFiles(full) : entry.name.endsWith('.ts') ? [full] : [];
  });
}

describe('the module list', () => {
  it('names every module folder once, each after the modules it needs', () => {
    const folders = fs
      .readdirSync(here, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort();
    expect(MODULES.map((m) => m.name).sort()).toEqual(folders);
    MODULES.forEach((definition, position) => {
      const earlier = new Set(MODULES.slice(0, position).map((m) => m.name));
      expect(
        definition.needs.filter((name) => !earlier.has(name)),
        `${definition.name} needs`,
      ).toEqual([]);
    });
  });

  it('refuses to build a module before what it needs', () => {
    const [audit, accounts] = MODULES;
    expect(() => composeServices({} as Db, {}, [accounts!, audit!], {} as JobSender)).toThrow(/needs audit/);
  });

  it('gives the navigation from the modules’ links, in order, administrators’ links marked', () => {
    const items = navigation();
    expect(items.map((i) => i.order)).toEqual([...items.map((i) => i.order)].sort((a, b) => a - b));
    expect(items.find((i) => i.href === '/audit')?.adminOnly).toBe(true);
    expect(new Set(items.map((i) => i.href)).size).toBe(items.length);
  });

  it('collects the home cards from the modules, several parts making one card', () => {
    const parts = homeCards();
    const names = [...new Set(parts.map((p) => p.name))];
    expect(names).toEqual(
      expect.arrayContaining(['Needs your answer', 'Due', 'Your school and your partnership', 'For administrators']),
    );
    expect(parts.filter((p) => p.name === 'Needs your answer').length).toBeGreaterThan(1);
    for (const name of names) expect(new Set(parts.filter((p) => p.name === name).map((p) => p.order)).size).toBe(1);
  });

  it('has each module reach another only through its index', () => {
    const offences: string[] = [];
    for (const file of sourceFiles(here)) {
      const own = path.relative(here, file).split(path.sep)[0];
      for (const match of fs.readFileSync(file, 'utf8').matchAll(/from '(\.[^']+)'/g)) {
        const target = path.relative(here, path.resolve(path.dirname(file), match[1]!));
        const [module, ...rest] = target.split(path.sep);
        if (target.startsWith('..') || module === own || !rest.length) continue;
        if (rest.join('/') !== 'index.js') offences.push(`${path.relative(here, file)} imports ${match[1]}`);
      }
    }
    expect(offences).toEqual([]);
  });
});
