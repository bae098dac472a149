import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { notFound } from '../../../platform/http/errors.js';
import { errorResponses, IdParams, type IdRoute } from '../../../platform/http/api-schemas.js';
import { answerForm, parseForm } from '../../../platform/http/validate.js';
import { FORUM_KINDS, VISIBILITIES } from '../governance.domain.js';
import type { GovernanceService } from '../governance.service.js';
import {
  AnswerBody,
  ATTENDANCE,
  AttendanceBody,
  CandidateBody,
  CloseBody,
  ElectionBody,
  ELECTORATES,
  ElectionView,
  ForumBody,
  ForumPageView,
  ForumsView,
  ForumUpdateBody,
  ItemBody,
  ITEM_SOURCES,
  MeetingBody,
  MeetingView,
  MEMBER_ROLES,
  MemberBody,
  MemberUpdateBody,
  MinutesBody,
  PaperBody,
  PaperDetailView,
  RecommendationBody,
  RecommendationDetailView,
  RESPONSES,
  VotesBody,
} from './forums.schemas.js';

const Id = IdParams.properties.id;
const PartnershipParams = Type.Object({ partnershipId: Id });
type PartnershipRoute = { Params: Static<typeof PartnershipParams> };
const MemberParams = Type.Object({ id: Id, memberId: Id });
type MemberRoute = { Params: Static<typeof MemberParams> };
const Created = Type.Object({ id: Type.Integer() });
const Done = Type.Object({ ok: Type.Boolean() });

const VIEWS = 'governance/views/forums';
const items = (vocabulary: Record<string, string>, chosen?: string) =>
  Object.entries(vocabulary).map(([value, text]) => ({ value, text, selected: value === chosen }));
/** What a page needs to offer the choices of a vocabulary. */
const VOCABULARY = {
  kinds: FORUM_KINDS,
  visibilities: VISIBILITIES,
  roles: MEMBER_ROLES,
  electorates: ELECTORATES,
  attendanceNames: ATTENDANCE,
  responses: RESPONSES,
  sources: ITEM_SOURCES,
  kindItems: items(FORUM_KINDS),
  visibilityItems: items(VISIBILITIES),
  roleItems: items(MEMBER_ROLES, 'member'),
  electorateItems: items(ELECTORATES),
  responseItems: items(RESPONSES),
};
const SAVED: Record<string, string> = {
  forum: 'The forum has been made. It is an organisation in the landscape too: add its chair and clerk there.',
  member: 'The member has been added to the forum.',
  memberChanged: 'The member’s role and term have been saved.',
  election: 'The election has been opened.',
  candidate: 'The candidate has been added.',
  votes: 'The votes have been recorded.',
  closed: 'The election has closed: those elected are now members of the forum.',
  meeting: 'The meeting has been planned. Its agenda opens with the partnership’s system issues log.',
  item: 'The item has been added to the agenda.',
  paper: 'The paper has been added.',
  attendance: 'Attendance has been recorded.',
  minutes: 'The minutes have been saved.',
  recommended: 'The recommendation has been sent. The forum it went to has been told.',
  answered: 'Your answer has been recorded and the recommending forum has been told.',
};
const savedOf = (request: FastifyRequest) => SAVED[String((request.query as Record<string, unknown>)?.saved)];
const LABELS = {
  name: 'Name',
  kind: 'Kind of forum',
  purpose: 'Purpose',
  feedsId: 'The forum it feeds',
  visibility: 'Who may read it',
  role: 'Role',
  termFrom: 'Term from',
  termTo: 'Term to',
  title: 'Title',
  seats: 'Seats',
  electorate: 'Who elects',
  opensOn: 'Opens on',
  closesOn: 'Closes on',
  heldOn: 'Date of the meeting',
  turnout: 'Turnout',
  minutes: 'Minutes',
  response: 'Answer',
  answer: 'What the forum says',
  leftOn: 'Left on',
  body: 'Paper',
};
const form = <T extends Parameters<typeof parseForm>[0]>(schema: T, body: unknown) =>
  parseForm(schema, body, { labels: LABELS });
/** The fields `<prefix><id>` of a form (one per candidate or member), as id and value. */
const perRow = (body: unknown, prefix: string) =>
  Object.entries((body ?? {}) as Record<string, unknown>)
    .filter(([key, value]) => key.startsWith(prefix) && value !== '')
    .map(([key, value]) => ({ id: Number(key.slice(prefix.length)), value: String(value) }));

/** Forums: their pages (a public forum's readable without signing in), forms and API. */
export function registerForumsRoutes(app: FastifyInstance, governance: GovernanceService): void {
  const tags = ['governance'];

  // The API.
  app.get<PartnershipRoute>(
    '/api/v1/governance/partnerships/:partnershipId/forums',
    {
      schema: {
        tags,
        summary: 'A partnership’s forums you may see, and how they feed each other',
        params: PartnershipParams,
        response: { 200: ForumsView, ...errorResponses },
      },
    },
    (request) => governance.forumsOf(request.actor, request.params.partnershipId),
  );
  app.post<PartnershipRoute & { Body: Static<typeof ForumBody> }>(
    '/api/v1/governance/partnerships/:partnershipId/forums',
    {
      schema: {
        tags,
        summary: 'Make a forum of the partnership (its leaders): an organisation of kind forum, a member of it',
        params: PartnershipParams,
        body: ForumBody,
        response: { 201: Created, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send({ id: await governance.createForum(request.actor, request.params.partnershipId, request.body) }),
  );
  app.get<IdRoute>(
    '/api/v1/forums/:id',
    {
      schema: {
        tags,
        summary: 'A forum: purpose, members, meetings, elections and recommendations made and received',
        params: IdParams,
        response: { 200: ForumPageView, ...errorResponses },
      },
    },
    (request) => governance.forumPage(request.actor, request.params.id),
  );
  app.post<IdRoute & { Body: Static<typeof ForumUpdateBody> }>(
    '/api/v1/forums/:id',
    {
      schema: {
        tags,
        summary: 'Change a forum’s kind, purpose, the forum it feeds or who may read it (its leads)',
        params: IdParams,
        body: ForumUpdateBody,
        response: { 200: ForumPageView, ...errorResponses },
      },
    },
    async (request) => {
      await governance.updateForum(request.actor, request.params.id, request.body);
      return governance.forumPage(request.actor, request.params.id);
    },
  );

  /** A POST of the API that creates something of a forum, a meeting or an election, answering its id. */
  function create<B extends Parameters<typeof parseForm>[0]>(
    url: string,
    summary: string,
    body: B,
    act: (actor: FastifyRequest['actor'], id: number, input: Static<B>) => Promise<number>,
  ) {
    app.post<IdRoute & { Body: Static<B> }>(
      url,
      { schema: { tags, summary, params: IdParams, body, response: { 201: Created, ...errorResponses } } },
      async (request, reply) => reply.code(201).send({ id: await act(request.actor, request.params.id, request.body) }),
    );
  }
  /** A POST of the API that changes something, answering that it was done. */
  function change<B extends Parameters<typeof parseForm>[0]>(
    url: string,
    summary: string,
    body: B,
    act: (actor: FastifyRequest['actor'], id: number, input: Static<B>) => Promise<void>,
  ) {
    app.post<IdRoute & { Body: Static<B> }>(
      url,
      { schema: { tags, summary, params: IdParams, body, response: { 200: Done, ...errorResponses } } },
      async (request) => (await act(request.actor, request.params.id, request.body), { ok: true }),
    );
  }

  create('/api/v1/forums/:id/members', 'Add a member to a forum (its leads)', MemberBody, (a, id, b) =>
    governance.addForumMember(a, id, b),
  );
  app.post<MemberRoute & { Body: Static<typeof MemberUpdateBody> }>(
    '/api/v1/forums/:id/members/:memberId',
    {
      schema: {
        tags,
        summary: 'Change a member’s role or term, or record the day they left (the forum’s leads)',
        params: MemberParams,
        body: MemberUpdateBody,
        response: { 200: Done, ...errorResponses },
      },
    },
    async (request) => (
      await governance.updateForumMember(request.actor, request.params.id, request.params.memberId, request.body),
      { ok: true }
    ),
  );
  create('/api/v1/forums/:id/elections', 'Open an election to a forum (its leads)', ElectionBody, (a, id, b) =>
    governance.openElection(a, id, b),
  );
  app.get<IdRoute>(
    '/api/v1/forums/elections/:id',
    {
      schema: {
        tags,
        summary: 'An election with its candidates, votes and who was elected',
        params: IdParams,
        response: { 200: ElectionView, ...errorResponses },
      },
    },
    (request) => governance.election(request.actor, request.params.id),
  );
  create('/api/v1/forums/elections/:id/candidates', 'Add a candidate to an open election', CandidateBody, (a, id, b) =>
    governance.addCandidate(a, id, b),
  );
  change('/api/v1/forums/elections/:id/votes', 'Record the votes of an open election', VotesBody, (a, id, b) =>
    governance.recordVotes(a, id, b),
  );
  change(
    '/api/v1/forums/elections/:id/close',
    'Close an election: its turnout and who was elected, who join the forum; nothing of it changes after',
    CloseBody,
    (a, id, b) => governance.closeElection(a, id, b),
  );
  create(
    '/api/v1/forums/:id/meetings',
    'Plan a meeting; its agenda opens with the partnership’s system issues log',
    MeetingBody,
    (a, id, b) => governance.planMeeting(a, id, b),
  );
  app.get<IdRoute>(
    '/api/v1/forums/meetings/:id',
    {
      schema: {
        tags,
        summary: 'A meeting: agenda, the papers you may read, attendance and minutes once held',
        params: IdParams,
        response: { 200: MeetingView, ...errorResponses },
      },
    },
    (request) => governance.meeting(request.actor, request.params.id),
  );
  create('/api/v1/forums/meetings/:id/items', 'Add an item to a planned meeting’s agenda', ItemBody, (a, id, b) =>
    governance.addAgendaItem(a, id, b),
  );
  create(
    '/api/v1/forums/meetings/:id/papers',
    'Add a paper to a meeting (read no more widely than the forum)',
    PaperBody,
    (a, id, b) => governance.addPaper(a, id, b),
  );
  change(
    '/api/v1/forums/meetings/:id/attendance',
    'Record who was present, sent apologies or was absent',
    AttendanceBody,
    (a, id, b) => governance.recordAttendance(a, id, b),
  );
  change(
    '/api/v1/forums/meetings/:id/minutes',
    'Record a held meeting’s minutes (a new save replaces them)',
    MinutesBody,
    (a, id, b) => governance.recordMinutes(a, id, b.minutes),
  );
  app.get<IdRoute>(
    '/api/v1/forums/papers/:id',
    {
      schema: {
        tags,
        summary: 'A paper of a meeting, if you may read it',
        params: IdParams,
        response: { 200: PaperDetailView, ...errorResponses },
      },
    },
    (request) => governance.paper(request.actor, request.params.id),
  );
  create(
    '/api/v1/forums/:id/recommendations',
    'Recommend to the forum this forum feeds (its leads)',
    RecommendationBody,
    (a, id, b) => governance.recommend(a, id, b),
  );
  app.get<IdRoute>(
    '/api/v1/forums/recommendations/:id',
    {
      schema: {
        tags,
        summary: 'A recommendation and its answer',
        params: IdParams,
        response: { 200: RecommendationDetailView, ...errorResponses },
      },
    },
    (request) => governance.recommendation(request.actor, request.params.id),
  );
  change(
    '/api/v1/forums/recommendations/:id/answer',
    'Answer a recommendation (the leads of the forum it went to)',
    AnswerBody,
    (a, id, b) => governance.answerRecommendation(a, id, b),
  );

  // The pages.

  async function forumsPage(request: FastifyRequest<PartnershipRoute>, extra: Record<string, unknown> = {}) {
    const view = await governance.forumsOf(request.actor, request.params.partnershipId);
    const names = new Map(view.forums.map((f) => [f.id, f.name]));
    return {
      title: `Forums: ${view.partnership.name}`,
      ...view,
      ...VOCABULARY,
      feedsName: (id: number | null) => (id ? (names.get(id) ?? 'A forum you cannot see') : null),
      feedsItems: [{ value: '', text: 'None: it feeds no other forum' }].concat(
        view.forums.map((f) => ({ value: String(f.id), text: f.name })),
      ),
      saved: savedOf(request),
      ...extra,
    };
  }
  app.get<PartnershipRoute>(
    '/governance/:partnershipId/forums',
    { schema: { params: PartnershipParams } },
    async (request, reply) => reply.page(`${VIEWS}/forums.njk`, await forumsPage(request)),
  );
  app.post<PartnershipRoute>(
    '/governance/:partnershipId/forums',
    { schema: { params: PartnershipParams } },
    (request, reply) =>
      answerForm(request, reply, {
        template: `${VIEWS}/forums.njk`,
        page: (failed) => forumsPage(request, failed),
        act: async () =>
          `/forums/${await governance.createForum(request.actor, request.params.partnershipId, form(ForumBody, request.body))}?saved=forum`,
      }),
  );

  async function forumPage(request: FastifyRequest<IdRoute>, extra: Record<string, unknown> = {}) {
    const view = await governance.forumPage(request.actor, request.params.id);
    return {
      title: view.forum.name,
      ...view,
      ...VOCABULARY,
      current: view.members?.filter((m) => !m.leftOn) ?? [],
      past: view.members?.filter((m) => m.leftOn) ?? [],
      signedIn: request.actor !== undefined,
      saved: savedOf(request),
      ...extra,
    };
  }
  app.get<IdRoute>('/forums/:id', { schema: { params: IdParams }, config: { public: true } }, async (request, reply) =>
    reply.page(`${VIEWS}/forum.njk`, await forumPage(request)),
  );
  /** A form of a page: done, to the address `act` gives; a problem, the page again with what was typed. */
  const onPage = <R extends IdRoute | MemberRoute>(
    request: FastifyRequest<R>,
    reply: FastifyReply,
    template: string,
    page: (request: FastifyRequest<R>, failed: Record<string, unknown>) => Promise<Record<string, unknown>>,
    act: () => Promise<string>,
  ) => answerForm(request, reply, { template: `${VIEWS}/${template}`, page: (failed) => page(request, failed), act });

  app.post<IdRoute>('/forums/:id/members', { schema: { params: IdParams } }, (request, reply) =>
    onPage(request, reply, 'forum.njk', forumPage, async () => {
      await governance.addForumMember(request.actor, request.params.id, form(MemberBody, request.body));
      return `/forums/${request.params.id}?saved=member#members`;
    }),
  );
  async function memberPage(request: FastifyRequest<MemberRoute>, extra: Record<string, unknown> = {}) {
    const view = await governance.forumPage(request.actor, request.params.id);
    const member = view.mayConduct ? view.members?.find((m) => m.id === request.params.memberId) : undefined;
    if (!member) throw notFound('This member of the forum');
    return { title: `${member.name}: ${view.forum.name}`, forum: view.forum, member, ...VOCABULARY, ...extra };
  }
  app.get<MemberRoute>('/forums/:id/members/:memberId', { schema: { params: MemberParams } }, async (request, reply) =>
    reply.page(`${VIEWS}/member.njk`, await memberPage(request)),
  );
  app.post<MemberRoute>('/forums/:id/members/:memberId', { schema: { params: MemberParams } }, (request, reply) =>
    onPage(request, reply, 'member.njk', memberPage, async () => {
      await governance.updateForumMember(
        request.actor,
        request.params.id,
        request.params.memberId,
        parseForm(MemberUpdateBody, request.body, { labels: LABELS, emptyAsNull: true }),
      );
      return `/forums/${request.params.id}?saved=memberChanged#members`;
    }),
  );
  app.post<IdRoute>('/forums/:id/elections', { schema: { params: IdParams } }, (request, reply) =>
    onPage(
      request,
      reply,
      'forum.njk',
      forumPage,
      async () =>
        `/forums/elections/${await governance.openElection(request.actor, request.params.id, form(ElectionBody, request.body))}?saved=election`,
    ),
  );
  app.post<IdRoute>('/forums/:id/meetings', { schema: { params: IdParams } }, (request, reply) =>
    onPage(
      request,
      reply,
      'forum.njk',
      forumPage,
      async () =>
        `/forums/meetings/${await governance.planMeeting(request.actor, request.params.id, form(MeetingBody, request.body))}?saved=meeting`,
    ),
  );
  app.post<IdRoute>('/forums/:id/recommendations', { schema: { params: IdParams } }, (request, reply) =>
    onPage(
      request,
      reply,
      'forum.njk',
      forumPage,
      async () =>
        `/forums/recommendations/${await governance.recommend(request.actor, request.params.id, form(RecommendationBody, request.body))}?saved=recommended`,
    ),
  );
  app.get<IdRoute>('/forums/:id/members.csv', { schema: { params: IdParams } }, async (request, reply) => {
    const csv = await governance.forumMembersCsv(request.actor, request.params.id);
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="forum-${request.params.id}-members.csv"`)
      .send(csv);
  });

  async function electionPage(request: FastifyRequest<IdRoute>, extra: Record<string, unknown> = {}) {
    const view = await governance.election(request.actor, request.params.id);
    return { title: view.election.title, ...view, ...VOCABULARY, saved: savedOf(request), ...extra };
  }
  app.get<IdRoute>('/forums/elections/:id', { schema: { params: IdParams } }, async (request, reply) =>
    reply.page(`${VIEWS}/election.njk`, await electionPage(request)),
  );
  app.post<IdRoute>('/forums/elections/:id/candidates', { schema: { params: IdParams } }, (request, reply) =>
    onPage(request, reply, 'election.njk', electionPage, async () => {
      await governance.addCandidate(request.actor, request.params.id, form(CandidateBody, request.body));
      return `/forums/elections/${request.params.id}?saved=candidate`;
    }),
  );
  app.post<IdRoute>('/forums/elections/:id/votes', { schema: { params: IdParams } }, (request, reply) =>
    onPage(request, reply, 'election.njk', electionPage, async () => {
      const votes = perRow(request.body, 'votes-').map((v) => ({ candidateId: v.id, votes: v.value }));
      await governance.recordVotes(request.actor, request.params.id, form(VotesBody, { votes }));
      return `/forums/elections/${request.params.id}?saved=votes`;
    }),
  );
  app.post<IdRoute>('/forums/elections/:id/close', { schema: { params: IdParams } }, (request, reply) =>
    onPage(request, reply, 'election.njk', electionPage, async () => {
      const { electedIds, ...rest } = (request.body ?? {}) as Record<string, unknown>;
      const ticked = [electedIds].flat().filter((v) => v !== undefined && v !== '');
      const input = form(CloseBody, { ...rest, ...(ticked.length ? { electedIds: ticked } : {}) });
      await governance.closeElection(request.actor, request.params.id, input);
      return `/forums/elections/${request.params.id}?saved=closed`;
    }),
  );

  async function meetingPage(request: FastifyRequest<IdRoute>, extra: Record<string, unknown> = {}) {
    const view = await governance.meeting(request.actor, request.params.id);
    return {
      title: `${view.meeting.title}: ${view.forum.name}`,
      ...view,
      ...VOCABULARY,
      saved: savedOf(request),
      ...extra,
    };
  }
  app.get<IdRoute>(
    '/forums/meetings/:id',
    { schema: { params: IdParams }, config: { public: true } },
    async (request, reply) => reply.page(`${VIEWS}/meeting.njk`, await meetingPage(request)),
  );
  const meetingForm = (path: string, saved: string, act: (request: FastifyRequest<IdRoute>) => Promise<unknown>) =>
    app.post<IdRoute>(`/forums/meetings/:id/${path}`, { schema: { params: IdParams } }, (request, reply) =>
      onPage(request, reply, 'meeting.njk', meetingPage, async () => {
        await act(request);
        return `/forums/meetings/${request.params.id}?saved=${saved}#${path}`;
      }),
    );
  meetingForm('items', 'item', (request) =>
    governance.addAgendaItem(request.actor, request.params.id, form(ItemBody, request.body)),
  );
  meetingForm('papers', 'paper', (request) =>
    governance.addPaper(request.actor, request.params.id, form(PaperBody, request.body)),
  );
  meetingForm('attendance', 'attendance', (request) => {
    const attendance = perRow(request.body, 'status-').map((a) => ({ memberId: a.id, status: a.value }));
    return governance.recordAttendance(request.actor, request.params.id, form(AttendanceBody, { attendance }));
  });
  meetingForm('minutes', 'minutes', (request) =>
    governance.recordMinutes(request.actor, request.params.id, form(MinutesBody, request.body).minutes),
  );

  app.get<IdRoute>(
    '/forums/papers/:id',
    { schema: { params: IdParams }, config: { public: true } },
    async (request, reply) => {
      const view = await governance.paper(request.actor, request.params.id);
      return reply.page(`${VIEWS}/paper.njk`, { title: view.paper.title, ...view, ...VOCABULARY });
    },
  );

  async function recommendationPage(request: FastifyRequest<IdRoute>, extra: Record<string, unknown> = {}) {
    const view = await governance.recommendation(request.actor, request.params.id);
    return { title: view.recommendation.title, ...view, ...VOCABULARY, saved: savedOf(request), ...extra };
  }
  app.get<IdRoute>('/forums/recommendations/:id', { schema: { params: IdParams } }, async (request, reply) =>
    reply.page(`${VIEWS}/recommendation.njk`, await recommendationPage(request)),
  );
  app.post<IdRoute>('/forums/recommendations/:id/answer', { schema: { params: IdParams } }, (request, reply) =>
    onPage(request, reply, 'recommendation.njk', recommendationPage, async () => {
      await governance.answerRecommendation(request.actor, request.params.id, form(AnswerBody, request.body));
      return `/forums/recommendations/${request.params.id}?saved=answered`;
    }),
  );
}
