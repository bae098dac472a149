/**
 * Sign-in through a school's own identity provider with OpenID Connect (what Microsoft Entra
 * ID and Google Workspace offer), configured per email domain, beside local accounts. The
 * account must already exist in Syslead: a provider proves who someone is, an administrator
 * or an organisation's leader decides what they may do here.
 */
import * as oidc from 'openid-client';
import { AppError } from '../../platform/http/errors.js';
import type { AccountsRepository } from './accounts.repository.js';

const REQUEST_LIFETIME_MS = 10 * 60 * 1000;
/** How long the list of providers' origins for the sign-in page's security policy is kept before it is read again. */
const ORIGINS_FRESH_MS = 60 * 1000;

function domainOf(email: string): string {
  return email.trim().toLowerCase().split('@')[1] ?? '';
}

/** Plain HTTP is allowed only for a provider on this machine (tests, local trials). */
function isLoopback(issuer: URL): boolean {
  return ['127.0.0.1', 'localhost', '[::1]'].includes(issuer.hostname);
}

async function discover(provider: { issuer: string; clientId: string; clientSecret: string }) {
  const issuer = new URL(provider.issuer);
  if (issuer.protocol !== 'https:' && !isLoopback(issuer))
    throw new AppError('validation', 'An identity provider must be reached over HTTPS');
  try {
    return await oidc.discovery(
      issuer,
      provider.clientId,
      provider.clientSecret,
      undefined,
      isLoopback(issuer) ? { execute: [oidc.allowInsecureRequests] } : undefined,
    );
  } catch {
    throw new AppError(
      'unavailable',
      'The school’s sign-in service cannot be reached just now; try again, or sign in with a Syslead password',
    );
  }
}

/** The origin of a web address, or undefined when it is not one. */
function originOf(address: string): string | undefined {
  try {
    const url = new URL(address);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.origin : undefined;
  } catch {
    return undefined;
  }
}

export function createSsoSignIn(repo: AccountsRepository) {
  /** Where each provider's authorisation endpoint lives, once discovery has told us (it may differ from the issuer's origin). */
  const authorizationOrigins = new Map<number, string>();
  let issuerOrigins: string[] = [];
  let originsReadAt = 0;
  let reading: Promise<void> | undefined;

  async function readOrigins() {
    const providers = await repo.listProviders();
    issuerOrigins = [...new Set(providers.map((p) => originOf(p.issuer)).filter((o): o is string => o !== undefined))];
    originsReadAt = Date.now();
  }

  return {
    /** Reads the providers' origins now (at start-up, so the sign-in page never waits for the database). */
    loadFormActionOrigins: () => readOrigins(),

    /**
     * The origins the sign-in form may be sent on to (the content security policy's
     * form-action): each provider's issuer, and its authorisation endpoint when discovery
     * has shown that to be elsewhere. Answers at once from what was last read; when that is
     * over a minute old it is read again in the background (a provider added from the
     * command line of a running server is allowed within a minute).
     */
    formActionOrigins(): string[] {
      if (Date.now() - originsReadAt > ORIGINS_FRESH_MS && !reading) {
        reading = readOrigins()
          .catch(() => undefined)
          .finally(() => {
            reading = undefined;
          });
      }
      return [...new Set([...issuerOrigins, ...authorizationOrigins.values()])];
    },

    /** Registers (or replaces) the identity provider of an email domain. */
    async addProvider(input: {
      emailDomain: string;
      label: string;
      issuer: string;
      clientId: string;
      clientSecret: string;
    }) {
      const emailDomain = input.emailDomain.trim().toLowerCase().replace(/^@/, '');
      if (!/^[a-z0-9.-]+\.[a-z]{2,}$/.test(emailDomain))
        throw new AppError('validation', 'That is not an email domain', [
          { field: 'domain', message: 'Enter the email domain, like school.example.org' },
        ]);
      let issuer: URL;
      try {
        issuer = new URL(input.issuer);
      } catch {
        throw new AppError('validation', 'The issuer must be a web address', [
          { field: 'issuer', message: 'Enter the provider’s address, starting https://' },
        ]);
      }
      if (issuer.protocol !== 'https:' && !isLoopback(issuer))
        throw new AppError('validation', 'The issuer must use HTTPS', [
          { field: 'issuer', message: 'The provider’s address must start https://' },
        ]);
      const id = await repo.insertProvider({ ...input, emailDomain, issuer: issuer.toString().replace(/\/$/, '') });
      await readOrigins();
      return id;
    },

    listProviders: () => repo.listProviders(),

    /** The provider for an email address's domain, if there is one. */
    async providerFor(email: string) {
      return repo.findProvider({ emailDomain: domainOf(email) });
    },

    /**
     * Starts a sign-in: where to send the browser, with state, nonce and PKCE kept for the
     * return. The state comes back too, for the caller to bind to the browser. Started from an
     * invitation, the sign-in remembers it, so the return can accept it.
     */
    async start(
      email: string,
      redirectUri: string,
      next: string,
      invitationId?: number,
    ): Promise<{ url: string; state: string }> {
      const provider = await repo.findProvider({ emailDomain: domainOf(email) });
      if (!provider)
        throw new AppError(
          'validation',
          'Your organisation does not sign in through its own service here; use your Syslead password',
          [{ field: 'ssoEmail', message: 'This email’s organisation has no sign-in of its own set up in Syslead' }],
        );
      const config = await discover(provider);
      const codeVerifier = oidc.randomPKCECodeVerifier();
      const state = oidc.randomState();
      const nonce = oidc.randomNonce();
      await repo.insertSignInRequest({
        state,
        providerId: provider.id,
        codeVerifier,
        nonce,
        next,
        expiresAt: new Date(Date.now() + REQUEST_LIFETIME_MS),
        invitationId,
      });
      const url = oidc.buildAuthorizationUrl(config, {
        redirect_uri: redirectUri,
        scope: 'openid email profile',
        code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
        state,
        nonce,
        login_hint: email,
      });
      authorizationOrigins.set(provider.id, url.origin);
      return { url: url.href, state };
    },

    /**
     * Finishes a sign-in from the provider's answer: checks state, nonce and PKCE, and that the
     * email the provider vouches for is in its own domain. Returns the account's email and the
     * name the provider gives, where to go, and the invitation the sign-in was started from (or null).
     */
    async finish(currentUrl: URL): Promise<{ email: string; name: string; next: string; invitationId: number | null }> {
      const state = currentUrl.searchParams.get('state') ?? '';
      const request = await repo.takeSignInRequest(state);
      if (!request) throw new AppError('unauthenticated', 'This sign-in has expired or was already used; start again');
      const provider = await repo.findProvider({ id: request.providerId });
      if (!provider) throw new AppError('unauthenticated', 'This sign-in service is no longer set up; start again');
      const config = await discover(provider);
      let claims: Record<string, unknown> | undefined;
      try {
        const tokens = await oidc.authorizationCodeGrant(config, currentUrl, {
          pkceCodeVerifier: request.codeVerifier,
          expectedState: state,
          expectedNonce: request.nonce,
        });
        claims = tokens.claims();
        // Many providers give the email address only from the userinfo endpoint.
        if (claims && !claims.email)
          claims = { ...claims, ...(await oidc.fetchUserInfo(config, tokens.access_token, String(claims.sub))) };
      } catch {
        throw new AppError('unauthenticated', 'The school’s sign-in service did not confirm who you are; start again');
      }
      const email = String(claims?.email ?? claims?.preferred_username ?? '').toLowerCase();
      if (claims?.email_verified === false || domainOf(email) !== provider.emailDomain) {
        throw new AppError(
          'unauthenticated',
          `The sign-in service vouched for an address outside ${provider.emailDomain}`,
        );
      }
      const name = typeof claims?.name === 'string' && claims.name.trim() ? claims.name.trim() : email.split('@')[0]!;
      return { email, name: name.slice(0, 200), next: request.next, invitationId: request.invitationId };
    },
  };
}
