import { describe, expect, it } from 'vitest';
import { safeNext } from './api-schemas.js';

describe('safeNext', () => {
  it('keeps paths on this site, with their query and fragment', () => {
    for (const good of [
      '/',
      '/network',
      '/organisations?q=Alder%20Primary&page=2',
      '/people/12#roles',
      '/a/b/../c',
      '/%2F%2Fencoded-slashes-stay-a-path',
    ]) {
      expect(safeNext(good), good).toBe(good);
    }
  });

  it('sends every address a browser could read as another host, or that is not a path, to the home page', () => {
    const attacks = [
      'https://evil.example',
      'http://evil.example/sign-in',
      'javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      '//evil.example',
      '///evil.example',
      '/\\evil.example',
      '\\\\evil.example',
      '/\\/evil.example',
      '/path\\..\\..\\evil',
      '/\t/evil.example',
      '/\r\n/evil.example',
      '/\n/evil.example',
      '/\u0000/evil.example',
      '/\u001f/evil.example',
      '/\u007f/evil.example',
      '/ok\r\nSet-Cookie: x=y',
      '\t//evil.example',
      ' //evil.example',
      '/.//evil.example',
      '/%2e%2e//evil.example',
      'evil.example',
      '',
      '/' + 'a'.repeat(2001),
    ];
    for (const attack of attacks) expect(safeNext(attack), JSON.stringify(attack)).toBe('/');
  });

  it('sends anything that is not a string to the home page', () => {
    for (const value of [undefined, null, 42, ['/network'], { toString: () => '/network' }])
      expect(safeNext(value)).toBe('/');
  });
});
