import type { GovernancePartContext } from '../governance.part.js';

/** The decisions of governing together (to be built). */
export function createDecisionsPart(context: GovernancePartContext) {
  void context;
  return {};
}
