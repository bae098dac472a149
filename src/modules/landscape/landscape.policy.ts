/**
 * Who may change what in the landscape, and who may see personal data. Rights come from a
 * user's memberships: a platform administrator may do anything; a leader (or coordinator)
 * of an organisation may change it, its people and roles, and the ties it is an end of;
 * members and leaders may see the contact details of their organisation's people; viewers
 * see only what every signed-in user sees.
 */
import type { Actor } from '../../platform/http/http-platform.js';

const EDITING_ROLES = new Set(['leader', 'coordinator']);
const PERSONAL_DATA_ROLES = new Set(['leader', 'coordinator', 'member']);

function roleIn(actor: Actor, organisationId: number | null | undefined): string | undefined {
  if (organisationId === null || organisationId === undefined) return undefined;
  return actor.memberships.find((m) => m.organisationId === organisationId)?.role;
}

/** May change the organisation, add its people and roles, and tie it to others. */
export function canEditOrganisation(actor: Actor | undefined, organisationId: number | null | undefined): boolean {
  if (!actor) return false;
  return actor.isAdmin || EDITING_ROLES.has(roleIn(actor, organisationId) ?? '');
}

/** May change or end a tie: one of its ends must be the actor's to change. */
export function canEditTie(actor: Actor | undefined, fromId: number, toId: number): boolean {
  return canEditOrganisation(actor, fromId) || canEditOrganisation(actor, toId);
}

/**
 * May make a membership tie come into force at once: it grants access both ways, so only
 * someone who leads both sides (or an administrator) may; anyone else asks the other side.
 */
export function mayJoin(actor: Actor | undefined, memberId: number, partnershipId: number): boolean {
  return canEditOrganisation(actor, memberId) && canEditOrganisation(actor, partnershipId);
}

/**
 * May see a person's contact details (personal data beyond name and role): administrators,
 * members of the person's organisation, and members of a partnership that organisation shares
 * contact details with under a sharing agreement in force (`sharedWith`).
 */
export function canSeePersonalData(
  actor: Actor | undefined,
  person: { organisationId: number | null },
  sharedWith: number[] = [],
): boolean {
  if (!actor) return false;
  if (actor.isAdmin || PERSONAL_DATA_ROLES.has(roleIn(actor, person.organisationId) ?? '')) return true;
  return sharedWith.some((partnershipId) => PERSONAL_DATA_ROLES.has(roleIn(actor, partnershipId) ?? ''));
}

/** The organisations the actor leads or coordinates (their memberships only, administrators included). */
export function ledOrganisationIds(actor: Actor): number[] {
  return actor.memberships.filter((m) => EDITING_ROLES.has(m.role)).map((m) => m.organisationId);
}

/** The organisations where the actor is staff (leader, coordinator or member), not only a viewer. */
export function staffOrganisations(actor: Actor): number[] {
  return actor.memberships.filter((m) => PERSONAL_DATA_ROLES.has(m.role)).map((m) => m.organisationId);
}

/** Kinds of organisation that another can share with: the groups of the local system. */
export const PARTNERSHIP_KINDS = new Set(['network', 'academy-trust', 'federation', 'local-authority']);
