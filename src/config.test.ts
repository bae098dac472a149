import { newFamilyKey } from './modules/families/families.seal.js';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('has working defaults for a first start', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.dataDir).toMatch(/syslead-data$/);
    expect(config.databaseUrl).toBeUndefined();
    expect(config.cookieSecure).toBe(false);
  });

  it('lists every bad setting at once', () => {
    try {
      loadConfig({
        PORT: 'eighty',
        DATABASE_URL: 'mysql://x',
        SYSLEAD_COOKIE_SECURE: 'maybe',
        SYSLEAD_LOG_LEVEL: 'loud',
      });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const problems = (error as ConfigError).problems.join('\n');
      for (const name of ['PORT', 'DATABASE_URL', 'SYSLEAD_COOKIE_SECURE', 'SYSLEAD_LOG_LEVEL'])
        expect(problems).toContain(name);
    }
  });

  it('makes cookies Secure by default in production', () => {
    expect(loadConfig({ NODE_ENV: 'production', SYSLEAD_FAMILY_KEY: newFamilyKey() }).cookieSecure).toBe(true);
  });

  it('refuses to start in production without a family key, and refuses a key that is not one', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/SYSLEAD_FAMILY_KEY must be set in production/);
    expect(() => loadConfig({ SYSLEAD_FAMILY_KEY: 'secret' })).toThrow(/SYSLEAD_FAMILY_KEY must be 32 random bytes/);
    const key = newFamilyKey();
    expect(loadConfig({ NODE_ENV: 'production', SYSLEAD_FAMILY_KEY: key }).familyKey).toBe(key);
  });

  it('takes absolute links from SYSLEAD_PUBLIC_URL, localhost and the port by default, and refuses an address with a path or credentials', () => {
    expect(loadConfig({}).publicUrl).toBe('http://localhost:3000');
    expect(loadConfig({ PORT: '8080' }).publicUrl).toBe('http://localhost:8080');
    expect(loadConfig({ SYSLEAD_PUBLIC_URL: 'https://Syslead.Example.org/' }).publicUrl).toBe(
      'https://syslead.example.org',
    );
    for (const bad of [
      'syslead.example.org',
      'ftp://syslead.example.org',
      'https://syslead.example.org/app',
      'https://user:pw@syslead.example.org',
      'https://syslead.example.org/?x=1',
      'https://syslead.example.org/#top',
      'javascript:alert(1)',
    ]) {
      expect(() => loadConfig({ SYSLEAD_PUBLIC_URL: bad }), bad).toThrow(/SYSLEAD_PUBLIC_URL/);
    }
  });
});
