// The state of one run: plain records and typed arrays (structure of arrays), created once per run by
// initialise.ts and changed in place by the submodels in the order schedule.ts gives. Nothing here allocates
// during a run except the event list.
import type { Torus } from '../../engine/grid.js';
import type { ModelEvent } from '../../engine/model.js';
import type { Stream } from '../../engine/rng.js';
import type { PeacekeepingParams } from './params.js';

/** A peacekeeping unit is a company. */
export const COMPANY_PERSONNEL = 140;
/** Council seats: 0-2 the P3 (0 is the penholder), 3-4 the P2, 5-14 the elected ten. */
export const COUNCIL_SIZE = 15;
export const P3 = [0, 1, 2] as const;
export const P2 = [3, 4] as const;
export const FIRST_ELECTED = 5;
export const MAX_GROUPS = 16;
export const SPONSORS = 3;
export const COMMUNITIES = 3;
export const RELAPSE_WINDOW_MONTHS = 24;
/** Months after departure that must lie within the horizon for relapse to be defined. */
export const RELAPSE_MIN_OBSERVED_MONTHS = 6;
/** Force slots: 0 the UN mission, 1-4 parallel forces, 5 a regional stand-in deployed when the UN fails. */
export const UN_FORCE = 0;
export const STAND_IN_FORCE = 5;
export const FORCES = 6;
export const REPORT_BUFFER = 256;
/** Largest offset offsetCell accepts (vision and every radius of the model are at most 7). */
export const MAX_OFFSET = 8;

// Person roles. Fighters and jailed people are residents (alive, in the theatre).
export const CIVILIAN = 0;
export const JAILED = 1;
export const FIGHTER = 2;
export const DISPLACED = 3;
export const DEAD = 4;

// Mission status.
export const NEVER = 0;
export const MANDATED = 1;
export const GAP = 2;
export const DRAWDOWN = 3;
export const GONE = 4;

// Exit types (public outcome codes).
export const EXIT_NONE = 0;
export const EXIT_BENCHMARKS = 1;
export const EXIT_LAPSED = 2;
export const EXIT_CONSENT = 3;

export interface RunStreams {
  readonly init: Stream;
  readonly council: Stream;
  readonly budget: Stream;
  readonly regional: Stream;
  readonly coordination: Stream;
  readonly learning: Stream;
  readonly programmes: Stream;
  readonly climate: Stream;
  readonly theatre: Stream;
  readonly security: Stream;
  readonly groups: Stream;
  readonly protection: Stream;
  readonly hazards: Stream;
  readonly misconduct: Stream;
  readonly legitimacy: Stream;
  readonly exit: Stream;
}

/** The terms of a mandate as drafted or adopted. */
export interface MandateTerms {
  pocStrength: number;
  ceilingPersons: number;
  lengthMonths: number;
  clarity: number;
}

export interface MissionState {
  status: number;
  /** The terms in force (the last adopted while in a gap). */
  terms: MandateTerms;
  /** Month in which the mandate in force expires and renewal talks are held. */
  renewalMonth: number;
  /** Whether the mandate in force is a technical rollover. */
  rollover: boolean;
  /** Consecutive months without a mandate. */
  gapRun: number;
  /** Deployed UN companies. */
  units: number;
  /** Companies at the start of the drawdown and months left in it. */
  drawdownFrom: number;
  drawdownLeft: number;
  /** Effective protection strength of one UN company this month (mandate, clarity, mobility, status). */
  pocEffect: number;
  mobility: number;
  exitMonth: number;
  exitType: number;
  departedMonth: number;
  /** Consecutive months meeting the exit benchmarks. */
  calmRun: number;
}

export interface CouncilState {
  /** Position of each member on the norms axis (-1 sovereignty and stability .. +1 POC, rights, liberal peace). */
  readonly position: Float64Array;
  /** Case-specific stances of the current negotiation (known to the penholder) and vote-day shifts (not). */
  readonly stance: Float64Array;
  readonly shock: Float64Array;
  readonly tolerance: number;
  /** Share of the last renewal's concession rounds out of the maximum (1 for a rollover), for programme cuts. */
  lastConcessionShare: number;
}

export interface BudgetState {
  /** Approved budget of the current budget year (before any liquidity cut). */
  annualUsdM: number;
  /** Share of the year's budget available as cash after a liquidity shock. */
  cashShare: number;
  /** Cash available this month. */
  monthCashUsdM: number;
  /** Troop money this month and what one company costs per month. */
  troopMoneyUsdM: number;
  companyMonthUsdM: number;
  spentUsdM: number;
}

export interface ProgrammeState {
  /** One cohort per month it was started: money, start month; amount 0 = closed. */
  readonly amountUsdM: Float64Array;
  readonly startMonth: Int32Array;
  cohorts: number;
  maturedUsdM: number;
  wastedUsdM: number;
  /** Current fall in hardship from matured programmes, in [0, maxHardshipReduction]. */
  structural: number;
  climateMultiplier: number;
}

export interface Tallies {
  civilianDeathsGroups: number;
  civilianDeathsState: number;
  fighterDeaths: number;
  securityDeaths: number;
  peacekeeperDeaths: number;
  /** Deaths this month (all organised violence). */
  monthDeaths: number;
  monthCivilianDeaths: number;
  /** Attacks that went ahead and misconduct incidents this month (to skip empty neighbourhood sums). */
  monthGroupAttacks: number;
  monthStateAttacks: number;
  monthMisconduct: number;
  peakViolence: number;
  monthsInConflict: number;
  groupSplits: number;
  groupMergers: number;
  vetoes: number;
  abstentions: number;
  renewals: number;
  wateredDown: number;
  rollovers: number;
  gapMonths: number;
  claritySum: number;
  clarityMonths: number;
  troopsSum: number;
  regionalSum: number;
  misconduct: number;
  costUsdM: number;
  duplicatedUnitMonths: number;
  unitMonths: number;
  attacksDeterred: number;
  missionLegitimacyLast: number;
}

/** Monthly rates and probabilities turned into per-sub-step probabilities once per run. */
export interface SubstepRates {
  readonly attack: number;
  readonly abuse: number;
  readonly join: number;
  readonly found: number;
  readonly clash: number;
  readonly maxJailSubsteps: number;
}

export interface World {
  readonly p: PeacekeepingParams;
  readonly sub: SubstepRates;
  readonly rng: RunStreams;
  readonly torus: Torus;
  readonly cells: number;
  readonly substeps: number;
  /** Lattice lookups: column and row of each cell, and wrapped column / row start for offsets up to MAX_OFFSET. */
  readonly colOf: Int32Array;
  readonly rowOf: Int32Array;
  readonly wrapCol: Int32Array;
  readonly wrapRowStart: Int32Array;
  /** The 3 x 3 block around each cell: entry 9c + d is the cell at (d % 3 - 1, floor(d / 3) - 1); d = 4 is c. */
  readonly block9: Int32Array;
  month: number;

  // Persons (civilians, fighters, jailed, displaced, dead), structure of arrays.
  readonly persons: number;
  readonly role: Uint8Array;
  readonly active: Uint8Array;
  readonly cell: Int32Array;
  readonly hardshipBase: Float64Array;
  readonly hardship: Float64Array;
  readonly riskAversion: Float64Array;
  /** C/A below which the person turns active this month (theatre.ts, Epstein's rule rearranged). */
  readonly activationRatio: Float64Array;
  readonly community: Uint8Array;
  readonly group: Int8Array;
  readonly jailLeft: Int16Array;
  readonly stateView: Float64Array;
  readonly missionView: Float64Array;
  /** The one person standing on each cell, or -1. */
  readonly occupant: Int32Array;
  /** Persons by role at the start of the sub-step (rebuilt by theatre.ts rebuildFields), in index order. */
  readonly civilianList: Int32Array;
  readonly fighterList: Int32Array;
  readonly jailedList: Int32Array;
  /** Civilians active after this sub-step's activation. */
  readonly activeList: Int32Array;
  activeListLength: number;
  civilianListLength: number;
  fighterListLength: number;
  jailedListLength: number;

  // Per-cell counts and their neighbourhood sums (rebuilt once a sub-step or a month).
  /** Actives + 256 fighters + 65536 security units per cell, summed over vision in one pass (theatre.ts). */
  readonly packedCount: Float64Array;
  readonly packedAround: Float64Array;
  readonly groupAttacks: Float64Array;
  readonly stateAttacks: Float64Array;
  readonly misconductCell: Float64Array;
  /** Attacks and misconduct seen within vision this month, packed (legitimacy.ts). */
  readonly seenAround: Float64Array;
  readonly attacksNear: Float64Array;
  readonly unWeight: Float64Array;
  readonly otherWeight: Float64Array;
  readonly unProtection: Float64Array;
  readonly protection: Float64Array;
  readonly residualProtection: Float64Array;
  readonly scratch: Float64Array;
  readonly scratch2: Float64Array;

  // State security units (may share cells with anyone).
  readonly securityUnits: number;
  readonly securityCell: Int32Array;

  // Peacekeeping and parallel companies: force f owns slots [f * unitSlots, f * unitSlots + forceUnits[f]).
  readonly unitSlots: number;
  readonly unitCell: Int32Array;
  readonly unitWeight: Float64Array;
  readonly forceUnits: Int32Array;
  readonly forceTarget: Float64Array;
  readonly forceFunding: Float64Array;
  readonly forceActive: Uint8Array;

  // Armed groups.
  readonly groupAlive: Uint8Array;
  readonly groupSponsor: Int8Array;
  readonly groupCommunity: Uint8Array;
  readonly groupSize: Int32Array;
  readonly groupLosses: Int32Array;
  readonly groupX: Float64Array;
  readonly groupY: Float64Array;
  /** Per group: sums of cos and sin of the angles of x and of y (circular means on the torus). */
  readonly groupTrig: Float64Array;
  /** Mission use of force against groups of each community this month, and its running perception. */
  readonly engagements: Float64Array;
  readonly partiality: Float64Array;

  // Violence reports reaching the mission (cells and months), a ring buffer.
  readonly reportCell: Int32Array;
  readonly reportMonth: Int32Array;
  reportHead: number;
  reportCount: number;

  readonly council: CouncilState;
  readonly mission: MissionState;
  readonly budget: BudgetState;
  readonly programmes: ProgrammeState;
  readonly tallies: Tallies;
  readonly events: ModelEvent[];
  readonly series: Record<string, Float64Array>;

  initialFighters: number;
  /** Where the fighters stood at the start: the conflict zones in which companies set up their bases. */
  readonly hubCells: Int32Array;
  /** Fighters alive now, and mean views of resident civilians (updated monthly by legitimacy.ts). */
  fighters: number;
  missionViewMean: number;
  stateViewMean: number;
  /** Month the regional stand-in decided to deploy (-1 none). */
  standInMonth: number;
}

export function logistic(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

export function logit(p: number): number {
  const q = Math.min(1 - 1e-9, Math.max(1e-9, p));
  return Math.log(q / (1 - q));
}

export function clamp01(x: number): number {
  return x < 0 ? 0 : Math.min(x, 1);
}

/** Actives within vision of cell c (from the packed counts of this sub-step). */
export function activesAround(w: World, c: number): number {
  return (w.packedAround[c] | 0) & 255;
}

/** Fighters within vision of cell c. */
export function fightersAround(w: World, c: number): number {
  return ((w.packedAround[c] | 0) >> 8) & 255;
}

/** State security units within vision of cell c. */
export function securityAround(w: World, c: number): number {
  return (w.packedAround[c] | 0) >> 16;
}

export function pushEvent(w: World, kind: string, detail?: string): void {
  w.events.push(detail === undefined ? { step: w.month, kind } : { step: w.month, kind, detail });
}

/** Whether UN companies stand in the theatre (mandated, in a gap, or drawing down). */
export function missionPresent(w: World): boolean {
  const s = w.mission.status;
  return s === MANDATED || s === GAP || s === DRAWDOWN;
}

/** Chebyshev distance on the torus between two cells. */
export function torusDistance(w: World, a: number, b: number): number {
  const width = w.torus.width;
  const height = w.torus.height;
  let dx = w.colOf[a] - w.colOf[b];
  if (dx < 0) dx = -dx;
  if (dx > width - dx) dx = width - dx;
  let dy = w.rowOf[a] - w.rowOf[b];
  if (dy < 0) dy = -dy;
  if (dy > height - dy) dy = height - dy;
  return Math.max(dx, dy);
}

/** The cell at offset (dx, dy) from cell c on the torus; |dx|, |dy| <= MAX_OFFSET. */
export function offsetCell(w: World, c: number, dx: number, dy: number): number {
  return w.wrapRowStart[w.rowOf[c] + dy + MAX_OFFSET] + w.wrapCol[w.colOf[c] + dx + MAX_OFFSET];
}
