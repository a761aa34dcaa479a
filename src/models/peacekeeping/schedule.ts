// The schedule (ODD "process overview and scheduling"): the one place that orders the processes of a month and
// of a theatre sub-step. Each process is a function in the file named after its submodel in docs/MODEL.md.
//
// A month: the council meets if a renewal is due, the budget sets the month's cash, the UN and the other forces
// deploy, programmes run, companies move (learning, coordination) and the protection field is built; then the
// theatre runs its sub-steps; then armed groups reshape, people are displaced or return, hybrid threats and
// misconduct strike, views of mission and state update, the exit conditions are checked, and the month is
// recorded. Decisions within the month read the state left by the processes before them in this order.
import { recruitFighters, reshapeGroups } from './armedGroups.js';
import { runBudgetCycle } from './budget.js';
import { rotateElectedMembers } from './council.js';
import { coordinateForces } from './coordination.js';
import { generateForces } from './deployment.js';
import { checkExit } from './exit.js';
import { relocateUnits } from './learning.js';
import { updateViews } from './legitimacy.js';
import { renewMandate } from './mandate.js';
import { openMonth, recordMonth } from './metrics.js';
import { recordMisconduct } from './misconduct.js';
import { runProgrammes } from './programmes.js';
import { buildProtectionField } from './protection.js';
import { deployRegionalForces } from './regional.js';
import {
  activateCivilians,
  arrestActives,
  displaceAndReturn,
  moveAgents,
  rebuildFields,
  releaseFromJail,
  updateHardship,
} from './theatre.js';
import { abuseCivilians, attackCivilians, clashWithForces, strikePeacekeepers } from './violence.js';
import type { World } from './world.js';

/** Process names in schedule order (for docs/MODEL.md and tests). */
export const MONTHLY_PROCESSES = [
  'council: rotateElectedMembers, renewMandate (negotiateRenewal)',
  'budget: runBudgetCycle',
  'deployment: generateForces',
  'regional: deployRegionalForces',
  'programmes: runProgrammes',
  'learning: relocateUnits',
  'coordination: coordinateForces',
  'protection: buildProtectionField',
  'theatre: updateHardship',
  'sub-steps x theatre.substepsPerMonth',
  'armedGroups: reshapeGroups',
  'theatre: displaceAndReturn',
  'violence: strikePeacekeepers',
  'misconduct: recordMisconduct',
  'legitimacy: updateViews',
  'exit: checkExit',
  'metrics: recordMonth',
] as const;

export const SUBSTEP_PROCESSES = [
  'theatre: rebuildFields',
  'theatre: activateCivilians',
  'armedGroups: recruitFighters',
  'theatre: arrestActives',
  'violence: attackCivilians',
  'violence: abuseCivilians',
  'violence: clashWithForces',
  'theatre: moveAgents',
  'theatre: releaseFromJail',
] as const;

export function runSubstep(w: World): void {
  rebuildFields(w);
  activateCivilians(w);
  recruitFighters(w);
  arrestActives(w);
  attackCivilians(w);
  abuseCivilians(w);
  clashWithForces(w);
  moveAgents(w);
  releaseFromJail(w);
}

export function runMonth(w: World): void {
  openMonth(w);
  rotateElectedMembers(w);
  renewMandate(w);
  runBudgetCycle(w);
  generateForces(w);
  deployRegionalForces(w);
  runProgrammes(w);
  relocateUnits(w);
  coordinateForces(w);
  buildProtectionField(w);
  updateHardship(w);
  for (let s = 0; s < w.substeps; s++) runSubstep(w);
  reshapeGroups(w);
  displaceAndReturn(w);
  strikePeacekeepers(w);
  recordMisconduct(w);
  updateViews(w);
  checkExit(w);
  recordMonth(w);
}
