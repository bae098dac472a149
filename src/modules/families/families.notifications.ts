/**
 * What family work tells people. A notification (and its email) names a family by its
 * reference only, never a person of it: the page behind the link checks who may read it.
 */
import type { NotificationKind, ServiceMap } from '../definition.js';

const referralOf = (services: ServiceMap, id: string | null) => services.families.referralNotice(Number(id));

export const familiesNotifications: Record<string, NotificationKind> = {
  'family-referral-arrived': {
    label: 'When a family is referred to your agency',
    defaultEmail: 'instant',
    event: 'family-referral.send',
    async compose(services, event) {
      const r = await referralOf(services, event.payload.entityId);
      if (!r || r.status !== 'sent') return [];
      return [
        {
          userIds: (await services.notifications.leadersOf([r.toId])).map((l) => l.userId),
          about: `family-referral:${r.id}:sent`,
          title: `${r.fromName} refers family ${r.reference} to ${r.toName}`,
          body: `A referral waits for ${r.toName}'s answer within ${r.answerWithinDays} days. Open it to read what is asked, then accept or decline it.`,
          link: `/families/referrals/${r.id}`,
        },
      ];
    },
  },
  'family-referral-answered': {
    label: 'When an agency accepts or declines a referral of a family you lead for',
    defaultEmail: 'instant',
    event: 'family-referral.decline',
    async compose(services, event) {
      const r = await referralOf(services, event.payload.entityId);
      if (!r?.leadId) return [];
      return [
        {
          userIds: [r.leadId],
          about: `family-referral:${r.id}:declined`,
          title: `${r.toName} declined the referral of family ${r.reference}`,
          body: `${r.toName} declined the referral and gave a reason. Read it on the family's page and decide what next.`,
          link: `/families/${r.familyId}`,
        },
      ];
    },
  },
  'family-referral-accepted': {
    label: 'When an agency accepts a referral of a family you lead for',
    defaultEmail: 'daily',
    event: 'family-referral.accept',
    async compose(services, event) {
      const r = await referralOf(services, event.payload.entityId);
      if (!r?.leadId) return [];
      return [
        {
          userIds: [r.leadId],
          about: `family-referral:${r.id}:accepted`,
          title: `${r.toName} accepted the referral of family ${r.reference}`,
          body: `${r.toName} accepted the referral and has joined the team around the family.`,
          link: `/families/${r.familyId}`,
        },
      ];
    },
  },
  'family-referral-overdue': {
    label: 'When a referral of a family you lead for is unanswered past its agreed time',
    defaultEmail: 'instant',
  },
  'family-team-joined': {
    label: 'When you are added to the team around a family',
    defaultEmail: 'instant',
    event: 'family-member.join',
    async compose(services, event) {
      const notice = await services.families.memberNotice(Number(event.payload.entityId));
      if (!notice) return [];
      return [
        {
          userIds: [notice.userId],
          about: `family-member:${event.payload.entityId}:joined`,
          title: `You are in the team around family ${notice.reference}`,
          body: 'You have been added to the team around a family. Opening its record needs two-factor sign-in on your account.',
          link: `/families/${notice.familyId}`,
        },
      ];
    },
  },
  'family-review-waiting': {
    label:
      'When someone opens a family record by break-glass, or shares without consent, at an agency you are data protection lead for',
    defaultEmail: 'instant',
    event: 'family.break-glass',
    async compose(services, event) {
      const lead = await services.families.dataProtectionLeadOf(Number(event.payload.detail.organisationId));
      if (!lead) return [];
      return [
        {
          userIds: [lead],
          about: `family:${event.payload.entityId}:break-glass:${event.id}`,
          title: 'A family record was opened by break-glass',
          body: 'Someone outside a family’s team opened its record, giving a reason. Review it in your queue.',
          link: '/families/reviews',
        },
      ];
    },
  },
  'family-shared-without-consent': {
    label: 'When a family’s information is shared without consent at an agency you are data protection lead for',
    defaultEmail: 'instant',
    event: 'family-override.share-without-consent',
    async compose(services, event) {
      const lead = await services.families.dataProtectionLeadOf(Number(event.payload.detail.organisationId));
      if (!lead) return [];
      return [
        {
          userIds: [lead],
          about: `family-override:${event.payload.entityId}:shared`,
          title: 'A family’s information was shared without consent',
          body: 'A safeguarding lead shared a family’s information without consent, giving a reason. Review it in your queue.',
          link: '/families/reviews',
        },
      ];
    },
  },
};
