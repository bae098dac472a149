import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { errorResponses } from '../../platform/http/api-schemas.js';
import { AppError } from '../../platform/http/errors.js';
import { errorsByField } from '../../platform/http/validate.js';
import type { NotificationsService } from './notifications.service.js';

const NotificationView = Type.Object({
  id: Type.Integer(),
  kind: Type.String(),
  title: Type.String(),
  body: Type.String(),
  link: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  read: Type.Boolean(),
});
const NotificationList = Type.Object({ unread: Type.Integer(), items: Type.Array(NotificationView) });
const ReadBody = Type.Object({
  ids: Type.Optional(Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 500 })),
  all: Type.Optional(Type.Boolean()),
});

const CHOICE_LABELS = { off: 'Not by email', instant: 'By email at once', daily: 'In one email each morning' };

/** Notifications: the list and marking them read (pages and API), and each person's email choices. */
export function registerNotificationsRoutes(app: FastifyInstance, notifications: NotificationsService) {
  app.get('/notifications', async (request, reply) => {
    const items = await notifications.list(request.actor);
    return reply.page('notifications/views/notifications.njk', {
      title: 'Notifications',
      items,
      unread: items.filter((n) => !n.readAt).length,
      emailOn: notifications.emailOn(),
    });
  });

  app.post('/notifications/read', async (request, reply) => {
    const form = (request.body ?? {}) as Record<string, unknown>;
    const id = Number(form.id);
    await notifications.markRead(request.actor, Number.isInteger(id) && id > 0 ? [id] : 'all');
    return reply.redirect('/notifications', 303);
  });

  app.get('/account/notifications', async (request, reply) =>
    reply.page('notifications/views/choices.njk', {
      ...(await choicesPage(request.actor)),
      saved: (request.query as Record<string, string>).saved === '1',
    }),
  );

  app.post('/account/notifications', async (request, reply) => {
    const form = { ...((request.body ?? {}) as Record<string, string>) };
    delete form._csrf;
    try {
      await notifications.setChoices(request.actor, form);
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'validation') throw error;
      const errors = errorsByField(error);
      return reply.page(
        'notifications/views/choices.njk',
        {
          ...(await choicesPage(request.actor, form)),
          errors,
          errorList: Object.entries(errors).map(([field, text]) => ({ text, href: `#${field}` })),
        },
        400,
      );
    }
    return reply.redirect('/account/notifications?saved=1', 303);
  });

  async function choicesPage(
    actor: Parameters<NotificationsService['choices']>[0],
    typed: Record<string, string> = {},
  ) {
    const choices = await notifications.choices(actor);
    return {
      title: 'How you hear of things',
      emailOn: notifications.emailOn(),
      kinds: choices.map((c) => ({
        ...c,
        items: Object.entries(CHOICE_LABELS).map(([value, text]) => ({
          value,
          text,
          checked: (typed[c.kind] ?? c.email) === value,
        })),
      })),
    };
  }

  app.get(
    '/api/v1/notifications',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Your notifications, newest first, and how many are unread',
        response: { 200: NotificationList, ...errorResponses },
      },
    },
    async (request) => {
      const items = await notifications.list(request.actor);
      return {
        unread: await notifications.unreadCount(request.actor),
        items: items.map((n) => ({
          id: Number(n.id),
          kind: n.kind,
          title: n.title,
          body: n.body,
          link: n.link,
          createdAt: n.createdAt.toISOString(),
          read: n.readAt !== null,
        })),
      };
    },
  );

  app.post<{ Body: { ids?: number[]; all?: boolean } }>(
    '/api/v1/notifications/read',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Marks notifications read: the ones named, or all of them',
        body: ReadBody,
        response: { 200: Type.Object({ marked: Type.Integer() }), ...errorResponses },
      },
    },
    async (request) => ({
      marked: await notifications.markRead(request.actor, request.body.all ? 'all' : (request.body.ids ?? [])),
    }),
  );
}
