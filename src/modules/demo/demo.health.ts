import type { Actor } from '../../platform/http/http-platform.js';
import type { HealthService } from '../health/index.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY_MS).toISOString().slice(0, 10);

/**
 * The health of the demo's trust and borough: a snapshot of eight weeks ago (worked out from the
 * dated records as they stood that day, as a new installation would have no history), one of
 * today, and the officer's note on the borough's trend, so the view can compare two days at once.
 */
export async function loadDemoHealth(
  { health }: { health: HealthService },
  actor: Actor,
  { officer, boroughId, trustId }: { officer: Actor; boroughId: number; trustId: number },
): Promise<void> {
  for (const ref of [`org:${trustId}`, `org:${boroughId}`])
    for (const day of [daysAgo(56), daysAgo(0)]) await health.takeSnapshot(actor, { ref, day });
  await health.annotate(officer, `org:${boroughId}`, {
    notedOn: daysAgo(50),
    text: 'The partnership board took its first decision on attendance',
  });
}
