// Legitimacy in force at each step: the base value (Model I: the regime's; Model II: each group's view of the
// other) minus the scheduled fall `legitimacyDrop`, spread in equal parts over `overSteps` steps from `atStep`.
// The schedule exists for the paper's "salami tactics" experiment (Epstein 2002, Figs. 9-10; Ascape
// CVModelIRun3.java lowers L by 0.01 every 3 steps, CVModelIRun4.java drops it once at step 75).
import type { EpsteinParams } from './params.js';
import { type EpsteinState, GROUP_A, GROUP_B } from './state.js';

/** Fraction of the scheduled fall applied during step t (steps count from 1). */
export function dropFraction(drop: EpsteinParams['legitimacyDrop'], t: number): number {
  if (drop.amount === 0 || t < drop.atStep) return 0;
  return Math.min(1, (t - drop.atStep + 1) / drop.overSteps);
}

export function legitimacyAt(base: number, drop: EpsteinParams['legitimacyDrop'], t: number): number {
  return Math.max(0, base - drop.amount * dropFraction(drop, t));
}

/** Set the legitimacy of each group for step t. */
export function updateLegitimacy(s: EpsteinState, t: number): void {
  const p = s.p;
  if (s.twoGroups) {
    s.legitimacyNow[GROUP_A] = legitimacyAt(p.model2.legitimacyA, p.legitimacyDrop, t);
    s.legitimacyNow[GROUP_B] = legitimacyAt(p.model2.legitimacyB, p.legitimacyDrop, t);
  } else {
    s.legitimacyNow[GROUP_A] = legitimacyAt(p.legitimacy, p.legitimacyDrop, t);
    s.legitimacyNow[GROUP_B] = s.legitimacyNow[GROUP_A];
  }
}
