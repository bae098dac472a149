import type { Db } from '../../db/database.js';
import { raiseDataVersion } from '../../db/data-version.js';
import { toCsv } from '../../platform/csv/csv-writer.js';
import { AppError } from '../../platform/http/errors.js';
import type { Actor } from '../../platform/http/http-platform.js';
import { accountIdOf, requireSignedIn } from '../../platform/http/require-actor.js';
import { addToOutbox } from './audit.outbox.js';
import { createAuditRepository, type AuditEntry } from './audit.repository.js';

export interface AuditEvent {
  action: string;
  entity: string;
  entityId?: string | number | null;
  /** The organisations the entry is about: their leaders may read it. */
  organisationIds?: number[];
  detail?: Record<string, unknown>;
}

/** How long after a change the person who made it may undo it. */
export const UNDO_HOURS = 24;

/** The Undo button a page shows after a change that {@link AuditService.undoable} may allow undoing. */
export function undoButton(action: string, button: string, fields?: Record<string, string | number>) {
  return {
    action,
    button,
    fields,
    note: `You can undo this for ${UNDO_HOURS} hours, as long as nothing changes it again first.`,
  };
}

function led(actor: Actor): number[] {
  return actor.memberships.filter((m) => m.role === 'leader' || m.role === 'coordinator').map((m) => m.organisationId);
}

/**
 * The audit trail: every write, and every read of personal data, with who, what, when and
 * from where. Administrators read all of it; an organisation's leaders read what is about
 * their organisation.
 */
export function createAuditService({ db, onEvents }: { db: Db; onEvents?: () => void }) {
  const repo = createAuditRepository(db);

  /**
   * Records one event for an actor (the command line records as itself). Given the
   * transaction of the write it describes, the entry commits or rolls back with it.
   */
  async function record(actor: Actor | undefined, event: AuditEvent, within?: Db): Promise<void> {
    await (within ? createAuditRepository(within) : repo).insert({
      userId: actor ? accountIdOf(actor) : null,
      actor: actor ? `${actor.name} <${actor.email}>` : 'anonymous',
      ip: actor?.ip ?? null,
      action: event.action,
      entity: event.entity,
      entityId: event.entityId === undefined || event.entityId === null ? null : String(event.entityId),
      organisationIds: [...new Set(event.organisationIds ?? [])],
      detail: event.detail ?? {},
    });
  }

  return {
    record,

    /**
     * Runs a write and its audit entry in one transaction, raising the version of the data and
     * adding the event `<entity>.<action>` to the outbox that background jobs deliver to the
     * modules that handle it: all happen or none does. The actor's later reads are served at
     * least at the new version.
     */
    async recorded<T>(
      actor: Actor | undefined,
      write: (trx: Db) => Promise<T>,
      event: (result: T) => AuditEvent,
    ): Promise<T> {
      const { result, version } = await db.transaction().execute(async (trx) => {
        const result = await write(trx);
        const entry = event(result);
        await record(actor, entry, trx);
        await addToOutbox(trx, `${entry.entity}.${entry.action}`, {
          entity: entry.entity,
          entityId: entry.entityId === undefined || entry.entityId === null ? null : String(entry.entityId),
          organisationIds: [...new Set(entry.organisationIds ?? [])],
          userId: actor ? accountIdOf(actor) : null,
          detail: entry.detail ?? {},
        });
        return { result, version: await raiseDataVersion(trx) };
      });
      if (actor?.dataVersion !== undefined) actor.dataVersion = version;
      onEvents?.();
      return result;
    },

    /**
     * The one rule of undoing a change: it may be undone while it is still the latest recorded
     * change to its record, within {@link UNDO_HOURS} hours, by the person who made it or an
     * administrator. Gives the entry of the change (its detail holds what it replaced); the
     * service undoing it checks its own rights and what depends on the record, and records the undo.
     */
    async undoable(
      actor: Actor | undefined,
      change: { entity: string; entityId: number; action: string },
      within?: Db,
    ): Promise<AuditEntry> {
      const signedIn = requireSignedIn(actor);
      const entry = await (within ? createAuditRepository(within) : repo).latestAbout(
        change.entity,
        String(change.entityId),
      );
      if (!entry || entry.action !== change.action)
        throw new AppError('conflict', 'This can no longer be undone: it has been changed since');
      if (!signedIn.isAdmin && entry.userId !== accountIdOf(signedIn))
        throw new AppError('forbidden', 'Only the person who made this change, or an administrator, can undo it');
      if (Date.now() - entry.at.getTime() > UNDO_HOURS * 60 * 60 * 1000)
        throw new AppError(
          'conflict',
          `This can no longer be undone: a change can be undone for ${UNDO_HOURS} hours after it is made`,
        );
      return entry;
    },

    /**
     * Every entry about one record (a family's access report, say), oldest first, with those of
     * related entities whose detail names it; the caller has checked the reader's right.
     */
    about(entity: string, entityId: string | number, related?: { prefix: string; key: string }): Promise<AuditEntry[]> {
      return repo.about(entity, String(entityId), related);
    },

    /** The entries this actor may read, newest first (`limit` null for all, for export). */
    async list(actor: Actor | undefined, options: { limit: number | null; offset?: number }): Promise<AuditEntry[]> {
      const reader = requireSignedIn(actor);
      if (reader.isAdmin) return repo.list(options);
      const organisations = led(reader);
      if (organisations.length === 0)
        throw new AppError(
          'forbidden',
          'Only administrators and the leaders of an organisation can read its audit trail',
        );
      return repo.list({ ...options, organisationIds: organisations });
    },
  };
}

export type AuditService = ReturnType<typeof createAuditService>;

/** The audit trail as CSV. */
export function auditCsv(entries: AuditEntry[]): string {
  const header = ['id', 'at', 'actor', 'ip', 'action', 'entity', 'entity_id', 'organisation_ids', 'detail'];
  return toCsv(
    header,
    entries.map((e) => [
      e.id,
      e.at,
      e.actor,
      e.ip,
      e.action,
      e.entity,
      e.entityId,
      e.organisationIds.join(' '),
      e.detail,
    ]),
  );
}
