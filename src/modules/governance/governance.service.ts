import { createDecisionsPart } from './decisions/decisions.service.js';
import { createForumsPart } from './forums/forums.service.js';
import { createGovernanceAccess } from './governance.access.js';
import type { GovernancePartContext } from './governance.part.js';
import { createOutcomesPart } from './outcomes/outcomes.service.js';

/**
 * Governing together: a partnership's shared outcomes and the commitments to them, its forums and
 * their business, and decisions reviewed against the figures and escalated up its ladder. Every part
 * asks `access` who the actor is to a forum or partnership; the rule of sight is the domain's `maySee`.
 */
export function createGovernanceService(context: Omit<GovernancePartContext, 'access'>) {
  const full: GovernancePartContext = {
    ...context,
    access: createGovernanceAccess({ db: context.db, landscape: context.landscape }),
  };
  return {
    ...createOutcomesPart(full),
    ...createForumsPart(full),
    ...createDecisionsPart(full),
  };
}

export type GovernanceService = ReturnType<typeof createGovernanceService>;
