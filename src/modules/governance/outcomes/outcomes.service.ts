import type { GovernancePartContext } from '../governance.part.js';

/** The outcomes of governing together (to be built). */
export function createOutcomesPart(context: GovernancePartContext) {
  void context;
  return {};
}
