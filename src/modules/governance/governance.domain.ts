/**
 * The vocabulary of governing together, and the one rule of who sees a forum's business. The five
 * outcomes are those of Every Child Matters, as "Every Child Matters: system leadership in local
 * systems" frames a local system's shared vision; forums of pupils, parents and the community feed
 * its governance, and an advisory board's members are elected by their peers and advise and
 * challenge those who decide ("What does system leadership look like … in 2023?", F.3).
 */

/** The five Every Child Matters outcomes a partnership's framework starts from. */
export const EVERY_CHILD_MATTERS = [
  { title: 'Be healthy', description: 'Children enjoy good physical and mental health and live a healthy life.' },
  {
    title: 'Stay safe',
    description: 'Children are protected from harm and neglect, and grow up able to look after themselves.',
  },
  {
    title: 'Enjoy and achieve',
    description: 'Children go to school, take part, and get the most out of life and learning.',
  },
  {
    title: 'Make a positive contribution',
    description:
      'Children take part in their communities, are heard in what affects them, and act well towards others.',
  },
  {
    title: 'Achieve economic well-being',
    description: 'Children are not held back by poverty and leave education ready for work, training or further study.',
  },
] as const;

export const FORUM_KINDS = {
  'partnership-board': 'Partnership board',
  pupil: 'Pupil forum',
  parent: 'Parent forum',
  community: 'Community forum',
  advisory: 'Advisory board',
  'trust-board': 'Trust board',
  'governing-body': 'Governing body',
  other: 'Other forum',
} as const;
export type ForumKind = keyof typeof FORUM_KINDS;

/** Who may read a forum, or one paper of it: anyone, the partnership's people, or the forum's own members. */
export const VISIBILITIES = {
  public: 'Anyone, without signing in',
  partnership: 'People of the partnership and its organisations',
  forum: 'Members of the forum only',
} as const;
export type Visibility = keyof typeof VISIBILITIES;

const WIDTH: Record<Visibility, number> = { forum: 0, partnership: 1, public: 2 };

/** A paper is seen no more widely than its forum: the narrower of the two. */
export function narrower(a: Visibility, b: Visibility): Visibility {
  return WIDTH[a] <= WIDTH[b] ? a : b;
}

/** What the service knows of a reader of one forum. */
export interface ForumReader {
  signedIn: boolean;
  isAdmin: boolean;
  /** Holds a membership of the forum's organisation. */
  inForum: boolean;
  /** Leads (chairs or clerks) the forum: leader or coordinator of its organisation. */
  leadsForum: boolean;
  /** Works at the partnership or at one of its member organisations today. */
  inPartnership: boolean;
  /** Leads or coordinates the partnership. */
  leadsPartnership: boolean;
}

/**
 * The rule of sight, the one place it is written: public business is read by anyone; partnership
 * business by the partnership's people, the forum's members and administrators; forum-only
 * business by the forum's members alone.
 */
export function maySee(visibility: Visibility, reader: ForumReader): boolean {
  if (visibility === 'public') return true;
  if (visibility === 'partnership') return reader.inForum || reader.inPartnership || reader.isAdmin;
  return reader.inForum;
}

/** Who records a forum's business (meetings, minutes, decisions, answers): its leads and the partnership's. */
export function mayConduct(reader: ForumReader): boolean {
  return reader.leadsForum || reader.leadsPartnership;
}
