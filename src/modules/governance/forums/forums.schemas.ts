import { Type, type Static, type TLiteral, type TUnion } from '@sinclair/typebox';
import { FORUM_KINDS, VISIBILITIES } from '../governance.domain.js';
import { nullable, IsoDate } from '../../../platform/http/api-schemas.js';

/** One of the codes of a vocabulary (its keys), typed as those codes. */
const codes = <K extends string>(values: Record<K, unknown>, title: string) =>
  Type.Union(
    Object.keys(values).map((code) => Type.Literal(code)),
    { title },
  ) as unknown as TUnion<TLiteral<K>[]>;

export const ForumKindCode = codes(FORUM_KINDS, 'Kind of forum');
export const VisibilityCode = codes(VISIBILITIES, 'Who may read it');
export const MEMBER_ROLES = {
  chair: 'Chair',
  'vice-chair': 'Vice-chair',
  member: 'Member',
  champion: 'Champion of collaboration',
} as const;
export const ELECTORATES = {
  peers: 'Elected by peers',
  partnership: 'The partnership’s organisations',
  pupils: 'Pupils',
  parents: 'Parents and carers',
  community: 'The community',
  members: 'The forum’s members',
} as const;
export const ATTENDANCE = { present: 'Present', apologies: 'Apologies', absent: 'Absent' } as const;
export const RESPONSES = { accepted: 'Accepted', partly: 'Partly accepted', declined: 'Declined' } as const;
export const ITEM_SOURCES = {
  'system-issue': 'System issues log',
  recommendation: 'Recommendation received',
  'decision-review': 'Decision due for review',
  escalation: 'Escalation',
  other: 'Other business',
} as const;

export const ForumBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200, title: 'Name' }),
    kind: ForumKindCode,
    purpose: Type.Optional(Type.String({ maxLength: 4000, title: 'Purpose' })),
    feedsId: Type.Optional(Type.Integer({ minimum: 1, title: 'The forum it feeds' })),
    visibility: VisibilityCode,
  },
  { additionalProperties: false },
);
export type ForumInput = Static<typeof ForumBody>;

export const ForumUpdateBody = Type.Object(
  {
    kind: Type.Optional(ForumKindCode),
    purpose: Type.Optional(Type.String({ maxLength: 4000, title: 'Purpose' })),
    feedsId: Type.Optional(nullable(Type.Integer({ minimum: 1, title: 'The forum it feeds' }))),
    visibility: Type.Optional(VisibilityCode),
  },
  { additionalProperties: false },
);
export type ForumUpdate = Static<typeof ForumUpdateBody>;

export const MemberBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200, title: 'Name' }),
    personId: Type.Optional(Type.Integer({ minimum: 1, title: 'Person in the landscape' })),
    representsId: Type.Optional(Type.Integer({ minimum: 1, title: 'The organisation they represent' })),
    role: codes(MEMBER_ROLES, 'Role'),
    termFrom: Type.String({ format: 'date', title: 'Term from' }),
    termTo: Type.Optional(Type.String({ format: 'date', title: 'Term to' })),
  },
  { additionalProperties: false },
);
export type MemberInput = Static<typeof MemberBody>;

export const MemberUpdateBody = Type.Object(
  {
    role: Type.Optional(codes(MEMBER_ROLES, 'Role')),
    termTo: Type.Optional(nullable(Type.String({ format: 'date', title: 'Term to' }))),
    leftOn: Type.Optional(nullable(Type.String({ format: 'date', title: 'Left on' }))),
  },
  { additionalProperties: false },
);
export type MemberUpdate = Static<typeof MemberUpdateBody>;

export const ElectionBody = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: 200, title: 'Title' }),
    seats: Type.Integer({ minimum: 1, maximum: 100, title: 'Seats' }),
    electorate: codes(ELECTORATES, 'Who elects'),
    electorateNote: Type.Optional(Type.String({ maxLength: 1000, title: 'About the electorate' })),
    opensOn: Type.String({ format: 'date', title: 'Opens on' }),
    closesOn: Type.String({ format: 'date', title: 'Closes on' }),
  },
  { additionalProperties: false },
);
export type ElectionInput = Static<typeof ElectionBody>;

export const CandidateBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200, title: 'Name' }),
    personId: Type.Optional(Type.Integer({ minimum: 1, title: 'Person in the landscape' })),
    organisationId: Type.Optional(Type.Integer({ minimum: 1, title: 'Their organisation' })),
    statement: Type.Optional(Type.String({ maxLength: 4000, title: 'Statement' })),
  },
  { additionalProperties: false },
);
export type CandidateInput = Static<typeof CandidateBody>;

export const VotesBody = Type.Object(
  {
    votes: Type.Array(
      Type.Object({ candidateId: Type.Integer({ minimum: 1 }), votes: Type.Integer({ minimum: 0, title: 'Votes' }) }),
      { minItems: 1 },
    ),
  },
  { additionalProperties: false },
);
export type VotesInput = Static<typeof VotesBody>;

export const CloseBody = Type.Object(
  {
    turnout: Type.Integer({ minimum: 0, title: 'Turnout' }),
    electedIds: Type.Optional(Type.Array(Type.Integer({ minimum: 1 }), { title: 'Elected' })),
  },
  { additionalProperties: false },
);
export type CloseInput = Static<typeof CloseBody>;

export const MeetingBody = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: 200, title: 'Title' }),
    heldOn: Type.String({ format: 'date', title: 'Date of the meeting' }),
  },
  { additionalProperties: false },
);
export type MeetingInput = Static<typeof MeetingBody>;

export const ItemBody = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: 300, title: 'Item' }),
    source: Type.Optional(codes(ITEM_SOURCES, 'Where it comes from')),
    refId: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);
export type ItemInput = Static<typeof ItemBody>;

export const PaperBody = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: 200, title: 'Title' }),
    body: Type.Optional(Type.String({ maxLength: 20000, title: 'Paper' })),
    visibility: VisibilityCode,
  },
  { additionalProperties: false },
);
export type PaperInput = Static<typeof PaperBody>;

export const AttendanceBody = Type.Object(
  {
    attendance: Type.Array(
      Type.Object({ memberId: Type.Integer({ minimum: 1 }), status: codes(ATTENDANCE, 'Attendance') }),
      { minItems: 1 },
    ),
  },
  { additionalProperties: false },
);
export type AttendanceInput = Static<typeof AttendanceBody>;

export const MinutesBody = Type.Object(
  { minutes: Type.String({ minLength: 1, maxLength: 50000, title: 'Minutes' }) },
  { additionalProperties: false },
);

export const RecommendationBody = Type.Object(
  {
    toForumId: Type.Integer({ minimum: 1, title: 'The forum it goes to' }),
    title: Type.String({ minLength: 1, maxLength: 200, title: 'Recommendation' }),
    body: Type.Optional(Type.String({ maxLength: 8000, title: 'Why, and what it asks' })),
    meetingId: Type.Optional(Type.Integer({ minimum: 1, title: 'The meeting it came from' })),
  },
  { additionalProperties: false },
);
export type RecommendationInput = Static<typeof RecommendationBody>;

export const AnswerBody = Type.Object(
  {
    response: codes(RESPONSES, 'Answer'),
    answer: Type.String({ minLength: 1, maxLength: 8000, title: 'What the forum says' }),
  },
  { additionalProperties: false },
);
export type AnswerInput = Static<typeof AnswerBody>;

// Views.

const ForumView = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  partnershipId: Type.Integer(),
  kind: Type.String(),
  purpose: Type.String(),
  feedsId: nullable(Type.Integer({ description: 'The forum it makes recommendations to' })),
  visibility: Type.String(),
});
const MemberView = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  personId: nullable(Type.Integer()),
  representsId: nullable(Type.Integer()),
  representsName: nullable(Type.String()),
  role: Type.String(),
  termFrom: IsoDate,
  termTo: nullable(IsoDate),
  leftOn: nullable(IsoDate),
  electionId: nullable(Type.Integer()),
});
const MeetingSummary = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  heldOn: IsoDate,
  status: Type.String(),
});
const RecommendationView = Type.Object({
  id: Type.Integer(),
  fromForumId: Type.Integer(),
  fromForumName: Type.String(),
  toForumId: Type.Integer(),
  toForumName: Type.String(),
  meetingId: nullable(Type.Integer()),
  title: Type.String(),
  body: Type.String(),
  madeOn: IsoDate,
  response: nullable(Type.String()),
  answer: nullable(Type.String()),
  answeredOn: nullable(IsoDate),
});
const ElectionSummary = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  seats: Type.Integer(),
  electorate: Type.String(),
  electorateNote: Type.String(),
  opensOn: IsoDate,
  closesOn: IsoDate,
  closed: Type.Boolean(),
  turnout: nullable(Type.Integer()),
});

export const ForumsView = Type.Object({
  partnership: Type.Object({ id: Type.Integer(), name: Type.String(), kind: Type.String() }),
  leads: Type.Boolean({ description: 'Whether you lead the partnership (and may make forums)' }),
  forums: Type.Array(ForumView),
});

export const ForumPageView = Type.Object({
  forum: ForumView,
  feeds: nullable(Type.Object({ id: Type.Integer(), name: Type.String() })),
  fedBy: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String() })),
  mayConduct: Type.Boolean(),
  members: nullable(Type.Array(MemberView, { description: 'The roster; null to readers outside the partnership' })),
  meetings: Type.Array(MeetingSummary),
  elections: Type.Array(ElectionSummary),
  made: Type.Array(RecommendationView),
  received: Type.Array(RecommendationView),
});

export const ElectionView = Type.Object({
  forum: ForumView,
  mayConduct: Type.Boolean(),
  election: ElectionSummary,
  candidates: Type.Array(
    Type.Object({
      id: Type.Integer(),
      name: Type.String(),
      personId: nullable(Type.Integer()),
      organisationId: nullable(Type.Integer()),
      statement: Type.String(),
      votes: nullable(Type.Integer()),
      elected: Type.Boolean(),
    }),
  ),
});

export const PaperView = Type.Object({
  id: Type.Integer(),
  meetingId: Type.Integer(),
  title: Type.String(),
  body: Type.String(),
  visibility: Type.String(),
});

export const MeetingView = Type.Object({
  forum: ForumView,
  mayConduct: Type.Boolean(),
  meeting: Type.Object({
    id: Type.Integer(),
    title: Type.String(),
    heldOn: IsoDate,
    status: Type.String(),
    minutes: nullable(Type.String()),
  }),
  items: Type.Array(
    Type.Object({ id: Type.Integer(), position: Type.Integer(), title: Type.String(), source: Type.String() }),
  ),
  papers: Type.Array(PaperView),
  attendance: nullable(
    Type.Array(Type.Object({ memberId: Type.Integer(), name: Type.String(), status: nullable(Type.String()) })),
  ),
});

export const PaperDetailView = Type.Object({ forum: ForumView, meeting: MeetingSummary, paper: PaperView });

export const RecommendationDetailView = Type.Object({
  recommendation: RecommendationView,
  mayAnswer: Type.Boolean(),
});
