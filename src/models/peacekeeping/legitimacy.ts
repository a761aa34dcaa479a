// Legitimacy and impartiality (report §III, §IV): each civilian's view of the mission and of the state moves a
// share legitimacy.updateRate a month towards a target set by what it sees.
//
// Mission (on the logit scale): -0.5 + 2 partnership.civilSociety - 1.5 hybrid - 0.8 (1 - clarity in force)
//   + 2 (protection from the UN at its cell, 1 - exp(-deterrence x UN protection))
//   - 1.2 min(1, armed-group attacks within vision this month / 2)   (failure to protect)
//   - 1.5 partiality of its community (mission force used against groups of that community, §III)
//   - 1.0 min(1, misconduct incidents within vision) x (1 - 0.5 accountability).
// Partnership beyond consultation builds trust (§IV); disinformation erodes it (§II); vague mandates feed
// "divergent expectations between different stakeholders" (§III); inadequate protection disappoints (§III).
// Views of the mission stop changing once it has left. State (logit scale): logit(state.legitimacyBase)
//   + 2 structural progress (services) - 1.5 host.abuse - 1.0 hybrid - 1.5 min(1, state attacks within vision).
// The coefficients are our choices; their signs follow the report. Protection and attacks within vision make
// views local: the mission is judged where it stands and where it fails.
import { boxSum } from './fields.js';
import type { World } from './world.js';
import * as world from './world.js';

// Imported bindings are read through a getter at every use under tsx and vitest (about ten times slower in hot
// loops than a module constant; compiled code does not care), so the ones used in loops here are bound once.
const { CIVILIAN, COMMUNITIES, GONE, NEVER, logistic, logit } = world;

const PARTIALITY_MEMORY = 0.7;
const PACK = 65536;

export function updateViews(w: World): void {
  const p = w.p;
  const v = p.theatre.vision;
  const t = w.tallies;
  // What each cell's civilians saw this month, in one neighbourhood sum: armed-group attacks + 2^16 state attacks
  // + 2^32 misconduct incidents (each well below 2^16 within a vision box, so the packed sums are exact).
  const seen = w.seenAround;
  if (t.monthGroupAttacks + t.monthStateAttacks + t.monthMisconduct > 0) {
    const packed = w.scratch2;
    for (let c = 0; c < w.cells; c++) {
      packed[c] = w.groupAttacks[c] + PACK * w.stateAttacks[c] + PACK * PACK * w.misconductCell[c];
    }
    boxSum(w.torus, v, packed, seen, w.scratch);
  } else seen.fill(0);
  for (let c = 0; c < COMMUNITIES; c++) {
    const seen = Math.min(1, w.engagements[c] / 3);
    w.partiality[c] = PARTIALITY_MEMORY * w.partiality[c] + (1 - PARTIALITY_MEMORY) * seen;
  }
  const rate = p.legitimacy.updateRate;
  const status = w.mission.status;
  const missionJudged = status !== NEVER && status !== GONE;
  const kappa = p.protection.deterrence;
  const stateBase =
    logit(p.state.legitimacyBase) + 2 * w.programmes.structural - 1.5 * p.host.abuse - 1.0 * p.threats.hybrid;
  const missionBase =
    -0.5 + 2 * p.partnership.civilSociety - 1.5 * p.threats.hybrid - 0.8 * (1 - w.mission.terms.clarity);
  const misconductWeight = 1 - 0.5 * p.accountability;
  let sumState = 0;
  let sumMission = 0;
  let n = 0;
  const { role, cell, stateView, missionView, community, partiality, unProtection } = w;

  // Where nothing was seen the state target is the same for everyone: computed once.
  const stateCalm = logistic(stateBase);
  for (let i = 0; i < w.persons; i++) {
    if (role[i] !== CIVILIAN) continue;
    const c = cell[i];
    const all = seen[c];
    let groupSeen = 0;
    let abuseSeen = 0;
    let misconductSeen = 0;
    if (all > 0) {
      misconductSeen = Math.floor(all / (PACK * PACK));
      const rest = all - misconductSeen * PACK * PACK;
      abuseSeen = Math.floor(rest / PACK);
      groupSeen = rest - abuseSeen * PACK;
    }
    const targetState = abuseSeen > 0 ? logistic(stateBase - 1.5 * Math.min(1, abuseSeen)) : stateCalm;
    stateView[i] += rate * (targetState - stateView[i]);
    if (missionJudged) {
      const protectedHere = unProtection[c] > 0 ? 1 - Math.exp(-kappa * unProtection[c]) : 0;
      const zm =
        missionBase +
        2 * protectedHere -
        1.2 * Math.min(1, groupSeen / 2) -
        1.5 * partiality[community[i]] -
        Math.min(1, misconductSeen) * misconductWeight;
      missionView[i] += rate * (logistic(zm) - missionView[i]);
    }
    sumState += stateView[i];
    sumMission += missionView[i];
    n++;
  }
  w.stateViewMean = n > 0 ? sumState / n : w.stateViewMean;
  w.missionViewMean = n > 0 ? sumMission / n : w.missionViewMean;
}
