import type { Db } from '../../db/database.js';
import { notFound, AppError } from '../../platform/http/errors.js';
import type { Actor } from '../../platform/http/http-platform.js';
import {
  canEditOrganisation,
  PARTNERSHIP_KINDS,
  staffOrganisations,
  type LandscapeService,
} from '../landscape/index.js';
import { mayConduct, maySee, type ForumReader, type Visibility } from './governance.domain.js';

export interface ForumRecord {
  id: number;
  name: string;
  partnershipId: number;
  kind: string;
  purpose: string;
  feedsId: number | null;
  visibility: Visibility;
}

/**
 * Who is who to a forum and a partnership, for every part of the module: each read and write asks
 * here, and the rule itself is `maySee` / `mayConduct` of the domain.
 */
export function createGovernanceAccess({ db, landscape }: { db: Db; landscape: LandscapeService }) {
  /** Whether the actor works at the partnership or one of its member organisations today. */
  async function inPartnership(actor: Actor | undefined, partnershipId: number): Promise<boolean> {
    if (!actor) return false;
    const staff = staffOrganisations(actor);
    if (staff.includes(partnershipId)) return true;
    return staff.length > 0 && (await landscape.partnershipsOf(staff)).includes(partnershipId);
  }

  async function readerOf(
    actor: Actor | undefined,
    forum: { id: number; partnershipId: number },
  ): Promise<ForumReader> {
    return {
      signedIn: actor !== undefined,
      isAdmin: actor?.isAdmin ?? false,
      inForum: actor?.memberships.some((m) => m.organisationId === forum.id) ?? false,
      leadsForum: actor !== undefined && !actor.isAdmin && canEditOrganisation(actor, forum.id),
      inPartnership: await inPartnership(actor, forum.partnershipId),
      leadsPartnership: actor !== undefined && !actor.isAdmin && canEditOrganisation(actor, forum.partnershipId),
    };
  }

  async function findForum(id: number): Promise<ForumRecord | undefined> {
    const row = await db
      .selectFrom('forums as f')
      .innerJoin('organisations as o', 'o.id', 'f.organisation_id')
      .select(['f.organisation_id as id', 'o.name', 'f.partnership_id as partnershipId', 'f.kind', 'f.purpose'])
      .select(['f.feeds_id as feedsId', 'f.visibility'])
      .where('f.organisation_id', '=', id)
      .executeTakeFirst();
    return row;
  }

  return {
    readerOf,
    inPartnership,
    /** A forum the actor may see (to anyone else it does not exist), with what they are to it. */
    async forum(actor: Actor | undefined, id: number): Promise<{ forum: ForumRecord; reader: ForumReader }> {
      const forum = await findForum(id);
      if (!forum) throw notFound('This forum');
      const reader = await readerOf(actor, forum);
      if (!maySee(forum.visibility, reader)) throw notFound('This forum');
      return { forum, reader };
    },
    /** As `forum`, for a write only the forum's leads (or the partnership's) may make. */
    async conducting(actor: Actor | undefined, id: number): Promise<{ forum: ForumRecord; reader: ForumReader }> {
      const found = await this.forum(actor, id);
      if (!mayConduct(found.reader))
        throw new AppError(
          'forbidden',
          'Only the chair or clerk of this forum, or a leader of its partnership, may do this',
        );
      return found;
    },
    /** A partnership the actor works in (to anyone else it does not exist), and whether they lead it. */
    async partnership(actor: Actor | undefined, partnershipId: number) {
      const organisation = actor
        ? await landscape.getOrganisation(actor, partnershipId).catch(() => undefined)
        : undefined;
      if (!organisation || !PARTNERSHIP_KINDS.has(organisation.kind)) throw notFound('This partnership');
      const member = await inPartnership(actor, partnershipId);
      if (!member && !actor?.isAdmin) throw notFound('This partnership');
      return {
        partnership: { id: organisation.id, name: organisation.name, kind: organisation.kind },
        leads: canEditOrganisation(actor, partnershipId),
      };
    },
  };
}

export type GovernanceAccess = ReturnType<typeof createGovernanceAccess>;
