// Violence (report §II, §III): armed groups and an abusive state attack civilians, fighters clash with state
// forces, peacekeepers and each other, and hybrid threats strike peacekeepers.
//
// Attacks: a fighter attempts attackRate attacks a month (x 1.5 in a sponsored group) on a random cell within two
// cells; on a civilian of another community it goes ahead, on one of its own community only one time in four
// (selective violence against suspected collaborators, Kalyvas 2006); on a fighter of another group it becomes
// a fight in which one of the two dies with probability 0.3. Protection may prevent the attack (protection.ts);
// when the UN prevents it under a mandate it may also use force against the attacker (probability 0.2 x POC
// strength x the UN's share of protection at the cell): the fighter dies with probability 0.3, a peacekeeper
// with probability 0.03 (1 + hybrid), and the attacker's community sees the mission taking sides (UNMISS,
// MONUSCO, §III). An attack that goes ahead kills with probability `lethality`; otherwise the victim flees.
// The state: each security unit attempts abuseRate x host.abuse attacks a month on a neighbouring civilian,
// deterred only by stateDeterrenceShare of protection. Clashes: a fighter next to a state unit clashes with
// probability clashRate a month (damped by peacekeepers), dying with probability 0.3, else killing a member of
// the state unit with probability 0.15; a fighter next to a UN company of a mission with POC strength s clashes
// with probability clashRate x s (fighter dies 0.3, peacekeeper 0.05 (1 + hybrid)). Hybrid threats: each UN
// company suffers Poisson(peacekeeperRisk x (1 + 3 hybrid) x (0.3 + 0.7 min(1, fighters in vision / 5)) x
// (1 + share of fighters with a sponsor)) deaths a month from IEDs, drones and ambushes (§II, §V.1); remote
// weapons reach companies with no fighter nearby, hence the 0.3 floor.
import { sponsoredShare } from './armedGroups.js';
import { reportViolence } from './learning.js';
import { deterrenceAt } from './protection.js';
import { leaveCell } from './theatre.js';
import type { World } from './world.js';
import * as world from './world.js';

// Imported bindings are read through a getter at every use under tsx and vitest (about ten times slower in hot
// loops than a module constant; compiled code does not care), so the ones used in loops here are bound once.
const { CIVILIAN, DEAD, DISPLACED, DRAWDOWN, FIGHTER, GAP, MANDATED, UN_FORCE, fightersAround, offsetCell } = world;

const OWN_COMMUNITY_TARGETING = 0.25;
const SPONSORED_ATTACK_BOOST = 1.5;
const ENGAGE = 0.2;
const FIGHT_DEATH = 0.3;
const ENGAGE_PEACEKEEPER_DEATH = 0.03;
const CLASH_STATE_DEATH = 0.15;
const CLASH_PEACEKEEPER_DEATH = 0.05;
const ATTACK_RADIUS = 2;

function killCivilian(w: World, v: number, byState: boolean): void {
  leaveCell(w, v);
  w.role[v] = DEAD;
  const t = w.tallies;
  if (byState) t.civilianDeathsState++;
  else t.civilianDeathsGroups++;
  t.monthDeaths++;
  t.monthCivilianDeaths++;
}

function displace(w: World, v: number): void {
  leaveCell(w, v);
  w.role[v] = DISPLACED;
}

export function killFighter(w: World, i: number): void {
  const g = w.group[i];
  if (g >= 0) w.groupLosses[g]++;
  leaveCell(w, i);
  w.role[i] = DEAD;
  w.group[i] = -1;
  w.fighters--;
  w.tallies.fighterDeaths++;
  w.tallies.monthDeaths++;
}

function peacekeeperDies(w: World, n: number): void {
  w.tallies.peacekeeperDeaths += n;
  w.tallies.monthDeaths += n;
}

export function attackCivilians(w: World): void {
  const s = w.rng.groups;
  const prot = w.rng.protection;
  const p = w.p;
  const side = 2 * ATTACK_RADIUS + 1;
  const centre = (side * side - 1) / 2;
  const mandated = w.mission.status === MANDATED;
  for (let n = 0; n < w.fighterListLength; n++) {
    const i = w.fighterList[n];
    if (w.role[i] !== FIGHTER) continue;
    const g = w.group[i];
    const u = s.next();
    if (u >= w.sub.attack * (w.groupSponsor[g] > 0 ? SPONSORED_ATTACK_BOOST : 1)) continue;
    let q = s.int(side * side - 1);
    if (q >= centre) q++;
    const tc = offsetCell(w, w.cell[i], (q % side) - ATTACK_RADIUS, Math.floor(q / side) - ATTACK_RADIUS);
    const v = w.occupant[tc];
    if (v < 0) continue;
    if (w.role[v] === FIGHTER) {
      if (w.group[v] === g || s.next() >= FIGHT_DEATH) continue;
      killFighter(w, s.next() < 0.5 ? i : v);
      continue;
    }
    if (w.community[v] === w.groupCommunity[g] && s.next() >= OWN_COMMUNITY_TARGETING) continue;
    if (prot.next() < deterrenceAt(w, tc)) {
      w.tallies.attacksDeterred++;
      const all = w.protection[tc];
      const unShare = all > 0 ? w.unProtection[tc] / all : 0;
      if (mandated && prot.next() < ENGAGE * w.mission.terms.pocStrength * unShare) {
        w.engagements[w.groupCommunity[g]] += 1;
        if (prot.next() < ENGAGE_PEACEKEEPER_DEATH * (1 + p.threats.hybrid)) peacekeeperDies(w, 1);
        if (prot.next() < FIGHT_DEATH) killFighter(w, i);
      }
      continue;
    }
    w.groupAttacks[tc] += 1;
    w.tallies.monthGroupAttacks++;
    reportViolence(w, tc, w.missionView[v]);
    if (s.next() < p.theatre.lethality) killCivilian(w, v, false);
    else displace(w, v);
  }
}

export function abuseCivilians(w: World): void {
  const s = w.rng.security;
  const prot = w.rng.protection;
  const p = w.p;
  const kappa = p.protection.deterrence * p.protection.stateDeterrenceShare;
  for (let k = 0; k < w.securityUnits; k++) {
    const u = s.next();
    if (u >= w.sub.abuse) continue;
    let d = s.int(8);
    if (d >= 4) d++;
    const tc = w.block9[9 * w.securityCell[k] + d];
    const v = w.occupant[tc];
    if (v < 0 || w.role[v] !== CIVILIAN) continue;
    if (prot.next() < 1 - Math.exp(-kappa * w.protection[tc])) {
      w.tallies.attacksDeterred++;
      continue;
    }
    w.stateAttacks[tc] += 1;
    w.tallies.monthStateAttacks++;
    reportViolence(w, tc, w.missionView[v]);
    if (s.next() < p.theatre.lethality) killCivilian(w, v, true);
    else displace(w, v);
  }
}

export function clashWithForces(w: World): void {
  const s = w.rng.groups;
  const p = w.p;
  const damp = 0.5 * p.protection.deterrence;
  const clash = w.sub.clash;
  const unClash = w.mission.status === MANDATED ? clash * w.mission.terms.pocStrength : 0;
  for (let n = 0; n < w.fighterListLength; n++) {
    const i = w.fighterList[n];
    if (w.role[i] !== FIGHTER) continue;
    const u = s.next();
    const c = w.cell[i];
    let nearState = false;
    let nearUn = false;
    for (let d = 0; d < 9; d++) {
      const n = w.block9[9 * c + d];
      if (w.packedCount[n] >= 65536) nearState = true;
      if (w.unWeight[n] > 0) nearUn = true;
    }
    if (nearState && u < clash * Math.exp(-damp * w.protection[c])) {
      if (s.next() < FIGHT_DEATH) killFighter(w, i);
      else if (s.next() < CLASH_STATE_DEATH) {
        w.tallies.securityDeaths++;
        w.tallies.monthDeaths++;
      }
    } else if (nearUn && u < unClash) {
      w.engagements[w.groupCommunity[w.group[i]]] += 1;
      if (s.next() < FIGHT_DEATH) killFighter(w, i);
      else if (s.next() < CLASH_PEACEKEEPER_DEATH * (1 + p.threats.hybrid)) peacekeeperDies(w, 1);
    }
  }
}

export function strikePeacekeepers(w: World): void {
  const st = w.mission.status;
  if (st !== MANDATED && st !== GAP && st !== DRAWDOWN) return;
  const s = w.rng.hazards;
  const p = w.p;
  const base = p.threats.peacekeeperRisk * (1 + 3 * p.threats.hybrid) * (1 + sponsoredShare(w));
  for (let j = 0; j < w.forceUnits[UN_FORCE]; j++) {
    const near = fightersAround(w, w.unitCell[j]);
    const deaths = s.poisson(base * (0.3 + 0.7 * Math.min(1, near / 5)));
    if (deaths > 0) peacekeeperDies(w, deaths);
  }
}
