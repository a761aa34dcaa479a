// Initialisation (ODD "initialisation"): the theatre at month 0, a mission in the middle of its life (its
// mandate up for renewal now), the council, the budget and the parallel forces.
import { Torus } from '../../engine/grid.js';
import type { ModelEvent } from '../../engine/model.js';
import type { Streams } from '../../engine/rng.js';
import { seatCouncil, standingCompromise } from './council.js';
import type { PeacekeepingParams } from './params.js';
import {
  CIVILIAN,
  COUNCIL_SIZE,
  COMMUNITIES,
  COMPANY_PERSONNEL,
  FIGHTER,
  FORCES,
  MANDATED,
  MAX_GROUPS,
  MAX_OFFSET,
  NEVER,
  REPORT_BUFFER,
  type RunStreams,
  type World,
  logistic,
  logit,
} from './world.js';

export function openStreams(streams: Streams): RunStreams {
  return {
    init: streams.get('init'),
    council: streams.get('council'),
    budget: streams.get('budget'),
    regional: streams.get('regional'),
    coordination: streams.get('coordination'),
    learning: streams.get('learning'),
    programmes: streams.get('programmes'),
    climate: streams.get('climate'),
    theatre: streams.get('theatre'),
    security: streams.get('security'),
    groups: streams.get('groups'),
    protection: streams.get('protection'),
    hazards: streams.get('hazards'),
    misconduct: streams.get('misconduct'),
    legitimacy: streams.get('legitimacy'),
    exit: streams.get('exit'),
  };
}

/** The state legitimacy a civilian who has witnessed nothing converges to. */
export function stateTarget(p: PeacekeepingParams, structural: number): number {
  return logistic(logit(p.state.legitimacyBase) + 2 * structural - 1.5 * p.host.abuse - 1.0 * p.threats.hybrid);
}

/** A monthly probability q as a probability per sub-step, 1 - (1 - q)^(1/S). */
function perSubstep(substeps: number, q: number): number {
  return 1 - (1 - Math.min(q, 1)) ** (1 / substeps);
}

// createWorld creates no closures: compiled code that inlines a closure checks for that very function object, so
// code compiled during one run (createWorld runs once per run, so on-stack replacement compiles it mid-run) would
// be thrown away once the run's closures are collected.
export function createWorld(p: PeacekeepingParams, streams: Streams, seriesNames: readonly string[]): World {
  const rng = openStreams(streams);
  const size = p.theatre.size;
  const torus = new Torus(size, size);
  const cells = torus.size;
  const persons = Math.round(p.theatre.civilianDensity * cells);
  const securityUnits = Math.round(p.theatre.securityDensity * cells);
  const unitSlots =
    Math.ceil(Math.max(p.mandate.troopCeiling, p.regional.maxPersonnel, COMPANY_PERSONNEL) / COMPANY_PERSONNEL) + 1;
  const horizon = p.horizonMonths;

  const series: Record<string, Float64Array> = {};
  for (const name of seriesNames) series[name] = new Float64Array(horizon);

  const substeps = p.theatre.substepsPerMonth;
  // A monthly probability q becomes 1 - (1 - q)^(1/S) per sub-step; a monthly rate r becomes 1 - exp(-r/S).
  const colOf = new Int32Array(cells);
  const rowOf = new Int32Array(cells);
  for (let c = 0; c < cells; c++) {
    colOf[c] = c % size;
    rowOf[c] = Math.floor(c / size);
  }
  const wrapCol = new Int32Array(size + 2 * MAX_OFFSET);
  const wrapRowStart = new Int32Array(size + 2 * MAX_OFFSET);
  for (let k = 0; k < wrapCol.length; k++) {
    const v = (((k - MAX_OFFSET) % size) + size) % size;
    wrapCol[k] = v;
    wrapRowStart[k] = v * size;
  }
  const block9 = new Int32Array(cells * 9);
  for (let c = 0; c < cells; c++) {
    for (let d = 0; d < 9; d++) {
      const x = wrapCol[colOf[c] + (d % 3) - 1 + MAX_OFFSET];
      block9[9 * c + d] = wrapRowStart[rowOf[c] + Math.floor(d / 3) - 1 + MAX_OFFSET] + x;
    }
  }
  const w: World = {
    p,
    sub: {
      attack: 1 - Math.exp(-p.theatre.attackRate / substeps),
      abuse: 1 - Math.exp(-(p.theatre.abuseRate * p.host.abuse) / substeps),
      join: perSubstep(substeps, p.theatre.joinRate),
      found: perSubstep(substeps, p.theatre.foundRate),
      clash: perSubstep(substeps, p.theatre.clashRate),
      maxJailSubsteps: p.theatre.maxJailMonths * substeps,
    },
    rng,
    torus,
    cells,
    substeps,
    colOf,
    rowOf,
    wrapCol,
    wrapRowStart,
    block9,
    month: 0,
    persons,
    role: new Uint8Array(persons),
    active: new Uint8Array(persons),
    cell: new Int32Array(persons),
    hardshipBase: new Float64Array(persons),
    hardship: new Float64Array(persons),
    riskAversion: new Float64Array(persons),
    activationRatio: new Float64Array(persons),
    community: new Uint8Array(persons),
    group: new Int8Array(persons).fill(-1),
    jailLeft: new Int16Array(persons),
    stateView: new Float64Array(persons),
    missionView: new Float64Array(persons),
    occupant: new Int32Array(cells).fill(-1),
    civilianList: new Int32Array(persons),
    fighterList: new Int32Array(persons),
    jailedList: new Int32Array(persons),
    activeList: new Int32Array(persons),
    activeListLength: 0,
    civilianListLength: 0,
    fighterListLength: 0,
    jailedListLength: 0,
    packedCount: new Float64Array(cells),
    packedAround: new Float64Array(cells),
    groupAttacks: new Float64Array(cells),
    stateAttacks: new Float64Array(cells),
    misconductCell: new Float64Array(cells),
    seenAround: new Float64Array(cells),
    attacksNear: new Float64Array(cells),
    unWeight: new Float64Array(cells),
    otherWeight: new Float64Array(cells),
    unProtection: new Float64Array(cells),
    protection: new Float64Array(cells),
    residualProtection: new Float64Array(cells),
    scratch: new Float64Array(cells),
    scratch2: new Float64Array(cells),
    securityUnits,
    securityCell: new Int32Array(securityUnits),
    unitSlots,
    unitCell: new Int32Array(unitSlots * FORCES),
    unitWeight: new Float64Array(unitSlots * FORCES),
    forceUnits: new Int32Array(FORCES),
    forceTarget: new Float64Array(FORCES),
    forceFunding: new Float64Array(FORCES).fill(1),
    forceActive: new Uint8Array(FORCES),
    groupAlive: new Uint8Array(MAX_GROUPS),
    groupSponsor: new Int8Array(MAX_GROUPS),
    groupCommunity: new Uint8Array(MAX_GROUPS),
    groupSize: new Int32Array(MAX_GROUPS),
    groupLosses: new Int32Array(MAX_GROUPS),
    groupX: new Float64Array(MAX_GROUPS),
    groupY: new Float64Array(MAX_GROUPS),
    groupTrig: new Float64Array(4 * MAX_GROUPS),
    engagements: new Float64Array(COMMUNITIES),
    partiality: new Float64Array(COMMUNITIES),
    reportCell: new Int32Array(REPORT_BUFFER),
    reportMonth: new Int32Array(REPORT_BUFFER),
    reportHead: 0,
    reportCount: 0,
    council: {
      position: new Float64Array(COUNCIL_SIZE),
      stance: new Float64Array(COUNCIL_SIZE),
      shock: new Float64Array(COUNCIL_SIZE),
      tolerance: p.council.tolerance * (1 - 0.4 * p.council.fragmentation),
      lastConcessionShare: 0,
    },
    mission: {
      status: p.mission.deploy ? MANDATED : NEVER,
      terms: {
        pocStrength: p.mandate.pocStrength,
        ceilingPersons: p.mandate.troopCeiling,
        lengthMonths: p.mandate.lengthMonths,
        clarity: p.mandate.clarity,
      },
      renewalMonth: 0,
      rollover: false,
      gapRun: 0,
      units: 0,
      drawdownFrom: 0,
      drawdownLeft: 0,
      pocEffect: 0,
      mobility: 1,
      exitMonth: -1,
      exitType: 0,
      departedMonth: -1,
      calmRun: 0,
    },
    budget: {
      annualUsdM: p.budget.initialUsdM,
      cashShare: 1,
      monthCashUsdM: 0,
      troopMoneyUsdM: 0,
      companyMonthUsdM: (COMPANY_PERSONNEL * p.budget.costPerUniformedUsd) / 12 / 1e6,
      spentUsdM: 0,
    },
    programmes: {
      amountUsdM: new Float64Array(horizon),
      startMonth: new Int32Array(horizon),
      cohorts: 0,
      maturedUsdM: 0,
      wastedUsdM: 0,
      structural: 0,
      climateMultiplier: 1,
    },
    tallies: {
      civilianDeathsGroups: 0,
      civilianDeathsState: 0,
      fighterDeaths: 0,
      securityDeaths: 0,
      peacekeeperDeaths: 0,
      monthDeaths: 0,
      monthCivilianDeaths: 0,
      monthGroupAttacks: 0,
      monthStateAttacks: 0,
      monthMisconduct: 0,
      peakViolence: 0,
      monthsInConflict: 0,
      groupSplits: 0,
      groupMergers: 0,
      vetoes: 0,
      abstentions: 0,
      renewals: 0,
      wateredDown: 0,
      rollovers: 0,
      gapMonths: 0,
      claritySum: 0,
      clarityMonths: 0,
      troopsSum: 0,
      regionalSum: 0,
      misconduct: 0,
      costUsdM: 0,
      duplicatedUnitMonths: 0,
      unitMonths: 0,
      attacksDeterred: 0,
      missionLegitimacyLast: Number.NaN,
    },
    // Not a literal: an empty literal's allocation site learns in the first run that its arrays receive objects,
    // so the next run's array has another map, and V8 threw away the code of every function reading the world.
    events: Array.of<ModelEvent>(),
    series,
    initialFighters: 0,
    hubCells: new Int32Array(Math.max(1, Math.min(p.theatre.initialFighters, Math.floor(persons / 2)))),
    fighters: 0,
    missionViewMean: p.mission.initialLegitimacy,
    stateViewMean: 0,
    standInMonth: -1,
  };
  placePopulation(w);
  placeArmedGroups(w);
  placeSecurity(w);
  seatCouncil(w);
  const standing = standingCompromise(w);
  Object.assign(w.mission.terms, standing);
  return w;
}

/** Civilians on distinct random cells; communities in three vertical bands with some mixing. */
function placePopulation(w: World): void {
  const { p, rng } = w;
  const s = rng.init;
  const width = w.torus.width;
  // A random permutation of cells gives distinct positions.
  const order = new Int32Array(w.cells);
  for (let c = 0; c < w.cells; c++) order[c] = c;
  s.shuffle(order);
  const stateStart = stateTarget(p, 0);
  for (let i = 0; i < w.persons; i++) {
    const c = order[i];
    w.cell[i] = c;
    w.occupant[c] = i;
    w.role[i] = CIVILIAN;
    w.hardshipBase[i] = s.next();
    w.riskAversion[i] = s.next();
    const band = Math.min(COMMUNITIES - 1, Math.floor(((c % width) * COMMUNITIES) / width));
    w.community[i] = s.next() < 0.15 ? s.int(COMMUNITIES) : band;
    w.stateView[i] = stateStart;
    w.missionView[i] = p.mission.initialLegitimacy;
  }
}

/** Each initial group forms around a random seed civilian and recruits the civilians nearest to it. */
function placeArmedGroups(w: World): void {
  const { p, rng } = w;
  const s = rng.init;
  const groups = Math.min(p.theatre.initialGroups, MAX_GROUPS);
  const fighters = Math.min(p.theatre.initialFighters, Math.floor(w.persons / 2));
  if (groups === 0 || fighters === 0) {
    for (let k = 0; k < w.hubCells.length; k++) w.hubCells[k] = s.int(w.cells);
    return;
  }
  let made = 0;
  for (let g = 0; g < groups; g++) {
    const want = Math.floor(fighters / groups) + (g < fighters % groups ? 1 : 0);
    const seed = s.int(w.persons);
    const seedCell = w.cell[seed];
    w.groupAlive[g] = 1;
    w.groupCommunity[g] = w.community[seed];
    w.groupSponsor[g] = s.next() < p.threats.proxySupport * 0.5 ? 1 + s.int(3) : 0;
    // Recruit in growing rings around the seed.
    let got = 0;
    for (let r = 0; r <= w.torus.width / 2 && got < want; r++) {
      for (let dy = -r; dy <= r && got < want; dy++) {
        for (let dx = -r; dx <= r && got < want; dx++) {
          if (Math.max(Math.abs(dx), Math.abs(dy)) !== r) continue;
          const width = w.torus.width;
          const x = ((((seedCell % width) + dx) % width) + width) % width;
          const y = (((Math.floor(seedCell / width) + dy) % width) + width) % width;
          const who = w.occupant[y * width + x];
          if (who < 0 || w.role[who] !== CIVILIAN) continue;
          w.role[who] = FIGHTER;
          w.group[who] = g;
          w.hubCells[made + got] = y * width + x;
          got++;
        }
      }
    }
    made += got;
  }
  for (let k = made; k < w.hubCells.length; k++) w.hubCells[k] = w.hubCells[k % Math.max(1, made)];
  w.initialFighters = made;
  w.fighters = made;
}

function placeSecurity(w: World): void {
  const s = w.rng.init;
  for (let k = 0; k < w.securityUnits; k++) {
    const c = s.int(w.cells);
    w.securityCell[k] = c;
  }
}
