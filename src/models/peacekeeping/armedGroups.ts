// Armed-group dynamics (report §II: in the Sahel "armed groups are interconnected and frequently split, coalesce
// and shift allegiances"; regional and global powers engage more in proxy warfare).
//
// Join (each sub-step): an active civilian with fighters within vision joins the group of one of them with
// probability joinRate per month, doubled for a sponsored group (money and arms are selective incentives;
// Humphreys & Weinstein 2008); an active civilian among at least 8 actives and no fighters founds a new group
// with probability foundRate per month. Each month: fighters demobilise with probability demobilisationRate x
// (1 + 4 structural) (reintegration programmes, §III) x (1 + 2 x the protection at their cell, the chance it
// would stop an attack: a third-party security guarantee, Walter 2002), halved in sponsored groups; an unsponsored group finds a
// sponsor with probability 0.05 x proxySupport; a sponsored one shifts allegiance to another sponsor with
// probability 0.02 + 0.04 x proxySupport or loses it with probability 0.03 x (1 - proxySupport); a group of 8 or
// more splits along a random line through its centre with probability 0.01 x (1 + 2 proxySupport) x
// min(1, size / 30) (rival patrons court factions), the new faction finding a sponsor of its own with
// probability proxySupport; two groups whose centres lie within 8 cells merge with probability 0.01 x
// (1 + 4 pressure) x (2 if they share a sponsor or both have none, else 0.5), pressure being the share of their
// fighters lost this month (groups coalesce under military pressure, as JNIM did in 2017).
import { deterrenceAt } from './protection.js';
import type { World } from './world.js';
import * as world from './world.js';

// Imported bindings are read through a getter at every use under tsx and vitest (about ten times slower in hot
// loops than a module constant; compiled code does not care), so the ones used in loops here are bound once.
const { CIVILIAN, FIGHTER, MAX_GROUPS, SPONSORS, activesAround, fightersAround, offsetCell, pushEvent, torusDistance } =
  world;

const FOUND_MIN_ACTIVES = 8;
/** Demobilisation under full protection is 1 + this times the rate without (our choice). */
const GUARANTEE = 2;
const SPLIT_MIN_SIZE = 8;
const MERGE_DISTANCE = 8;

function freeGroupSlot(w: World): number {
  for (let g = 0; g < MAX_GROUPS; g++) if (!w.groupAlive[g] && w.groupSize[g] === 0) return g;
  return -1;
}

/** The group of a fighter within vision, scanning from a random start; -1 if none. */
function groupInVision(w: World, c: number, start: number): number {
  const v = w.p.theatre.vision;
  const side = 2 * v + 1;
  const area = side * side;
  for (let n = 0; n < area; n++) {
    let q = start + n;
    if (q >= area) q -= area;
    const who = w.occupant[offsetCell(w, c, (q % side) - v, Math.floor(q / side) - v)];
    if (who >= 0 && w.role[who] === FIGHTER) return w.group[who];
  }
  return -1;
}

export function recruitFighters(w: World): void {
  const s = w.rng.groups;
  const join = w.sub.join;
  const found = w.sub.found;
  const area = (2 * w.p.theatre.vision + 1) ** 2;
  // Only actives can join or found: the sub-step's list of actives (arrests may have removed some since).
  for (let n = 0; n < w.activeListLength; n++) {
    const i = w.activeList[n];
    if (w.role[i] !== CIVILIAN || !w.active[i]) continue;
    const u = s.next();
    const c = w.cell[i];
    if (fightersAround(w, c) > 0) {
      if (u >= 2 * join) continue;
      const g = groupInVision(w, c, s.int(area));
      if (g < 0) continue;
      if (u >= join * (w.groupSponsor[g] > 0 ? 2 : 1)) continue;
      w.role[i] = FIGHTER;
      w.group[i] = g;
      w.active[i] = 0;
      w.fighters++;
    } else if (activesAround(w, c) >= FOUND_MIN_ACTIVES && u < found) {
      const g = freeGroupSlot(w);
      if (g < 0) continue;
      w.groupAlive[g] = 1;
      w.groupSponsor[g] = 0;
      w.groupCommunity[g] = w.community[i];
      w.groupSize[g] = 1;
      w.role[i] = FIGHTER;
      w.group[i] = g;
      w.active[i] = 0;
      w.fighters++;
      pushEvent(w, 'groupFounded', `group ${g}`);
    }
  }
}

/** Sizes, centres (circular means on the torus) and the count of fighters alive. */
function censusGroups(w: World): void {
  const width = w.torus.width;
  const height = w.torus.height;
  const trig = w.groupTrig;
  w.groupSize.fill(0);
  trig.fill(0);
  let fighters = 0;
  for (let i = 0; i < w.persons; i++) {
    if (w.role[i] !== FIGHTER) continue;
    const g = w.group[i];
    const c = w.cell[i];
    const x = c % width;
    const y = (c - x) / width;
    const ax = (2 * Math.PI * x) / width;
    const ay = (2 * Math.PI * y) / height;
    w.groupSize[g]++;
    trig[4 * g] += Math.cos(ax);
    trig[4 * g + 1] += Math.sin(ax);
    trig[4 * g + 2] += Math.cos(ay);
    trig[4 * g + 3] += Math.sin(ay);
    fighters++;
  }
  for (let g = 0; g < MAX_GROUPS; g++) {
    if (w.groupSize[g] === 0) {
      w.groupAlive[g] = 0;
      continue;
    }
    const angleX = Math.atan2(trig[4 * g + 1], trig[4 * g]);
    const angleY = Math.atan2(trig[4 * g + 3], trig[4 * g + 2]);
    w.groupX[g] = ((((angleX / (2 * Math.PI)) * width) % width) + width) % width;
    w.groupY[g] = ((((angleY / (2 * Math.PI)) * height) % height) + height) % height;
  }
  w.fighters = fighters;
}

/**
 * Demobilisation: reintegration programmes (structural progress) and a third party's security guarantee (Walter
 * 2002: combatants disarm when an outside force guarantees their safety) raise the rate; here the guarantee is
 * the chance that protection at the fighter's cell would stop an attack on it.
 */
function demobilise(w: World): void {
  const s = w.rng.groups;
  const base = w.p.theatre.demobilisationRate * (1 + 4 * w.programmes.structural);
  for (let i = 0; i < w.persons; i++) {
    if (w.role[i] !== FIGHTER) continue;
    const u = s.next();
    const guarantee = 1 + GUARANTEE * deterrenceAt(w, w.cell[i]);
    if (u < base * guarantee * (w.groupSponsor[w.group[i]] > 0 ? 0.5 : 1)) {
      w.role[i] = CIVILIAN;
      w.group[i] = -1;
      w.active[i] = 0;
    }
  }
}

function changeSponsors(w: World): void {
  const s = w.rng.groups;
  const proxy = w.p.threats.proxySupport;
  for (let g = 0; g < MAX_GROUPS; g++) {
    const u1 = s.next();
    const u2 = s.next();
    if (!w.groupAlive[g]) continue;
    const sponsor = w.groupSponsor[g];
    if (sponsor === 0) {
      if (u1 < 0.05 * proxy) w.groupSponsor[g] = 1 + Math.floor(u2 * SPONSORS);
    } else if (u1 < 0.02 + 0.04 * proxy) {
      w.groupSponsor[g] = 1 + ((sponsor - 1 + 1 + Math.floor(u2 * (SPONSORS - 1))) % SPONSORS);
    } else if (u2 < 0.03 * (1 - proxy)) {
      w.groupSponsor[g] = 0;
    }
  }
}

/** Signed offset from the centre along one axis of the torus, in [-size/2, size/2). */
function wrapped(d: number, size: number): number {
  let x = d;
  if (x >= size / 2) x -= size;
  else if (x < -size / 2) x += size;
  return x;
}

function splitGroups(w: World): void {
  const s = w.rng.groups;
  const proxy = w.p.threats.proxySupport;
  const width = w.torus.width;
  const height = w.torus.height;
  for (let g = 0; g < MAX_GROUPS; g++) {
    const u = s.next();
    const angle = 2 * Math.PI * s.next();
    const sponsorDraw = s.next();
    const size = w.groupSize[g];
    if (!w.groupAlive[g] || size < SPLIT_MIN_SIZE) continue;
    if (u >= 0.01 * (1 + 2 * proxy) * Math.min(1, size / 30)) continue;
    const h = freeGroupSlot(w);
    if (h < 0) continue;
    const ux = Math.cos(angle);
    const uy = Math.sin(angle);
    let side = 0;
    for (let i = 0; i < w.persons; i++) {
      if (w.role[i] !== FIGHTER || w.group[i] !== g) continue;
      const c = w.cell[i];
      const x = c % width;
      const y = (c - x) / width;
      if (wrapped(x - w.groupX[g], width) * ux + wrapped(y - w.groupY[g], height) * uy > 0) side++;
    }
    if (side < 2 || size - side < 2) continue;
    for (let i = 0; i < w.persons; i++) {
      if (w.role[i] !== FIGHTER || w.group[i] !== g) continue;
      const c = w.cell[i];
      const x = c % width;
      const y = (c - x) / width;
      if (wrapped(x - w.groupX[g], width) * ux + wrapped(y - w.groupY[g], height) * uy > 0) w.group[i] = h;
    }
    w.groupAlive[h] = 1;
    w.groupCommunity[h] = w.groupCommunity[g];
    w.groupSponsor[h] = sponsorDraw < proxy ? 1 + Math.floor((sponsorDraw / Math.max(proxy, 1e-9)) * SPONSORS) : 0;
    w.groupSize[h] = side;
    w.groupSize[g] = size - side;
    w.groupX[h] = w.groupX[g];
    w.groupY[h] = w.groupY[g];
    w.tallies.groupSplits++;
    pushEvent(w, 'split', `group ${g} splits; faction ${h} (${side} fighters)`);
  }
}

function mergeGroups(w: World): void {
  const s = w.rng.groups;
  for (let a = 0; a < MAX_GROUPS; a++) {
    if (!w.groupAlive[a]) continue;
    for (let b = a + 1; b < MAX_GROUPS; b++) {
      if (!w.groupAlive[b] || !w.groupAlive[a]) continue;
      const ca = Math.round(w.groupY[a]) % w.torus.height;
      const cb = Math.round(w.groupY[b]) % w.torus.height;
      const cellA = ca * w.torus.width + (Math.round(w.groupX[a]) % w.torus.width);
      const cellB = cb * w.torus.width + (Math.round(w.groupX[b]) % w.torus.width);
      if (torusDistance(w, cellA, cellB) > MERGE_DISTANCE) continue;
      const sizes = w.groupSize[a] + w.groupSize[b];
      const pressure = sizes > 0 ? (w.groupLosses[a] + w.groupLosses[b]) / sizes : 0;
      const aligned = w.groupSponsor[a] === w.groupSponsor[b] ? 2 : 0.5;
      if (s.next() >= 0.01 * (1 + 4 * pressure) * aligned) continue;
      const keep = w.groupSize[a] >= w.groupSize[b] ? a : b;
      const gone = keep === a ? b : a;
      for (let i = 0; i < w.persons; i++) if (w.role[i] === FIGHTER && w.group[i] === gone) w.group[i] = keep;
      w.groupSize[keep] += w.groupSize[gone];
      w.groupSize[gone] = 0;
      w.groupAlive[gone] = 0;
      w.tallies.groupMergers++;
      pushEvent(w, 'merger', `groups ${a} and ${b} merge`);
    }
  }
}

export function reshapeGroups(w: World): void {
  demobilise(w);
  censusGroups(w);
  changeSponsors(w);
  splitGroups(w);
  mergeGroups(w);
  w.groupLosses.fill(0);
}

/** Alive groups (with at least one fighter). */
export function countGroups(w: World): number {
  let n = 0;
  for (let g = 0; g < MAX_GROUPS; g++) if (w.groupAlive[g] && w.groupSize[g] > 0) n++;
  return n;
}

/** Share of fighters in sponsored groups (sponsors bring drones and explosives, violence.ts). */
export function sponsoredShare(w: World): number {
  let all = 0;
  let sponsored = 0;
  for (let g = 0; g < MAX_GROUPS; g++) {
    if (!w.groupAlive[g]) continue;
    all += w.groupSize[g];
    if (w.groupSponsor[g] > 0) sponsored += w.groupSize[g];
  }
  return all > 0 ? sponsored / all : 0;
}
