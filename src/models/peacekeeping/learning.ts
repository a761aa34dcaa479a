// Learning (report §V.2, and §IV on information from local communities): violence reaches the mission as
// reports, and monitoring and evaluation let it move companies to where violence is.
//
// Each attack on a civilian is reported with probability 0.1 + 0.5 x (the victim's trust in the mission) +
// 0.3 x partnership.civilSociety: "civilians who trust the mission share information", and civil society in
// planning and evaluation brings local knowledge. Each month a share `learning` of UN companies is reviewed.
// Monitoring tells the mission where a company is needed: fighters within vision times the share of their
// attacks the protection already there lets through (so companies do not pile onto one hotspot). The company compares the neediest of three reports
// of the last three months with where it stands and moves there (plus or minus a cell) if it is needed there
// at least 1.5 times as much. Without learning, companies stay where they were put: the static base posture.
// Five draws per company every month keep the learning stream aligned across runs.
import type { World } from './world.js';
import * as world from './world.js';

// Imported bindings are read through a getter at every use under tsx and vitest (about ten times slower in hot
// loops than a module constant; compiled code does not care), so the ones used in loops here are bound once.
const { MANDATED, REPORT_BUFFER, UN_FORCE, clamp01, fightersAround, offsetCell } = world;

const REPORT_MEMORY_MONTHS = 3;
/** A company moves only where it is needed at least this much more than where it stands. */
const MOVE_GAIN = 1.5;

export function reportViolence(w: World, cell: number, victimTrust: number): void {
  const q = clamp01(0.1 + 0.5 * victimTrust + 0.3 * w.p.partnership.civilSociety);
  if (w.rng.learning.next() >= q) return;
  w.reportCell[w.reportHead] = cell;
  w.reportMonth[w.reportHead] = w.month;
  w.reportHead = (w.reportHead + 1) % REPORT_BUFFER;
  if (w.reportCount < REPORT_BUFFER) w.reportCount++;
}

/** Number of reports of the last REPORT_MEMORY_MONTHS months (the newest ones in the ring). */
export function recentReports(w: World): number {
  let n = 0;
  while (n < w.reportCount) {
    const k = (w.reportHead - 1 - n + REPORT_BUFFER) % REPORT_BUFFER;
    if (w.reportMonth[k] < w.month - REPORT_MEMORY_MONTHS) break;
    n++;
  }
  return n;
}

/** The cell of the k-th newest report (k < recentReports). */
export function reportAt(w: World, k: number): number {
  return w.reportCell[(w.reportHead - 1 - k + REPORT_BUFFER) % REPORT_BUFFER];
}

/**
 * How much a company is needed at a cell: fighters within vision times the share of their attacks that the
 * protection already there lets through (the marginal value of one more company under exp(-deterrence x p)).
 */
function need(w: World, cell: number): number {
  return fightersAround(w, cell) * Math.exp(-w.p.protection.deterrence * w.unProtection[cell]);
}

export function relocateUnits(w: World): void {
  if (w.mission.status !== MANDATED) return;
  const s = w.rng.learning;
  const recent = recentReports(w);
  const base = UN_FORCE * w.unitSlots;
  for (let j = 0; j < w.forceUnits[UN_FORCE]; j++) {
    const u = s.next();
    const c1 = s.next();
    const c2 = s.next();
    const c3 = s.next();
    const jitter = s.int(9);
    if (u >= w.p.learning || recent === 0) continue;
    // Of three recent reports, the one where a company is most needed; move there if clearly more needed.
    let target = reportAt(w, Math.floor(c1 * recent));
    const t2 = reportAt(w, Math.floor(c2 * recent));
    const t3 = reportAt(w, Math.floor(c3 * recent));
    if (need(w, t2) > need(w, target)) target = t2;
    if (need(w, t3) > need(w, target)) target = t3;
    const here = w.unitCell[base + j];
    const strength = w.mission.pocEffect * w.unitWeight[base + j];
    // Where it stands, the company is judged without its own protection: what would be lost if it left.
    const needHere =
      fightersAround(w, here) * Math.exp(-w.p.protection.deterrence * Math.max(0, w.unProtection[here] - strength));
    if (need(w, target) <= MOVE_GAIN * needHere) continue;
    const to = offsetCell(w, target, (jitter % 3) - 1, Math.floor(jitter / 3) - 1);
    w.unitCell[base + j] = to;
    // Keep the picture current for the companies reviewed after this one, so they do not all pick one spot.
    addAround(w, here, -strength);
    addAround(w, to, strength);
  }
}

/** Add `amount` to the UN protection field over the reach box around a cell. */
function addAround(w: World, cell: number, amount: number): void {
  const r = w.p.protection.reach;
  for (let dy = -r; dy <= r; dy++) {
    for (let dx = -r; dx <= r; dx++) {
      const c = offsetCell(w, cell, dx, dy);
      const v = w.unProtection[c] + amount;
      w.unProtection[c] = Math.max(v, 0);
    }
  }
}
