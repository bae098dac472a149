import crypto from 'node:crypto';
import type { Db } from '../../db/database.js';
import { AppError, notFound } from '../../platform/http/errors.js';
import type { Actor } from '../../platform/http/http-platform.js';
import { requireSignedIn } from '../../platform/http/require-actor.js';
import { normaliseEmail } from '../accounts/index.js';
import type { AuditService } from '../audit/index.js';
import type { DevelopmentService, Framework } from '../development/index.js';
import { todayIso } from '../landscape/index.js';
import type { NotificationsService } from '../notifications/index.js';
import {
  FLOOR_RESPONDENTS,
  isClosed,
  RELATIONSHIPS,
  relationshipLabel,
  resultsOf,
  type Results,
} from './feedback360.domain.js';
import { createFeedback360Repository, type Feedback360Repository, type Round } from './feedback360.repository.js';
import type { RaterRelationship } from './feedback360.table.js';

/** A new round: the framework, an optional title and the day it closes. */
export interface RoundInput {
  frameworkId: number;
  title?: string;
  closesOn: string;
}

/** Someone to ask: typed, or a suggestion from the landscape (its person id). */
export interface RaterInput {
  name: string;
  email: string;
  relationship: RaterRelationship;
  personId?: number | null;
}

/** An answer through a private link: a rating of every component, and an optional comment. */
export interface AnswerInput {
  ratings: Array<{ componentId: number; rating: number }>;
  comment?: string | null;
}

const MAX_COMMENT = 4000;
const hashOf = (token: string) => crypto.createHash('sha256').update(token).digest('hex');

/**
 * 360 feedback for developing leaders. A leader opens a round against a framework and asks
 * raters from their real ties, each through a private link that answers once, without an
 * account. The answers keep no rater. The results (see `resultsOf`) are the leader's
 * development data: read by them and by whom they share their record with (through
 * `development.sightOf`, which audits such reads), and by no one else, administrators included.
 * Who was asked, and whether they answered, only the leader sees.
 */
export function createFeedback360Service({
  db,
  audit,
  development,
  notifications,
  minRespondents = FLOOR_RESPONDENTS,
  publicUrl = '',
}: {
  db: Db;
  audit: AuditService;
  development: DevelopmentService;
  notifications?: NotificationsService;
  minRespondents?: number;
  publicUrl?: string;
}) {
  if (!Number.isInteger(minRespondents) || minRespondents < FLOOR_RESPONDENTS)
    throw new Error(`The fewest respondents of a 360 group is at least ${FLOOR_RESPONDENTS}`);
  const repo = createFeedback360Repository(db);

  function personOf(actor: Actor | undefined): Actor {
    const signedIn = requireSignedIn(actor);
    if (signedIn.userId <= 0) throw new AppError('forbidden', '360 feedback belongs to a person signed in');
    return signedIn;
  }

  /** A round of the actor's own; to anyone else it does not exist. */
  async function own(actor: Actor | undefined, id: number): Promise<{ owner: Actor; round: Round }> {
    const owner = personOf(actor);
    const round = await repo.findRound(id);
    if (!round || round.ownerId !== owner.userId) throw notFound(`Feedback round ${id}`);
    return { owner, round };
  }

  function recorded<T>(
    actor: Actor | undefined,
    roundId: number | ((r: T) => number),
    write: (r: Feedback360Repository, trx: Db) => Promise<T>,
    action: string,
    detail: Record<string, unknown> = {},
  ): Promise<T> {
    return audit.recorded(
      actor,
      (trx) => write(createFeedback360Repository(trx), trx),
      (result) => ({
        action,
        entity: 'feedback-round',
        entityId: typeof roundId === 'function' ? roundId(result) : roundId,
        organisationIds: [],
        detail,
      }),
    );
  }

  const componentsOf = (f: Framework) =>
    f.domains.flatMap((d) =>
      d.components.map((c) => ({ id: c.id, name: c.name, description: c.description, domain: d.name })),
    );

  const viewRound = (round: Round, counts?: { invited: number; answered: number }) => ({
    id: round.id,
    title: round.title,
    frameworkId: round.frameworkId,
    openedOn: round.openedOn,
    closesOn: round.closesOn,
    closed: isClosed(round, todayIso()),
    invited: counts?.invited ?? 0,
    answered: counts?.answered ?? 0,
  });

  const linkOf = (token: string) => `${publicUrl}/feedback/answer/${token}`;

  /** The thresholded results of a round, as every path shows them (none while it is open). */
  async function thresholded(round: Round, selfRatings: Map<number, number>): Promise<Results | null> {
    if (!isClosed(round, todayIso())) return null;
    const framework = await development.framework({ ...SYSTEM, userId: round.ownerId }, round.frameworkId);
    return resultsOf(
      {
        components: componentsOf(framework),
        scale: framework.scale,
        responses: await repo.responsesOf(round.id),
        selfRatings,
      },
      minRespondents,
    );
  }

  return {
    minRespondents,
    relationships: () => RELATIONSHIPS,

    /** The frameworks a round can be against. */
    frameworks: (actor: Actor | undefined) => development.frameworks(personOf(actor)),

    /** The actor's own rounds, newest first, with how many were asked and answered. */
    async list(actor: Actor | undefined) {
      const owner = personOf(actor);
      const rounds = await repo.roundsOf(owner.userId);
      const counts = await repo.countsOf(rounds.map((r) => r.id));
      return rounds.map((r) => viewRound(r, counts.get(r.id)));
    },

    /**
     * The rounds of the leaders who share their record with the actor, each leader's read
     * audited (through `sightOf`).
     */
    async sharedWithMe(actor: Actor | undefined) {
      const reader = personOf(actor);
      const out = [];
      for (const owner of await development.sharedWithMe(reader)) {
        await development.sightOf(reader, owner.ownerId, 'feedback-rounds');
        const rounds = await repo.roundsOf(owner.ownerId);
        const counts = await repo.countsOf(rounds.map((r) => r.id));
        out.push(...rounds.map((r) => ({ ...viewRound(r, counts.get(r.id)), ownerName: owner.name })));
      }
      return out;
    },

    /** Opens a round of the actor's own against a framework, closing on a day to come. */
    async start(actor: Actor | undefined, input: RoundInput) {
      const owner = personOf(actor);
      const framework = await development.framework(owner, input.frameworkId);
      const today = todayIso();
      if (input.closesOn < today)
        throw new AppError('validation', 'A round cannot close before today', [
          { field: 'closesOn', message: 'The closing date must be today or later' },
        ]);
      const title = (input.title ?? '').trim() || `360 feedback: ${framework.name}`;
      const id = await recorded(
        owner,
        (id: number) => id,
        (r) =>
          r.insertRound({
            ownerId: owner.userId,
            frameworkId: framework.id,
            title,
            openedOn: today,
            closesOn: input.closesOn,
          }),
        'create',
        { frameworkId: framework.id },
      );
      return viewRound((await repo.findRound(id))!);
    },

    /** One round of the actor's own, with its framework. */
    async get(actor: Actor | undefined, id: number) {
      const { round } = await own(actor, id);
      const counts = await repo.countsOf([id]);
      return viewRound(round, counts.get(id));
    },

    /** Who the owner asked and whether they answered (never what): the owner only. */
    async raters(actor: Actor | undefined, id: number) {
      await own(actor, id);
      return (await repo.ratersOf(id)).map((r) => ({
        id: r.id,
        name: r.name,
        email: r.email,
        relationship: r.relationship,
        relationshipLabel: relationshipLabel(r.relationship),
        invitedAt: r.invitedAt,
        answered: r.respondedAt !== null,
      }));
    },

    /** People of the owner's real ties they could ask, leaving out those already asked in this round. */
    async suggestions(actor: Actor | undefined, id: number) {
      const { owner } = await own(actor, id);
      const asked = new Set((await repo.ratersOf(id)).map((r) => r.email));
      return (await repo.suggestionsFor(owner.userId, todayIso()))
        .filter((s) => !asked.has(s.email))
        .map((s) => ({ ...s, relationshipLabel: relationshipLabel(s.relationship) }));
    },

    /**
     * Asks raters for feedback in an open round of the actor's own: each gets a private link,
     * emailed where email is on and given back here once (only its hash is kept).
     */
    async invite(actor: Actor | undefined, id: number, raters: RaterInput[]) {
      const { owner, round } = await own(actor, id);
      if (isClosed(round, todayIso()))
        throw new AppError('conflict', 'This round has closed: start a new round to ask more people');
      if (!raters.length)
        throw new AppError('validation', 'Choose or type at least one person to ask', [
          { field: 'raters', message: 'Tick a suggested person, or type the name and email address of someone to ask' },
        ]);
      const me = await repo.account(owner.userId);
      const asked = new Set((await repo.ratersOf(id)).map((r) => r.email));
      const problems: Array<{ field: string; message: string }> = [];
      const seen = new Set<string>();
      const checked = raters.map((r, i) => {
        const email = normaliseEmail(r.email ?? '');
        const name = (r.name ?? '').trim();
        if (!name) problems.push({ field: `name`, message: `Enter the name of person ${i + 1}` });
        if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
          problems.push({
            field: 'email',
            message: `Enter an email address like name@school.org.uk for ${name || `person ${i + 1}`}`,
          });
        else if (email === me?.email)
          problems.push({ field: 'email', message: 'You cannot ask yourself: give someone else’s email address' });
        else if (asked.has(email) || seen.has(email))
          problems.push({ field: 'email', message: `${name || email} has been asked in this round already` });
        if (!RELATIONSHIPS.some((x) => x.value === r.relationship))
          problems.push({ field: 'relationship', message: `Choose how ${name || `person ${i + 1}`} works with you` });
        seen.add(email);
        return { name, email, relationship: r.relationship, personId: r.personId ?? null };
      });
      if (problems.length) throw new AppError('validation', 'Some of the people to ask need correcting', problems);
      const tokens = checked.map(() => crypto.randomBytes(24).toString('base64url'));
      const framework = await development.framework(owner, round.frameworkId);
      const made = await recorded(
        owner,
        id,
        async (r, trx) => {
          const rows = await r.insertRaters(
            id,
            checked.map((c, i) => ({ ...c, tokenHash: hashOf(tokens[i]!) })),
          );
          for (const [i, c] of checked.entries())
            await notifications?.emailAddress(
              {
                about: `feedback-rater:${rows.find((x) => x.email === c.email)!.id}`,
                to: c.email,
                subject: `${me?.name ?? 'A colleague'} asks for your feedback`,
                body:
                  `${me?.name ?? 'A colleague'} is asking people they work with for feedback on their leadership, against “${framework.name}”.\n\n` +
                  `Answer by ${round.closesOn} through your own private link (no account needed): ${linkOf(tokens[i]!)}\n\n` +
                  `Your answer is kept without your name: ${me?.name ?? 'they'} will see only figures for groups of at least ${minRespondents} people, and comments only pooled, never whose they are.`,
              },
              trx,
            );
          return rows;
        },
        'invite',
        { raters: checked.length },
      );
      return checked.map((c, i) => ({
        raterId: made.find((m) => m.email === c.email)!.id,
        name: c.name,
        email: c.email,
        relationship: c.relationship,
        link: linkOf(tokens[i]!),
        emailed: notifications?.emailOn() ?? false,
      }));
    },

    /** Closes a round of the actor's own: no more answers, and its results can be read. */
    async close(actor: Actor | undefined, id: number) {
      const { owner, round } = await own(actor, id);
      if (round.status === 'closed') return viewRound(round);
      await recorded(owner, id, (r) => r.closeRound(id), 'close');
      return viewRound((await repo.findRound(id))!);
    },

    /**
     * The results of a round, for its owner or someone they share their record with (that read
     * audited); none while it is open. To anyone else the round does not exist.
     */
    async results(actor: Actor | undefined, id: number) {
      const round = await repo.findRound(id);
      if (!round) throw notFound(`Feedback round ${id}`);
      let sight;
      try {
        sight = await development.sightOf(actor, round.ownerId, `feedback-round:${id}`);
      } catch (error) {
        if (error instanceof AppError && error.code === 'not_found') throw notFound(`Feedback round ${id}`);
        throw error;
      }
      const latest = (await development.assessments(actor, round.ownerId, round.frameworkId)).at(-1);
      const self = new Map((latest?.ratings ?? []).map((r) => [r.componentId, r.rating]));
      const counts = (await repo.countsOf([id])).get(id);
      const owner = await repo.account(round.ownerId);
      const framework = await development.framework(actor, round.frameworkId);
      return {
        round: viewRound(round, counts),
        owner: { userId: round.ownerId, name: owner?.name ?? '' },
        mine: sight.owner,
        framework: { id: framework.id, name: framework.name, scale: framework.scale },
        selfAssessedOn: latest?.assessedOn ?? null,
        results: await thresholded(round, self),
      };
    },

    /**
     * What a private link's page shows: the leader's name, the round, the framework's
     * components and scale, and nothing else; undefined for a link that is not valid.
     */
    async byToken(token: string) {
      const rater = await repo.raterByTokenHash(hashOf(token));
      if (!rater) return undefined;
      const round = (await repo.findRound(rater.roundId))!;
      const owner = await repo.account(round.ownerId);
      const framework = await development.framework({ ...SYSTEM, userId: round.ownerId }, round.frameworkId);
      return {
        ownerName: owner?.name ?? '',
        roundTitle: round.title,
        closesOn: round.closesOn,
        closed: isClosed(round, todayIso()),
        answered: rater.respondedAt !== null,
        relationshipLabel: relationshipLabel(rater.relationship),
        framework: {
          name: framework.name,
          scale: framework.scale,
          domains: framework.domains.map((d) => ({
            name: d.name,
            components: d.components.map((c) => ({ id: c.id, name: c.name, description: c.description })),
          })),
        },
      };
    },

    /**
     * An answer through a private link: once, while the round is open, each component rated on
     * the framework's scale. The answer is kept without the rater, who is marked answered in the
     * same transaction.
     */
    async answer(token: string, input: AnswerInput) {
      const rater = await repo.raterByTokenHash(hashOf(token));
      if (!rater) throw notFound('This feedback link');
      const round = (await repo.findRound(rater.roundId))!;
      if (isClosed(round, todayIso()))
        throw new AppError('conflict', 'This round of feedback has closed, so it no longer takes answers');
      if (rater.respondedAt) throw new AppError('conflict', 'Feedback has already been given through this link');
      const framework = await development.framework({ ...SYSTEM, userId: round.ownerId }, round.frameworkId);
      const values = new Set(framework.scale.map((s) => s.value));
      const components = componentsOf(framework);
      const problems: Array<{ field: string; message: string }> = [];
      const ratings = components.flatMap((c) => {
        const given = input.ratings.find((r) => r.componentId === c.id);
        if (!given || !values.has(given.rating)) {
          problems.push({ field: `rating-${c.id}`, message: `Choose a rating for “${c.name}”` });
          return [];
        }
        return [{ componentId: c.id, rating: given.rating }];
      });
      if (input.ratings.some((r) => !components.some((c) => c.id === r.componentId)))
        problems.push({ field: 'ratings', message: 'Rate only the components shown' });
      const comment = (input.comment ?? '').trim() || null;
      if (comment && comment.length > MAX_COMMENT)
        problems.push({ field: 'comment', message: `Keep your comment to ${MAX_COMMENT} characters or fewer` });
      if (problems.length) throw new AppError('validation', 'Some components are not rated yet', problems);
      await recorded(
        undefined,
        round.id,
        async (r) => {
          if (!(await r.markResponded(rater.id)))
            throw new AppError('conflict', 'Feedback has already been given through this link');
          await r.insertResponse(round.id, todayIso(), { relationship: rater.relationship, ratings, comment });
        },
        'answer',
      );
    },

    /**
     * What this module holds about an account, for a subject access request: their rounds with
     * the same thresholded results as their pages (never who answered what), and who they asked.
     */
    async personalData(userId: number) {
      const rounds = await repo.roundsOf(userId);
      const self = await development.assessments({ ...SYSTEM, userId }, userId);
      const out = [];
      for (const round of rounds) {
        const latest = self.filter((a) => a.frameworkId === round.frameworkId).at(-1);
        const selfRatings = new Map((latest?.ratings ?? []).map((r) => [r.componentId, r.rating]));
        const results = await thresholded(round, selfRatings);
        out.push({
          title: round.title,
          openedOn: round.openedOn,
          closesOn: round.closesOn,
          closed: isClosed(round, todayIso()),
          asked: (await repo.ratersOf(round.id)).map((r) => ({
            name: r.name,
            email: r.email,
            relationship: relationshipLabel(r.relationship),
            answered: r.respondedAt !== null,
          })),
          results,
        });
      }
      return { feedbackRounds: out };
    },

    /** The open rounds of the actor's own, for the home page. */
    async waiting(actor: Actor | undefined) {
      const owner = personOf(actor);
      const rounds = (await repo.roundsOf(owner.userId)).filter((r) => !isClosed(r, todayIso()));
      const counts = await repo.countsOf(rounds.map((r) => r.id));
      return rounds.map((r) => viewRound(r, counts.get(r.id)));
    },
  };
}

/** The account a leader's own reads are made as when no one is signed in (their export, a public link's page). */
const SYSTEM: Actor = {
  userId: 0,
  email: 'feedback360',
  name: 'Syslead',
  isAdmin: false,
  mustChangePassword: false,
  memberships: [],
};

export type Feedback360Service = ReturnType<typeof createFeedback360Service>;
