/** The rules of a forum's business that need nothing but their facts. */

/**
 * Who an election elects when its lead does not say: the candidates with most votes, one for each
 * seat. A tie for the last seat is not settled by chance here: `tied` says the lead must choose.
 */
export function electedByVotes(
  candidates: Array<{ id: number; votes: number | null }>,
  seats: number,
): { elected: number[]; tied: boolean } {
  const counted = candidates.filter((c) => c.votes !== null).sort((a, b) => b.votes! - a.votes!);
  const elected = counted.slice(0, seats);
  const last = elected.at(-1);
  const tied = last !== undefined && counted.length > seats && counted[seats]!.votes === last.votes;
  return { elected: elected.map((c) => c.id), tied };
}
