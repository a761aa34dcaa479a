// Mandate (report §II, §V.4): the text in force, its renewal, and what a failed renewal does.
//
// How council failure plays out is a modelling choice. We follow council practice: when talks on a new text fail,
// the penholder asks for a short technical rollover of the text in force, which passes unless a permanent member
// is far from it. Only when the rollover is vetoed too does the mission stand without a mandate (a gap): its
// companies stay but only guard themselves, programmes get no new money, and the council tries again each month.
// A gap longer than council.gapMaxMonths ends the mission (exit type 2, "mandate lapsed"), as vetoes ended
// UNPREDEP (1999) and UNOMIG (2009). Closing at once on a failed vote would make the rollover, the common case,
// invisible; letting missions run on without authority would contradict the Charter basis of their operations.
import { negotiateRenewal } from './council.js';
import { beginExit } from './exit.js';
import { reviewProgrammes } from './programmes.js';
import { EXIT_LAPSED, GAP, MANDATED, type World, pushEvent } from './world.js';

/** Months ahead the mission can plan structural work: the length of the mandate in force. */
export function planningHorizonMonths(w: World): number {
  const m = w.mission;
  return m.rollover ? w.p.council.rolloverMonths : m.terms.lengthMonths;
}

export function renewMandate(w: World): void {
  const m = w.mission;
  const t = w.tallies;
  if (m.status === MANDATED && w.month < m.renewalMonth) return;
  if (m.status !== MANDATED && m.status !== GAP) return;
  const r = negotiateRenewal(w, m.terms);
  if (r.kind === 'adopted') {
    m.terms.pocStrength = r.terms.pocStrength;
    m.terms.ceilingPersons = r.terms.ceilingPersons;
    m.terms.lengthMonths = r.terms.lengthMonths;
    m.terms.clarity = r.terms.clarity;
    m.renewalMonth = w.month + r.terms.lengthMonths;
    m.rollover = false;
    m.gapRun = 0;
    m.status = MANDATED;
    t.renewals++;
    pushEvent(
      w,
      'renewal',
      `${r.terms.lengthMonths} months, POC ${r.terms.pocStrength.toFixed(2)}, ceiling ${r.terms.ceilingPersons}, clarity ${r.terms.clarity.toFixed(2)}`,
    );
    w.council.lastConcessionShare = r.concessionShare;
    reviewProgrammes(w, r.concessionShare);
    return;
  }
  if (r.kind === 'rollover') {
    m.renewalMonth = w.month + w.p.council.rolloverMonths;
    m.rollover = true;
    m.gapRun = 0;
    m.status = MANDATED;
    t.rollovers++;
    pushEvent(w, 'rollover', `technical rollover for ${w.p.council.rolloverMonths} months`);
    w.council.lastConcessionShare = 1;
    reviewProgrammes(w, 1);
    return;
  }
  if (m.status === MANDATED) pushEvent(w, 'gap', 'mandate expired without renewal');
  m.status = GAP;
  m.gapRun++;
  if (m.gapRun > w.p.council.gapMaxMonths) {
    pushEvent(w, 'lapse', `no mandate for ${m.gapRun - 1} month(s): the mission withdraws`);
    beginExit(w, EXIT_LAPSED);
    return;
  }
  t.gapMonths++;
}
