import type { GovernancePartContext } from '../governance.part.js';

/** The forums of governing together (to be built). */
export function createForumsPart(context: GovernancePartContext) {
  void context;
  return {};
}
