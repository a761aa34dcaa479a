// Model II processes (Epstein 2002, "Civil Violence Model II"; the authors' Ascape code CVModelInterGroup.java,
// CitizenBlueGreen.java, Citizen.java): an active citizen kills a member of the other group within its vision;
// citizens age and die past a maximum age; free citizens reproduce ("fission") onto an empty neighbouring cell.
import { CITIZEN, type EpsteinState, JAILED, createCitizen, moveFreeCitizen, removeCitizen } from './state.js';

/** Kill one free member of the other group within vision, drawn uniformly; returns the victim's cell or -1. */
export function attack(s: EpsteinState, i: number): number {
  const g = s.group[i];
  const other = 1 - g;
  const c = s.cell[i];
  const nb = s.citizenNb;
  const targets = s.free[other];
  const n = targets.sumAround(c, nb);
  if (n === 0) return -1;
  let k = s.rng.violence.int(n);
  const cells = s.cellScratch;
  const m = s.torus.neighbourCells(c, nb, cells);
  for (let j = 0; j < m; j++) {
    const cell = cells[j];
    const here = targets.counts[cell];
    if (k >= here) {
      k -= here;
      continue;
    }
    for (let v = s.cellHead[cell]; v >= 0; v = s.nextInCell[v]) {
      if (s.group[v] !== other) continue;
      if (k === 0) {
        removeCitizen(s, v);
        s.killed[other]++;
        if (s.p.model2.killerMovesToVictim && s.occupancy.isEmpty(cell)) moveFreeCitizen(s, i, cell);
        return cell;
      }
      k--;
    }
  }
  throw new Error('attack: group counts disagree with the agents on the cells (index corrupted)');
}

/** Every citizen (free or jailed) ages one step; those older than maxAgeSteps die (Ascape: age > deathAge). */
export function ageAndDie(s: EpsteinState): void {
  const maxAge = s.p.model2.maxAgeSteps;
  for (let i = 0; i < s.used; i++) {
    if (s.alive[i] === 0 || s.kind[i] !== CITIZEN) continue;
    if (++s.age[i] > maxAge) removeCitizen(s, i);
  }
}

/**
 * Each free citizen present at the start of the step, in this step's activation order, has one offspring with
 * probability birthProbability, of its own group, on a uniformly drawn empty cell within birthRadius (none if
 * there is none). Offspring start quiet at age 0, with the parent's traits (Ascape clones the parent) or new ones.
 */
export function giveBirths(s: EpsteinState, nOrder: number): void {
  const m2 = s.p.model2;
  if (m2.birthProbability === 0) return;
  const rng = s.rng.demography;
  for (let k = 0; k < nOrder; k++) {
    const i = s.order[k];
    // age 0 marks an offspring born earlier in this pass, possibly in a slot freed by a death this step.
    if (s.alive[i] === 0 || s.kind[i] !== CITIZEN || s.status[i] === JAILED || s.age[i] === 0) continue;
    if (!rng.bernoulli(m2.birthProbability)) continue;
    const site = s.occupancy.pickEmptyAround(s.cell[i], s.birthNb, rng);
    if (site < 0) continue;
    const inherit = m2.offspringTraits === 'inherit';
    const hardship = inherit ? s.hardship[i] : rng.next();
    const riskAversion = inherit ? s.riskAversion[i] : rng.next();
    createCitizen(s, site, s.group[i], hardship, riskAversion, 0);
  }
}
