// The model's rules one by one, each checked against an independent statement of the rule (a brute-force scan
// of the agents, Python's documented round(), the NetLogo and Mesa jail semantics) on generated states.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createStreams } from '../../../src/engine/rng.js';
import { auditState } from '../../../src/models/epstein/audit.js';
import {
  activateCitizen,
  arrestProbability,
  copsPerActive,
  decideActive,
  roundHalfEven,
} from '../../../src/models/epstein/citizen.js';
import { activateCop, arrestOneInVision } from '../../../src/models/epstein/cop.js';
import { drawJailTerm, serveJailTermsAtEndOfStep } from '../../../src/models/epstein/jail.js';
import { legitimacyAt } from '../../../src/models/epstein/legitimacy.js';
import { ageAndDie, attack, giveBirths } from '../../../src/models/epstein/model2.js';
import { meanInterval, outburstStarts } from '../../../src/models/epstein/outcomes.js';
import { type EpsteinParams, paramsSchema } from '../../../src/models/epstein/params.js';
import { drawActivationOrder } from '../../../src/models/epstein/simulate.js';
import {
  ACTIVE,
  CITIZEN,
  COP,
  type EpsteinState,
  JAILED,
  QUIET,
  createCitizen,
  createCop,
  createState,
  jailCitizen,
  setActive,
} from '../../../src/models/epstein/state.js';

function params(over: Record<string, unknown>): EpsteinParams {
  return paramsSchema.parse(over);
}

function firstCitizen(s: EpsteinState): number {
  let i = 0;
  while (s.kind[i] !== CITIZEN) i++;
  return i;
}

/** A 9 x 9 world (vision 2) for the hand-built cases. */
function tiny(over: Record<string, unknown>): EpsteinParams {
  return params({ width: 9, height: 9, citizenVision: 2, copVision: 2, ...over });
}

function offset(a: number, b: number, n: number): number {
  let d = (((b - a) % n) + n) % n;
  if (d > n / 2) d -= n;
  return d;
}

/** Whether cell `to` is in the vision of cell `from`, straight from the definition of each shape. */
function sees(s: EpsteinState, from: number, to: number, radius: number, ownCell = s.p.visionIncludesOwnCell): boolean {
  const w = s.torus.width;
  const dx = offset(from % w, to % w, w);
  const dy = offset(Math.floor(from / w), Math.floor(to / w), s.torus.height);
  if (dx === 0 && dy === 0) return ownCell;
  const kind = s.p.neighbourhood;
  if (kind === 'vonNeumann') return Math.abs(dx) + Math.abs(dy) <= radius;
  if (kind === 'moore') return Math.max(Math.abs(dx), Math.abs(dy)) <= radius;
  return dx * dx + dy * dy <= radius * radius;
}

/** Rule A computed from scratch for free citizen i: G - R P > T, with C and A counted agent by agent. */
function expectedActive(s: EpsteinState, i: number): boolean {
  const p = s.p;
  const g = s.group[i];
  let cops = 0;
  let actives = 0;
  let targets = 0;
  for (let j = 0; j < s.used; j++) {
    if (!s.alive[j] || s.cell[j] < 0 || !sees(s, s.cell[i], s.cell[j], p.citizenVision)) continue;
    if (s.kind[j] === COP) cops++;
    else if (s.status[j] === ACTIVE && (p.model2.arrestEstimateActives === 'all' || s.group[j] === g)) actives++;
    if (s.kind[j] === CITIZEN && s.status[j] !== JAILED && s.group[j] !== g) targets++;
  }
  const ratio = cops / (1 + actives);
  const term = p.caRule === 'floor' ? Math.floor(ratio) : p.caRule === 'round' ? roundHalfEven(ratio) : ratio;
  const prob = 1 - Math.exp(-p.arrestConstant * term);
  const grievance = s.hardship[i] * (1 - s.legitimacyNow[g]);
  let active = grievance - s.riskAversion[i] * prob > p.threshold;
  if (active && s.twoGroups && p.model2.activeNeedsTarget) active = targets > 0;
  return active;
}

const smallWorld = fc
  .record({
    variant: fc.constantFrom('I', 'II'),
    neighbourhood: fc.constantFrom('vonNeumann', 'moore', 'disk'),
    visionIncludesOwnCell: fc.boolean(),
    citizenVision: fc.integer({ min: 1, max: 3 }),
    copVision: fc.integer({ min: 1, max: 3 }),
    extra: fc.integer({ min: 0, max: 5 }),
    citizenDensity: fc.double({ min: 0.1, max: 0.7, noNaN: true }),
    copDensity: fc.double({ min: 0, max: 0.2, noNaN: true }),
    caRule: fc.constantFrom('none', 'floor', 'round'),
    threshold: fc.double({ min: 0, max: 0.3, noNaN: true }),
    arrestConstant: fc.double({ min: 0.5, max: 4, noNaN: true }),
    jailedPlacement: fc.constantFrom('removed', 'stay', 'transparent'),
    estimate: fc.constantFrom('all', 'ownGroup'),
    needsTarget: fc.boolean(),
    placement: fc.constantFrom('exactCount', 'perCell'),
  })
  .map((r) => {
    const side = 2 * Math.max(r.citizenVision, r.copVision) + 1 + r.extra;
    return params({
      variant: r.variant,
      width: side,
      height: side + 1,
      neighbourhood: r.neighbourhood,
      visionIncludesOwnCell: r.visionIncludesOwnCell,
      citizenVision: r.citizenVision,
      copVision: r.copVision,
      citizenDensity: r.citizenDensity,
      copDensity: r.copDensity,
      placement: r.placement,
      caRule: r.caRule,
      threshold: r.threshold,
      arrestConstant: r.arrestConstant,
      jailedPlacement: r.jailedPlacement,
      copFollowsArrest: r.jailedPlacement !== 'stay',
      model2: { arrestEstimateActives: r.estimate, activeNeedsTarget: r.needsTarget },
    });
  });

describe('the arrest estimate P = 1 - exp(-k (C/A))', () => {
  it("rounds like Python 3's round(): halves to even", () => {
    // Python 3: round(0.5) == 0, round(1.5) == 2, round(2.5) == 2, round(3.5) == 4, round(0.4999) == 0,
    // round(2/3) == 1, round(7/3) == 2, round(1/3) == 0.
    const table: [number, number][] = [
      [0, 0],
      [0.5, 0],
      [1.5, 2],
      [2.5, 2],
      [3.5, 4],
      [0.4999, 0],
      [2 / 3, 1],
      [7 / 3, 2],
      [1 / 3, 0],
      [12, 12],
    ];
    for (const [x, r] of table) expect(roundHalfEven(x)).toBe(r);
  });

  it('gives P near 0.9 for one cop and a lone would-be active (k = 2.3), and applies each caRule to C/A', () => {
    expect(arrestProbability(1, 1, 2.3, 'none')).toBeCloseTo(1 - Math.exp(-2.3), 12);
    expect(arrestProbability(1, 1, 2.3, 'none')).toBeCloseTo(0.9, 2);
    expect(copsPerActive(2, 3, 'none')).toBeCloseTo(2 / 3, 15);
    expect(copsPerActive(2, 3, 'floor')).toBe(0);
    expect(copsPerActive(2, 3, 'round')).toBe(1);
    expect(copsPerActive(1, 2, 'round')).toBe(0);
    expect(copsPerActive(3, 2, 'round')).toBe(2);
    expect(copsPerActive(5, 2, 'round')).toBe(2);
    expect(copsPerActive(5, 2, 'floor')).toBe(2);
    expect(arrestProbability(0, 1, 2.3, 'round')).toBe(0);
  });

  it('decideActive agrees with the rule computed agent by agent, in both variants (property)', () => {
    fc.assert(
      fc.property(smallWorld, fc.nat(), fc.double({ min: 0, max: 1, noNaN: true }), (p, seed, legitimacy) => {
        const s = createState(p, createStreams(seed, 0));
        s.legitimacyNow[0] = legitimacy;
        s.legitimacyNow[1] = 1 - legitimacy / 2;
        const pick = createStreams(seed, 1).get('pick');
        for (let i = 0; i < s.used; i++) if (s.kind[i] === CITIZEN && pick.bernoulli(0.3)) setActive(s, i, true);
        for (let i = 0; i < s.used; i++) {
          if (s.kind[i] !== CITIZEN || s.status[i] === JAILED) continue;
          const expected = expectedActive(s, i);
          expect(decideActive(s, i)).toBe(expected);
          expect(s.status[i]).toBe(expected ? ACTIVE : QUIET);
        }
        expect(auditState(s)).toEqual([]);
      }),
      { seed: 31, numRuns: 150 },
    );
  });
});

describe('cops', () => {
  it('arrest an active citizen within their vision, never anyone else, and keep the indexes right (property)', () => {
    fc.assert(
      fc.property(smallWorld, fc.nat(), (p, seed) => {
        const s = createState(p, createStreams(seed, 0));
        const pick = createStreams(seed, 1).get('pick');
        for (let i = 0; i < s.used; i++) if (s.kind[i] === CITIZEN && pick.bernoulli(0.4)) setActive(s, i, true);
        for (let i = 0; i < s.used; i++) {
          if (s.kind[i] !== COP) continue;
          const before = Uint8Array.from(s.status);
          const copCell = s.cell[i];
          const inSight = [];
          for (let j = 0; j < s.used; j++) {
            if (s.kind[j] === CITIZEN && s.status[j] === ACTIVE && sees(s, copCell, s.cell[j], p.copVision))
              inSight.push(j);
          }
          const at = arrestOneInVision(s, i);
          const changed = [];
          for (let j = 0; j < s.used; j++) if (s.status[j] !== before[j]) changed.push(j);
          if (inSight.length === 0) {
            expect(at).toBe(-1);
            expect(changed).toEqual([]);
          } else {
            expect(changed.length).toBe(1);
            expect(inSight).toContain(changed[0]);
            expect([JAILED, QUIET]).toContain(s.status[changed[0]]);
          }
        }
        expect(auditState(s)).toEqual([]);
      }),
      { seed: 32, numRuns: 150 },
    );
  });

  it('draw the arrestee uniformly among the actives in sight', () => {
    // One cop, three actives in its vision, nothing else: each should be taken about a third of the time.
    const p = tiny({ citizenDensity: 0, copDensity: 0, neighbourhood: 'moore' });
    const hits = [0, 0, 0];
    const n = 6000;
    for (let r = 0; r < n; r++) {
      const s = createState(p, createStreams('uniform-arrest', r));
      const cop = createCop(s, 40);
      const citizens = [30, 41, 50].map((c) => createCitizen(s, c, 0, 0.5, 0.5, 0));
      for (const i of citizens) setActive(s, i, true);
      arrestOneInVision(s, cop);
      citizens.forEach((i, k) => {
        if (s.status[i] !== ACTIVE) hits[k]++;
      });
    }
    expect(hits.reduce((a, b) => a + b, 0)).toBe(n);
    // chi-square, 2 degrees of freedom, 0.999 quantile 13.8
    const chi2 = hits.reduce((a, h) => a + (h - n / 3) ** 2 / (n / 3), 0);
    expect(chi2).toBeLessThan(13.8);
  });
});

describe('jail terms', () => {
  it('are drawn from 0..Jmax (inclusive: Mesa, Ascape) or 0..Jmax-1 (exclusive: NetLogo)', () => {
    const rng = createStreams('jail', 0).get('arrest');
    const seen = (p: EpsteinParams) => {
      const set = new Set<number>();
      for (let k = 0; k < 5000; k++) set.add(drawJailTerm(p, rng));
      return [...set].sort((a, b) => a - b);
    };
    expect(seen(params({ jailMax: 5, jailDraw: 'inclusive' }))).toEqual([0, 1, 2, 3, 4, 5]);
    expect(seen(params({ jailMax: 5, jailDraw: 'exclusive' }))).toEqual([0, 1, 2, 3, 4]);
    expect(seen(params({ jailMax: 0, jailDraw: 'exclusive' }))).toEqual([0]);
  });

  it('under endOfStep (NetLogo) free a citizen jailed for j steps at the j-th end of step', () => {
    const p = tiny({ jailCountdown: 'endOfStep', jailedPlacement: 'transparent', movement: false });
    const s = createState(p, createStreams(1, 0));
    const i = firstCitizen(s);
    const cell = s.cell[i];
    jailCitizen(s, i, 3);
    expect(s.occupancy.isEmpty(cell)).toBe(true); // transparent: others may enter the jailed citizen's cell
    const statuses = [];
    for (let k = 0; k < 4; k++) {
      activateCitizen(s, i); // a jailed citizen does nothing on its turn under endOfStep
      serveJailTermsAtEndOfStep(s);
      statuses.push(s.status[i]);
    }
    expect(statuses).toEqual([JAILED, JAILED, QUIET, QUIET]);
    expect(s.cell[i]).toBe(cell); // transparent: it never left its cell
    expect(auditState(s)).toEqual([]);
  });

  it('under onActivation (Mesa) take j of the citizen own turns, and it acts on the next one', () => {
    const p = tiny({
      jailCountdown: 'onActivation',
      jailedPlacement: 'stay',
      copFollowsArrest: false,
      movement: false,
    });
    const s = createState(p, createStreams(2, 0));
    const i = firstCitizen(s);
    const cell = s.cell[i];
    jailCitizen(s, i, 2);
    expect(s.occupancy.blockCount[cell]).toBe(1); // stay: the jailed keep their cell
    const terms = [];
    for (let k = 0; k < 2; k++) {
      activateCitizen(s, i);
      terms.push([s.status[i], s.jailTerm[i]]);
    }
    expect(terms).toEqual([
      [JAILED, 1],
      [JAILED, 0],
    ]);
    activateCitizen(s, i);
    expect(s.status[i]).not.toBe(JAILED);
    expect(s.cell[i]).toBe(cell);
    expect(auditState(s)).toEqual([]);
  });

  it('under removed take the citizen off the lattice and bring it back to its home cell when that is free', () => {
    const p = tiny({ jailedPlacement: 'removed', releaseSite: 'nearHome', movement: false });
    const s = createState(p, createStreams(3, 0));
    const i = firstCitizen(s);
    const home = s.cell[i];
    jailCitizen(s, i, 0);
    expect(s.cell[i]).toBe(-1);
    expect(s.occupancy.isEmpty(home)).toBe(true);
    activateCitizen(s, i);
    expect(s.cell[i]).toBe(home);
    expect(auditState(s)).toEqual([]);
  });
});

describe('the legitimacy schedule', () => {
  it('subtracts the fall in equal parts over overSteps steps from atStep, never below 0', () => {
    const once = { atStep: 50, amount: 0.3, overSteps: 1 };
    expect(legitimacyAt(0.9, once, 49)).toBe(0.9);
    expect(legitimacyAt(0.9, once, 50)).toBeCloseTo(0.6, 12);
    expect(legitimacyAt(0.9, once, 500)).toBeCloseTo(0.6, 12);
    const slow = { atStep: 50, amount: 0.3, overSteps: 3 };
    const expected = [0.9, 0.8, 0.7, 0.6, 0.6];
    [49, 50, 51, 52, 53].forEach((t, k) => expect(legitimacyAt(0.9, slow, t)).toBeCloseTo(expected[k], 12));
    expect(legitimacyAt(0.2, { atStep: 1, amount: 0.5, overSteps: 1 }, 1)).toBe(0);
    expect(legitimacyAt(0.8, { atStep: 1, amount: 0, overSteps: 1 }, 10)).toBe(0.8);
  });
});

describe('outbursts', () => {
  it('start where the active share rises above the threshold from at or below it', () => {
    const share = Float64Array.from([0, 0.02, 0.2, 0.3, 0.1, 0.05, 0.3, 0.01, 0.06, 0.06]);
    expect(outburstStarts(share, 0.05)).toEqual([2, 6, 8]);
    expect(meanInterval([2, 6, 8])).toBe(3);
    expect(meanInterval([2])).toBeNaN();
    expect(outburstStarts(Float64Array.from([0.5, 0.5]), 0.1)).toEqual([]);
  });
});

describe('Model II', () => {
  const world2 = smallWorld.map((p) => params({ ...p, variant: 'II', model2: { ...p.model2, birthProbability: 0.5 } }));

  it('an attack kills one free member of the other group in sight and the killer may take its cell (property)', () => {
    fc.assert(
      fc.property(world2, fc.nat(), fc.boolean(), (p0, seed, follows) => {
        const p = params({ ...p0, model2: { ...p0.model2, killerMovesToVictim: follows } });
        const s = createState(p, createStreams(seed, 0));
        for (let i = 0; i < s.used; i++) {
          if (!s.alive[i] || s.kind[i] !== CITIZEN || s.status[i] === JAILED) continue;
          const g = s.group[i];
          const from = s.cell[i];
          const victims = [];
          for (let j = 0; j < s.used; j++) {
            if (s.alive[j] && s.kind[j] === CITIZEN && s.group[j] !== g && sees(s, from, s.cell[j], p.citizenVision)) {
              victims.push(j);
            }
          }
          const killedBefore = s.killed[1 - g];
          const at = attack(s, i);
          if (victims.length === 0) {
            expect(at).toBe(-1);
            continue;
          }
          const dead = victims.filter((j) => !s.alive[j]);
          expect(dead.length).toBe(1);
          expect(s.killed[1 - g]).toBe(killedBefore + 1);
          // The killer takes the victim's cell unless asked not to or someone else still stands there.
          if (follows) expect(s.cell[i] === at || s.occupancy.blockCount[at] > 0).toBe(true);
          else expect(s.cell[i]).toBe(from);
        }
        expect(auditState(s)).toEqual([]);
      }),
      { seed: 33, numRuns: 100 },
    );
  });

  it('births put offspring of the parent group, aged 0, on empty cells within birthRadius; the old die (property)', () => {
    fc.assert(
      fc.property(world2, fc.nat(), (p, seed) => {
        const s = createState(p, createStreams(seed, 0));
        ageAndDie(s);
        for (let i = 0; i < s.used; i++) {
          if (s.alive[i] && s.kind[i] === CITIZEN) expect(s.age[i]).toBeLessThanOrEqual(p.model2.maxAgeSteps);
        }
        const popBefore = s.population[0] + s.population[1];
        const n = drawActivationOrder(s);
        const wasEmpty = Uint8Array.from(s.occupancy.blockCount, (b) => (b === 0 ? 1 : 0));
        const cellsBefore = Int32Array.from(s.cell);
        const groupsBefore = Uint8Array.from(s.group);
        giveBirths(s, n);
        let born = 0;
        for (let i = 0; i < s.used; i++) {
          if (!s.alive[i] || s.kind[i] !== CITIZEN || s.age[i] !== 0) continue;
          born++;
          expect(wasEmpty[s.cell[i]]).toBe(1);
          // its parent is a citizen of the same group within birthRadius (Chebyshev, Moore or diamond)
          let parentNear = false;
          for (let j = 0; j < cellsBefore.length && j < s.used; j++) {
            if (cellsBefore[j] < 0 || groupsBefore[j] !== s.group[i] || s.age[j] === 0) continue;
            if (s.kind[j] === CITIZEN && sees(s, cellsBefore[j], s.cell[i], p.model2.birthRadius, false))
              parentNear = true;
          }
          expect(parentNear).toBe(true);
        }
        expect(s.population[0] + s.population[1]).toBe(popBefore + born);
        expect(auditState(s)).toEqual([]);
      }),
      { seed: 34, numRuns: 100 },
    );
  });

  it('citizens die when their age exceeds maxAgeSteps', () => {
    const p = tiny({ variant: 'II', model2: { maxAgeSteps: 3 } });
    const s = createState(p, createStreams(5, 0));
    const ages = Array.from(s.age.subarray(0, s.used));
    const citizens = [...Array(s.used).keys()].filter((i) => s.kind[i] === CITIZEN);
    ageAndDie(s);
    for (const i of citizens) expect(s.alive[i]).toBe(ages[i] + 1 > 3 ? 0 : 1);
    expect(auditState(s)).toEqual([]);
  });
});

describe('a whole turn of every agent', () => {
  it('keeps every index consistent for any parameters (property)', () => {
    fc.assert(
      fc.property(smallWorld, fc.nat(), (p, seed) => {
        const s = createState(p, createStreams(seed, 0));
        s.legitimacyNow[0] = 0.3;
        s.legitimacyNow[1] = 0.5;
        for (let round = 0; round < 3; round++) {
          const n = drawActivationOrder(s);
          for (let k = 0; k < n; k++) {
            const i = s.order[k];
            if (!s.alive[i]) continue;
            if (s.kind[i] === COP) activateCop(s, i);
            else activateCitizen(s, i);
          }
          expect(auditState(s)).toEqual([]);
        }
      }),
      { seed: 35, numRuns: 100 },
    );
  });
});
