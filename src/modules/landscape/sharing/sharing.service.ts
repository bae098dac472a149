import { notFound, type FieldProblem } from '../../../platform/http/errors.js';
import type { Actor } from '../../../platform/http/http-platform.js';
import { accountIdOf, requireSignedIn } from '../../../platform/http/require-actor.js';
import { isCurrent, todayIso } from '../landscape.domain.js';
import { PARTNERSHIP_KINDS } from '../landscape.policy.js';
import {
  endBeforeEnding,
  endingDay,
  failIfProblems,
  requireOrganisationEditor,
  type PartContext,
} from '../landscape.shared.js';

/**
 * Sharing agreements: what an organisation shares with a partnership it belongs to, and what
 * the partnerships of some organisations are given by those agreements.
 */
export function createSharingPart({ audit, repo, audited }: PartContext) {
  /** A sharing agreement, to the leaders of the organisation that shares (and administrators). */
  async function editableAgreement(actor: Actor | undefined, id: number) {
    requireSignedIn(actor);
    const agreement = await repo.findAgreement(id);
    if (!agreement) throw notFound(`Sharing agreement ${id}`);
    requireOrganisationEditor(actor, agreement.organisationId);
    return agreement;
  }

  return {
    /** One sharing agreement, to the leaders of the organisation that shares (and administrators). */
    getSharingAgreement: editableAgreement,

    /** What an organisation shares with partnerships (its leaders and administrators). */
    async listSharingAgreements(actor: Actor | undefined, organisationId: number) {
      requireOrganisationEditor(actor, organisationId);
      return (await repo.listAgreements(organisationId)).map((a) => ({
        ...a,
        current: isCurrent(a.startDate, a.endDate, todayIso()),
      }));
    },

    /** Records that an organisation shares something with a partnership, from a day (today by default). */
    async createSharingAgreement(
      actor: Actor | undefined,
      input: { organisationId: number; partnershipId: number; what: string; detail?: string; startDate?: string },
    ) {
      const leader = requireOrganisationEditor(actor, input.organisationId);
      const problems: FieldProblem[] = [];
      const partnership = await repo.findOrganisation(input.partnershipId);
      if (!partnership || !PARTNERSHIP_KINDS.has(partnership.kind))
        problems.push({
          field: 'partnershipId',
          message: 'Choose a network, trust, federation or local authority to share with',
        });
      if (input.partnershipId === input.organisationId)
        problems.push({ field: 'partnershipId', message: 'Choose another organisation to share with' });
      if (!['contact-details', 'indicators'].includes(input.what))
        problems.push({ field: 'what', message: 'Choose what to share: contact details or indicators' });
      if (input.detail !== undefined && !['all', 'summary'].includes(input.detail))
        problems.push({ field: 'detail', message: 'Choose whether to share everything or a summary' });
      failIfProblems(problems);
      const values = {
        ...input,
        detail: input.detail ?? 'all',
        startDate: input.startDate ?? todayIso(),
        createdBy: accountIdOf(leader),
      };
      return audited(
        actor,
        (r) => r.insertAgreement(values),
        (id) => ({
          action: 'create',
          entity: 'sharing-agreement',
          entityId: id,
          organisationIds: [input.organisationId, input.partnershipId],
          detail: { what: input.what, detail: values.detail },
        }),
      );
    },

    /** Ends a sharing agreement today; the record stays. */
    async endSharingAgreement(actor: Actor | undefined, id: number) {
      const agreement = await editableAgreement(actor, id);
      const endDate = endingDay(agreement.startDate);
      // Already ended: nothing to do (ending again would lengthen it).
      if (agreement.endDate !== null && agreement.endDate <= endDate) return agreement.organisationId;
      await audited(
        actor,
        (r) => r.setAgreementEnd(id, endDate),
        () => ({
          action: 'end',
          entity: 'sharing-agreement',
          entityId: id,
          organisationIds: [agreement.organisationId, agreement.partnershipId],
          detail: { endDate, before: agreement.endDate },
        }),
      );
      return agreement.organisationId;
    },

    /** Undoes ending a sharing agreement (see `endBeforeEnding`): the partnership is given it again. */
    async restoreSharingAgreement(actor: Actor | undefined, id: number) {
      const agreement = await editableAgreement(actor, id);
      const endDate = await endBeforeEnding(audit, actor, {
        entity: 'sharing-agreement',
        id,
        endDate: agreement.endDate,
      });
      await audited(
        actor,
        (r) => r.setAgreementEnd(id, endDate),
        () => ({
          action: 'restore',
          entity: 'sharing-agreement',
          entityId: id,
          organisationIds: [agreement.organisationId, agreement.partnershipId],
          detail: { endDate },
        }),
      );
      return agreement.organisationId;
    },

    /** The partnerships (trusts, federations, networks) these organisations are members of today. */
    async partnershipsOf(organisationIds: number[]): Promise<number[]> {
      return organisationIds.length ? repo.partnershipsOf(organisationIds, todayIso()) : [];
    },

    /** The agreements in force today by which organisations share something (contact details, indicators) with any of these partnerships, each in full ('all') or as a summary. */
    async sharingWith(
      partnershipIds: number[],
      what: 'contact-details' | 'indicators',
    ): Promise<Array<{ organisationId: number; partnershipId: number; detail: string }>> {
      return partnershipIds.length ? repo.agreementsWith(partnershipIds, what, todayIso()) : [];
    },
  };
}
