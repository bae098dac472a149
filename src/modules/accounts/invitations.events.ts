/** An invitation made is emailed to the person invited, once, where email is on. */
import type { DeliveredEvent, ServiceMap } from '../definition.js';

const ROLE_WORDS: Record<string, string> = {
  leader: 'a leader',
  coordinator: 'a coordinator',
  member: 'a member',
  viewer: 'a viewer',
};

export async function emailInvitation(services: ServiceMap, event: DeliveredEvent): Promise<void> {
  const id = Number(event.payload.entityId);
  const [invitation, link] = await Promise.all([
    services.accounts.invitation(id),
    services.accounts.invitationLink(id),
  ]);
  // Withdrawn (or used) before the email went: nothing to send.
  if (!invitation || !link) return;
  const who = invitation.invitedByName ?? 'Someone';
  const until = invitation.expiresAt.toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'long',
    timeZone: 'Europe/London',
  });
  await event.once((trx) =>
    services.notifications.emailAddress(
      {
        about: `invitation:${id}`,
        to: invitation.email,
        subject: `${who} invites you to join ${invitation.organisationName} in Syslead`,
        body:
          `${who} invites you to join ${invitation.organisationName} in Syslead as ${ROLE_WORDS[invitation.role] ?? invitation.role}.\n\n` +
          `Syslead is where the schools and services of a local system see how they are doing and help each other.\n\n` +
          `Accept the invitation by ${until}: ${link}\n\n` +
          'If you did not expect this, you can ignore it: nothing happens unless you accept.',
      },
      trx,
    ),
  );
}
