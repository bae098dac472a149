/** What mentoring tells people: a proposal to answer, a proposal agreed, a relation ended (never its notes). */
import type { DeliveredEvent, NotificationKind, ServiceMap } from '../definition.js';

/** The other side of the relation from the person who took the step, with the relation's names. */
async function otherSide(services: ServiceMap, event: DeliveredEvent) {
  const id = Number(event.payload.entityId);
  const notice = await services.mentoring.notice(id);
  if (!notice) return undefined;
  const byMentee = event.payload.userId === notice.menteeId;
  return {
    id,
    notice,
    to: byMentee ? notice.mentorId : notice.menteeId,
    by: byMentee ? notice.menteeName : notice.mentorName,
    byMentee,
  };
}

/** For the mentee told of an end they did not choose: a reminder that their record is still shared, if it is. */
async function stillShared(
  services: ServiceMap,
  side: NonNullable<Awaited<ReturnType<typeof otherSide>>>,
): Promise<string> {
  if (side.byMentee || !(await services.development.isShared(side.notice.menteeId, side.notice.mentorId))) return '';
  return ` You still let ${side.notice.mentorName} read your development record: you can stop sharing it on the relation's page.`;
}

export const mentoringNotifications: Record<string, NotificationKind> = {
  'mentoring-proposed': {
    label: 'When someone asks you to mentor them, or offers to mentor you',
    defaultEmail: 'instant',
    event: 'mentoring-relation.propose',
    async compose(services, event) {
      const side = await otherSide(services, event);
      // Answered or gone before the event was delivered: nothing to tell.
      if (!side || side.notice.status !== 'proposed') return [];
      return [
        {
          userIds: [side.to],
          about: `mentoring-relation:${side.id}:proposed`,
          title: side.byMentee ? `${side.by} asks you to mentor them` : `${side.by} offers to mentor you`,
          body: `${side.by} has proposed a mentoring relation with you. Agree or decline it on its page.`,
          link: `/mentoring/${side.id}`,
        },
      ];
    },
  },
  'mentoring-agreed': {
    label: 'When a mentoring relation you proposed is agreed',
    defaultEmail: 'instant',
    event: 'mentoring-relation.agree',
    async compose(services, event) {
      const side = await otherSide(services, event);
      if (!side) return [];
      return [
        {
          userIds: [side.to],
          about: `mentoring-relation:${side.id}:agreed`,
          title: `${side.by} agreed to your mentoring proposal`,
          body: `${side.by} has agreed. Arrange your first meeting, and keep its notes on the relation's page: only the two of you can read them.`,
          link: `/mentoring/${side.id}`,
        },
      ];
    },
  },
  'mentoring-ended': {
    label: 'When a mentoring relation you are in ends',
    defaultEmail: 'off',
    event: 'mentoring-relation.end',
    async compose(services, event) {
      const side = await otherSide(services, event);
      if (!side) return [];
      const early = side.notice.status === 'ended-early';
      return [
        {
          userIds: [side.to],
          about: `mentoring-relation:${side.id}:ended`,
          title: early ? `${side.by} ended your mentoring early` : `${side.by} marked your mentoring as completed`,
          body:
            (early
              ? `${side.by} has ended the mentoring relation early. Its page says why.`
              : `${side.by} has marked the mentoring relation as completed.`) + (await stillShared(services, side)),
          link: `/mentoring/${side.id}`,
        },
      ];
    },
  },
  'mentoring-declined': {
    label: 'When a mentoring relation you proposed is declined',
    defaultEmail: 'off',
    event: 'mentoring-relation.decline',
    async compose(services, event) {
      const side = await otherSide(services, event);
      if (!side) return [];
      return [
        {
          userIds: [side.to],
          about: `mentoring-relation:${side.id}:declined`,
          title: `${side.by} declined your mentoring proposal`,
          body: `${side.by} has declined the proposal.${await stillShared(services, side)}`,
          link: `/mentoring/${side.id}`,
        },
      ];
    },
  },
};
