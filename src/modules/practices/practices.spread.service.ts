/**
 * A practice's spread as a reader sees it: the practice through the practices service (which
 * decides whether the actor may see it, and answers not-found otherwise), the adopting schools
 * through the landscape (their wider system, local authority, trust and place on the map), and
 * the pure workings of practices.spread.ts over both. Also a partnership's practices that
 * spread or stayed, for the partnership's own staff.
 */
import { AppError } from '../../platform/http/errors.js';
import type { Actor } from '../../platform/http/http-platform.js';
import { requireSignedIn } from '../../platform/http/require-actor.js';
import {
  organisationKey,
  PARTNERSHIP_KINDS,
  staffOrganisations,
  systemOfKind,
  todayIso,
  type LandscapeService,
} from '../landscape/index.js';
import { mapData } from '../network/index.js';
import {
  adoptionTree,
  partnershipSpread,
  reach,
  spreadSpeed,
  type Adopter,
  type SpreadAdoption,
} from './practices.spread.js';

/** What the spread asks of the practices service. */
export interface PracticesReader {
  get(
    actor: Actor | undefined,
    id: number,
  ): Promise<{
    id: number;
    title: string;
    organisationId: number;
    organisationName: string;
    createdAt: Date;
    adoptions: SpreadAdoption[];
    /** How the schools' trials came out: kept, adapted, stopped, and still running. */
    trials: { keep: number; adapt: number; stop: number; running: number };
  }>;
  /** The practices the reader may see, owned or taken up by these organisations. */
  list(
    actor: Actor | undefined,
    filters: { triedBy?: number[] },
    page: { limit?: number },
  ): Promise<{ items: Array<{ id: number; title: string; organisationId: number; organisationName: string }> }>;
  /** The adoptions, of practices the reader may see, whose school or practice's owner is among these. */
  adoptionsAmong(
    actor: Actor | undefined,
    organisationIds: number[],
  ): Promise<Array<{ practiceId: number; ownerId: number; organisationId: number }>>;
}

/** The most practices a partnership's page reads. */
const MOST_PRACTICES = 1000;

type Organisation = Awaited<ReturnType<LandscapeService['getOrganisation']>>;

/** An organisation of the spread, with what it is counted and drawn by. */
export interface SpreadSchool {
  id: number;
  key: string;
  name: string;
  kind: string;
  widerSystem: string;
  localAuthorityName: string | null;
  trustName: string | null;
  latitude: number | null;
  longitude: number | null;
}

export function createSpreadService({
  practices,
  landscape,
}: {
  practices: PracticesReader;
  landscape: LandscapeService;
}) {
  /** An organisation and the academy trust it is a member of today (if any). */
  async function withTrust(
    actor: Actor,
    id: number,
  ): Promise<{ organisation: Organisation; trust: Organisation | null }> {
    const organisation = await landscape.getOrganisation(actor, id);
    const groups = await Promise.all(
      (await landscape.partnershipsOf([id])).map((groupId) => landscape.getOrganisation(actor, groupId)),
    );
    const trust = groups.filter((g) => g.kind === 'academy-trust').sort((a, b) => a.id - b.id)[0] ?? null;
    return { organisation, trust };
  }

  return {
    /** A practice's adoption tree, speed, reach and trials, and its schools; not-found for a practice the actor may not see. */
    async spread(actor: Actor | undefined, practiceId: number) {
      const signedIn = requireSignedIn(actor);
      const practice = await practices.get(signedIn, practiceId);
      const createdOn = practice.createdAt.toISOString().slice(0, 10);
      const input = { ...practice, createdOn };
      const ids = [...new Set([practice.organisationId, ...practice.adoptions.map((a) => a.organisationId)])];
      const found = new Map(await Promise.all(ids.map(async (id) => [id, await withTrust(signedIn, id)] as const)));
      const schools: SpreadSchool[] = ids.map((id) => {
        const { organisation: o, trust } = found.get(id)!;
        return {
          id,
          key: organisationKey(o),
          name: o.name,
          kind: o.kind,
          widerSystem: systemOfKind(o.kind),
          localAuthorityName: o.localAuthorityName,
          trustName: trust?.name ?? null,
          latitude: o.latitude,
          longitude: o.longitude,
        };
      });
      const adopters: Adopter[] = practice.adoptions.map((a) => {
        const { organisation: o, trust } = found.get(a.organisationId)!;
        return {
          organisationId: o.id,
          widerSystem: systemOfKind(o.kind),
          localAuthorityId: o.localAuthorityId,
          localAuthorityName: o.localAuthorityName,
          trustId: trust?.id ?? null,
          trustName: trust?.name ?? null,
        };
      });
      const tree = adoptionTree(input);
      return {
        practice: {
          id: practice.id,
          title: practice.title,
          organisationId: practice.organisationId,
          organisationName: practice.organisationName,
          createdOn,
        },
        tree,
        speed: spreadSpeed(input, tree),
        reach: reach(adopters),
        trials: practice.trials,
        schools,
      };
    },

    /**
     * The spread drawn on the network map: the practice's schools placed where they are, an
     * edge from each adoption's parent school (or the owner) to the adopter, sized by its edges.
     */
    async map(actor: Actor | undefined, practiceId: number) {
      const { tree, schools, practice } = await this.spread(actor, practiceId);
      const organisationOf = new Map(tree.map((r) => [r.adoption.id, r.adoption.organisationId]));
      const edges = tree.map((r) => ({
        source: r.parentId === null ? practice.organisationId : organisationOf.get(r.parentId)!,
        target: r.adoption.organisationId,
        type: 'adoption',
      }));
      const degree = (id: number) => edges.filter((e) => e.source === id || e.target === id).length;
      return mapData(
        {
          asOf: todayIso(),
          nodes: schools.map((s) => ({ ...s, in_scope: true, degree: degree(s.id), betweenness: 0 })),
          edges,
        },
        'degree',
      );
    },

    /** The partnerships (trusts, federations, networks, local authorities) the actor is staff of. */
    async partnershipsToChoose(actor: Actor | undefined) {
      const signedIn = requireSignedIn(actor);
      const organisations = await Promise.all(
        staffOrganisations(signedIn).map((id) => landscape.getOrganisation(signedIn, id)),
      );
      return organisations.filter((o) => PARTNERSHIP_KINDS.has(o.kind)).map((o) => ({ id: o.id, name: o.name }));
    },

    /**
     * A partnership's practices (those its member schools wrote up, as far as the actor may see
     * them) that spread beyond their school and those that stayed in it. For the partnership's
     * staff and administrators only.
     */
    async partnership(actor: Actor | undefined, partnershipId: number) {
      const signedIn = requireSignedIn(actor);
      const partnership = await landscape.getOrganisation(signedIn, partnershipId);
      if (!PARTNERSHIP_KINDS.has(partnership.kind))
        throw new AppError(
          'validation',
          `${partnership.name} is not a partnership, trust, federation or local authority`,
          [{ field: 'partnership', message: 'Choose a partnership, trust, federation or local authority' }],
        );
      if (!signedIn.isAdmin && !staffOrganisations(signedIn).includes(partnershipId))
        throw new AppError('forbidden', `Only the staff of ${partnership.name} can see how its practices spread`);
      const members = [...new Set(await landscape.organisationAndMembers(signedIn, partnershipId))];
      const owned = (await practices.list(signedIn, { triedBy: members }, { limit: MOST_PRACTICES })).items.filter(
        (p) => members.includes(p.organisationId),
      );
      const adopters = new Map(owned.map((p) => [p.id, [] as number[]]));
      for (const a of await practices.adoptionsAmong(signedIn, members))
        adopters.get(a.practiceId)?.push(a.organisationId);
      return {
        partnership: { id: partnership.id, name: partnership.name },
        ...partnershipSpread(owned.map((p) => ({ ...p, adopterIds: adopters.get(p.id)! }))),
      };
    },
  };
}

export type SpreadService = ReturnType<typeof createSpreadService>;
