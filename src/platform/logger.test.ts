import { describe, expect, it } from 'vitest';
import { isAnsweringPath, loggerOptions, safeUrl } from './logger.js';

describe('safeUrl', () => {
  it('hides the token of a survey answering link however it is spelt', () => {
    expect(safeUrl('/s/AbCdEfGhIjKlMnOpQrStUvWx')).toBe('/s/[hidden]');
    expect(safeUrl('/s/AbCdEfGhIjKlMnOpQrStUvWx/')).toBe('/s/[hidden]');
    expect(safeUrl('//s/AbCdEfGhIjKlMnOpQrStUvWx?x=1')).toBe('/s/[hidden]?x=1');
    expect(safeUrl('/%73/AbCdEfGhIjKlMnOpQrStUvWx')).toBe('/s/[hidden]');
    expect(safeUrl('/S/AbCdEfGhIjKlMnOpQrStUvWx')).toBe('/s/[hidden]');
  });

  it('hides the token of an invitation link, in its path and in an address that leads back to it', () => {
    const token = '12.AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefg';
    expect(safeUrl(`/invitations/${token}`)).toBe('/invitations/[hidden]');
    expect(safeUrl(`/invitations/${token}/sso`)).toBe('/invitations/[hidden]/sso');
    expect(safeUrl(`/sign-in?next=${encodeURIComponent(`/invitations/${token}`)}&x=1`)).toBe(
      '/sign-in?next=[hidden]&x=1',
    );
  });

  it('hides the whole query of the sign-in callback', () => {
    expect(safeUrl('/sign-in/sso/callback?code=SECRETCODE&state=SECRETSTATE&iss=https%3A%2F%2Fidp')).toBe(
      '/sign-in/sso/callback?[hidden]',
    );
    expect(safeUrl('/sign-in/sso/callback/?error=x')).toBe('/sign-in/sso/callback/?[hidden]');
  });

  it('hides code, state and token parameters anywhere, keeping the rest of the query', () => {
    expect(safeUrl('/organisations?q=ash&token=T0K3N&page=2')).toBe('/organisations?q=ash&token=[hidden]&page=2');
    expect(safeUrl('/x?Code=1&STATE=2&id_token=3&%63ode=4&code')).toBe(
      '/x?Code=[hidden]&STATE=[hidden]&id_token=[hidden]&%63ode=[hidden]&code=[hidden]',
    );
    expect(safeUrl('/surveys/3/results')).toBe('/surveys/3/results');
    expect(safeUrl('/surveys?s=1')).toBe('/surveys?s=1');
  });

  it('tells answering paths from others', () => {
    expect(isAnsweringPath('/s/abc')).toBe(true);
    expect(isAnsweringPath('/s')).toBe(true);
    expect(isAnsweringPath('/surveys/1')).toBe(false);
    expect(isAnsweringPath('/sign-in')).toBe(false);
  });
});

describe('the request serializer', () => {
  const serialize = (url: string) => {
    const options = loggerOptions('info') as {
      serializers: { req(r: { method: string; url: string; ip: string }): Record<string, unknown> };
    };
    return options.serializers.req({ method: 'POST', url, ip: '203.0.113.9' });
  };

  it('leaves out the address of anyone answering a survey, and keeps it elsewhere', () => {
    expect(serialize('/s/AbCdEfGhIjKlMnOpQrStUvWx')).toEqual({ method: 'POST', url: '/s/[hidden]' });
    expect(serialize('/sign-in')).toEqual({ method: 'POST', url: '/sign-in', ip: '203.0.113.9' });
  });
});
