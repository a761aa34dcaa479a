// Exit (report §IV, §V.4): a mission ends when benchmarks are met, when its mandate lapses (mandate.ts), or when
// the host withdraws consent. The theatre runs on after the last company leaves; relapse is read from the
// monthly violence around the exit (metrics.ts).
//
// Consent: an abusive host resents a mission that protects civilians against it, and disinformation and a
// distrustful population give it cover (Mali 2023, after years of anti-MINUSMA campaigns). Monthly hazard =
// host.consentHazard x host.abuse x (1 - mean mission legitimacy) x (0.5 + POC strength in force) x (1 + hybrid).
// Benchmarks: exit.benchmarkMonths consecutive months below the conflict threshold, with fighters at most a
// quarter of their initial number and mean state legitimacy at least 0.5. At the exit decision, running
// programmes go to local partners with probability partnership.civilSociety (else they are lost), and partners
// take over part of the mission's protective presence (community alert networks, local protection committees):
// half the UN protection field of that month times partnership.civilSociety, in force once the last company has
// left and fading with a two-year half-life (protection.ts). "Only partner-based exit strategies could ensure
// and streamline the follow-up" (§V.4).
import { handOverProgrammes } from './programmes.js';
import { handOverProtection } from './protection.js';
import { DRAWDOWN, EXIT_BENCHMARKS, EXIT_CONSENT, GAP, GONE, MANDATED, type World, pushEvent } from './world.js';

const EXIT_NAMES = ['none', 'benchmarks met', 'mandate lapsed', 'consent withdrawn'];

export function beginExit(w: World, type: number): void {
  const m = w.mission;
  m.status = DRAWDOWN;
  m.exitMonth = w.month;
  m.exitType = type;
  m.drawdownFrom = m.units;
  m.drawdownLeft = w.p.mission.drawdownMonths;
  pushEvent(w, 'exit', EXIT_NAMES[type]);
  handOverProgrammes(w);
  handOverProtection(w);
}

export function completeDeparture(w: World): void {
  const m = w.mission;
  m.status = GONE;
  m.departedMonth = w.month;
  pushEvent(w, 'departure', 'the last companies have left');
}

export function checkExit(w: World): void {
  const m = w.mission;
  const p = w.p;
  if (m.status === MANDATED || m.status === GAP) {
    // One draw every month the mission stands, so the exit stream stays aligned across scenarios.
    const u = w.rng.exit.next();
    const hazard =
      p.host.consentHazard *
      p.host.abuse *
      (1 - w.missionViewMean) *
      (0.5 + m.terms.pocStrength) *
      (1 + p.threats.hybrid);
    if (u < hazard) {
      pushEvent(w, 'consentWithdrawn', 'the host government withdraws its consent');
      beginExit(w, EXIT_CONSENT);
      return;
    }
    const calm =
      w.tallies.monthDeaths < p.theatre.conflictThreshold &&
      w.fighters <= 0.25 * Math.max(1, w.initialFighters) &&
      w.stateViewMean >= 0.5;
    m.calmRun = calm ? m.calmRun + 1 : 0;
    if (m.status === MANDATED && m.calmRun >= p.exit.benchmarkMonths) {
      pushEvent(w, 'benchmarksMet', `${m.calmRun} calm months`);
      beginExit(w, EXIT_BENCHMARKS);
    }
    return;
  }
}
