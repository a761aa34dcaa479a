// Misconduct (report §IV: "stronger mechanisms to prevent misconduct by mission personnel, including sexual
// exploitation and abuse, and to deal with allegations when they occur").
//
// Incidents by UN personnel arrive as a Poisson process: misconduct.ratePerThousand per 1,000 personnel a year
// (about one allegation per 1,000 a year in recent UN conduct data) times (1 - 0.8 accountability): prevention
// and sanctions deter most but not all misconduct. Each incident happens at a random company's cell; civilians
// who see it (within vision) lose trust in the mission (legitimacy.ts), less where the mission deals with it
// openly (accountability).
import { COMPANY_PERSONNEL, UN_FORCE, type World } from './world.js';

export function recordMisconduct(w: World): void {
  const units = w.forceUnits[UN_FORCE];
  if (units === 0) return;
  const s = w.rng.misconduct;
  const p = w.p;
  const personnel = units * COMPANY_PERSONNEL;
  const mean = ((p.misconduct.ratePerThousand / 1000) * personnel * (1 - 0.8 * p.accountability)) / 12;
  const n = s.poisson(mean);
  for (let k = 0; k < n; k++) w.misconductCell[w.unitCell[s.int(units)]] += 1;
  w.tallies.misconduct += n;
  w.tallies.monthMisconduct += n;
}
