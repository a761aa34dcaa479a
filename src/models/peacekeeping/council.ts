// Council vote (report §II): a renewal negotiation among 15 members on a norms axis.
//
// The P3 and P2 blocs sit at +-(0.2 + 0.6 fragmentation) and accept drafts within a tolerance that shrinks by 40%
// as fragmentation goes from 0 to 1. The penholder (a P3 member) drafts POC strength, troop ceiling, length and
// clarity; the draft's place on the axis rises with its POC strength and size. Vaguer wording lets every member
// read the text closer to its own position (effective distance x (0.4 + 0.6 clarity)). Round by round the
// penholder waters the draft down (POC x 0.85, ceiling x 0.95, clarity x 0.9, and a
// shorter length from the fourth) until its soundings say no P5 member will veto, then tables it. On the vote day each member
// shifts by an unforeseen shock (issue linkage); a P5 member beyond its tolerance vetoes, one within 0.15 of its
// edge abstains; elected members vote yes within their tolerance and abstain beyond it. Nine yes votes and no veto
// adopt. When concessions run out (or the penholder's own bloc would reject the text) talks fail and the penholder
// asks for a technical rollover of the text in force, which only a member far from it (beyond tolerance + 0.3:
// blocking a rollover closes a mission, a step members take rarely) vetoes. A vetoed rollover leaves the mission
// without a mandate (mandate.ts).
import { COUNCIL_SIZE, FIRST_ELECTED, type MandateTerms, P3, type World, pushEvent } from './world.js';

const POC_CONCESSION = 0.85;
const CEILING_CONCESSION = 0.95;
const CLARITY_CONCESSION = 0.9;
const ABSTAIN_BAND = 0.15;
/** sd of a permanent member's case-specific stance, per unit of fragmentation (interest-based positions, §II). */
const INTEREST_SD = 0.2;
/** The penholder tables a draft only when its soundings put every P5 member this far inside its tolerance. */
const SOUNDING_MARGIN = 0.1;
const ROLLOVER_SLACK = 0.3;
const VOTES_TO_ADOPT = 9;
const LENGTHS = [6, 12, 24, 36] as const;

export type RenewalResult =
  | { readonly kind: 'adopted'; readonly terms: MandateTerms; readonly concessionShare: number }
  | { readonly kind: 'rollover' }
  | { readonly kind: 'failed' };

/** Place of a draft on the norms axis: robust POC language and a large force sit at the liberal end. */
export function draftPosition(w: World, terms: MandateTerms): number {
  const size = Math.min(1, terms.ceilingPersons / w.p.mandate.troopCeiling);
  return -1 + 2 * (0.75 * terms.pocStrength + 0.25 * size);
}

function effectiveDistance(x: number, member: number, clarity: number): number {
  return Math.abs(x - member) * (0.4 + 0.6 * clarity);
}

function shorter(lengthMonths: number): number {
  for (let i = LENGTHS.length - 1; i >= 0; i--) if (LENGTHS[i] < lengthMonths) return LENGTHS[i];
  return LENGTHS[0];
}

/** P3 and P2 bloc positions move apart with fragmentation; elected members are drawn around the centre. */
export function seatCouncil(w: World): void {
  const f = w.p.council.fragmentation;
  const pos = w.council.position;
  const a = 0.2 + 0.6 * f;
  pos[0] = a;
  pos[1] = a + 0.05;
  pos[2] = a - 0.05;
  pos[3] = -a - 0.05;
  pos[4] = -a + 0.05;
  for (let m = 5; m < COUNCIL_SIZE; m++) pos[m] = drawElected(w);
}

/** An elected member's position: centred, spread sd 0.35, clipped to the axis. */
export function drawElected(w: World): number {
  const x = 0.35 * w.rng.council.normal();
  return x < -1 ? -1 : Math.min(x, 1);
}

/** Half the elected members change each January (two-year terms). */
export function rotateElectedMembers(w: World): void {
  if (w.month === 0 || w.month % 12 !== 0) return;
  const first = FIRST_ELECTED + ((w.month / 12) % 2) * 5;
  for (let m = first; m < first + 5; m++) w.council.position[m] = drawElected(w);
}

interface Vote {
  vetoes: number;
  abstentions: number;
  yes: number;
}

function castVotes(w: World, x: number, clarity: number, slack: number, out: Vote): void {
  const c = w.council;
  const tau = c.tolerance + slack;
  out.vetoes = 0;
  out.abstentions = 0;
  out.yes = 0;
  for (let m = 0; m < COUNCIL_SIZE; m++) {
    const d = effectiveDistance(x, c.position[m] + c.stance[m] + c.shock[m], clarity);
    if (m < FIRST_ELECTED) {
      if (d > tau) out.vetoes++;
      else if (d > tau - ABSTAIN_BAND) out.abstentions++;
      else out.yes++;
    } else if (d > tau) out.abstentions++;
    else out.yes++;
  }
}

/** The penholder's first draft: the terms the mission asks for. */
function firstDraft(w: World): MandateTerms {
  const m = w.p.mandate;
  return {
    pocStrength: m.pocStrength,
    ceilingPersons: m.troopCeiling,
    lengthMonths: m.lengthMonths,
    clarity: m.clarity,
  };
}

/** Whether the penholder's soundings put every P5 member (at its known stance) safely inside its tolerance. */
function soundingsClear(w: World, draft: MandateTerms): boolean {
  const c = w.council;
  const x = draftPosition(w, draft);
  const safe = c.tolerance - SOUNDING_MARGIN;
  for (let m = 0; m < FIRST_ELECTED; m++) {
    if (effectiveDistance(x, c.position[m] + c.stance[m], draft.clarity) > safe) return false;
  }
  return true;
}

/** Water the draft down one round, in place; false (draft unchanged) if the penholder's bloc would reject it. */
function concede(w: World, draft: MandateTerms, round: number): boolean {
  const c = w.council;
  const next: MandateTerms = {
    pocStrength: draft.pocStrength * POC_CONCESSION,
    ceilingPersons: Math.max(0, Math.round(draft.ceilingPersons * CEILING_CONCESSION)),
    lengthMonths: round >= 3 ? shorter(draft.lengthMonths) : draft.lengthMonths,
    clarity: draft.clarity * CLARITY_CONCESSION,
  };
  const nx = draftPosition(w, next);
  for (const m of P3) if (effectiveDistance(nx, c.position[m] + c.stance[m], next.clarity) > c.tolerance) return false;
  Object.assign(draft, next);
  return true;
}

/**
 * The text a council of this fragmentation last agreed, for the mission in force at month 0: the first draft
 * the soundings clear (without case-specific stances or vote-day shifts), or the weakest the penholder offers.
 */
export function standingCompromise(w: World): MandateTerms {
  w.council.stance.fill(0);
  const draft = firstDraft(w);
  for (let round = 0; round < w.p.council.maxRounds && !soundingsClear(w, draft); round++) {
    if (!concede(w, draft, round)) break;
  }
  return draft;
}

/** Run one renewal negotiation. `statusQuo` is the text in force (the basis of a rollover). */
export function negotiateRenewal(w: World, statusQuo: MandateTerms): RenewalResult {
  const p = w.p;
  const c = w.council;
  const t = w.tallies;
  const s = w.rng.council;
  // Stances on this case and vote-day shifts are drawn up front: the same number of draws whatever happens.
  const interestSd = INTEREST_SD * p.council.fragmentation;
  for (let m = 0; m < COUNCIL_SIZE; m++) c.stance[m] = m < FIRST_ELECTED ? interestSd * s.normal() : 0;
  for (let m = 0; m < COUNCIL_SIZE; m++) c.shock[m] = p.council.voteNoise * s.normal();
  const draft = firstDraft(w);
  const vote: Vote = { vetoes: 0, abstentions: 0, yes: 0 };
  const maxRounds = p.council.maxRounds;
  for (let round = 0; round <= maxRounds; round++) {
    if (soundingsClear(w, draft)) {
      castVotes(w, draftPosition(w, draft), draft.clarity, 0, vote);
      t.abstentions += vote.abstentions;
      if (vote.vetoes > 0) {
        t.vetoes++;
        pushEvent(w, 'veto', `draft vetoed by ${vote.vetoes} permanent member(s) after ${round} concession round(s)`);
      } else if (vote.yes >= VOTES_TO_ADOPT) {
        if (round > 0) t.wateredDown++;
        return { kind: 'adopted', terms: draft, concessionShare: maxRounds > 0 ? round / maxRounds : 0 };
      }
    }
    if (round === maxRounds || !concede(w, draft, round)) break;
  }
  // Talks on a new text failed: a technical rollover of the text in force.
  castVotes(w, draftPosition(w, statusQuo), statusQuo.clarity, ROLLOVER_SLACK, vote);
  t.abstentions += vote.abstentions;
  if (vote.vetoes > 0) {
    t.vetoes++;
    pushEvent(w, 'veto', `technical rollover vetoed by ${vote.vetoes} permanent member(s)`);
    return { kind: 'failed' };
  }
  return vote.yes >= VOTES_TO_ADOPT ? { kind: 'rollover' } : { kind: 'failed' };
}
