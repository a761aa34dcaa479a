// Learning (report §V.2, and §IV on information from local communities): violence reaches the mission as
// reports, and monitoring and evaluation let it move companies to where violence is.
//
// Each attack on a civilian is reported with probability 0.1 + 0.5 x (the victim's trust in the mission) +
// 0.3 x partnership.civilSociety: "civilians who trust the mission share information", and civil society in
// planning and evaluation brings local knowledge. Each month a share `learning` of UN companies moves to a
// report of the last three months (plus or minus a cell). Without learning, companies stay where they were put:
// the static base posture. Three draws per company every month keep the learning stream aligned across runs.
import { MANDATED, REPORT_BUFFER, UN_FORCE, type World, clamp01, offsetCell } from './world.js';

const REPORT_MEMORY_MONTHS = 3;

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

export function relocateUnits(w: World): void {
  if (w.mission.status !== MANDATED) return;
  const s = w.rng.learning;
  const recent = recentReports(w);
  const base = UN_FORCE * w.unitSlots;
  for (let j = 0; j < w.forceUnits[UN_FORCE]; j++) {
    const u = s.next();
    const pick = s.next();
    const jitter = s.int(9);
    if (u >= w.p.learning || recent === 0) continue;
    const target = reportAt(w, Math.floor(pick * recent));
    w.unitCell[base + j] = offsetCell(w, target, (jitter % 3) - 1, Math.floor(jitter / 3) - 1);
  }
}
