// Parameters of the peacekeeping model: the single source of truth for defaults, ranges, units and sources
// (STYLE.md §4). docs/MODEL.md's parameter table is generated from this file (scripts/gen-param-table.ts).
//
// The public names that the issue fixes (council.fragmentation, budget.annualGrowth, regional.capacity,
// regional.credibility, regional.donorDependence, coordination, mandate.lengthMonths, mandate.pocStrength,
// partnership.civilSociety, host.abuse, threats.hybrid, threats.proxySupport, accountability, learning,
// mission.deploy, horizonMonths, theatre.substepsPerMonth) must never be renamed. `.meta()` follows `.default()`
// because describeParams reads the description from the outermost wrapper. `source` says where a default
// comes from: a data source, a passage of the workshop report (§II-§V), a published finding, or "model choice"
// with the reason in docs/MODEL.md.
import { z } from 'zod';

interface Doc {
  readonly description: string;
  readonly unit: string;
  readonly source: string;
}

const num = (min: number, max: number, dflt: number, doc: Doc) =>
  z
    .number()
    .min(min)
    .max(max)
    .default(dflt)
    .meta({ ...doc });
const int = (min: number, max: number, dflt: number, doc: Doc) =>
  z
    .number()
    .int()
    .min(min)
    .max(max)
    .default(dflt)
    .meta({ ...doc });
const share = (dflt: number, description: string, source: string, unit = 'share (0-1)') =>
  num(0, 1, dflt, { description, unit, source });

const council = z
  .object({
    fragmentation: share(
      0.6,
      'how far the P3 and P2 blocs stand apart on the norms axis and how little each will accept (0 consensus, 1 open confrontation)',
      'report §II (P3-P2 competition fragments the council); 0.6 is our reading of "a divided council"',
    ),
    tolerance: num(0.2, 1.5, 0.9, {
      description:
        'distance on the norms axis (-1..1) a member accepts at fragmentation 0; shrinks by 40% at fragmentation 1',
      unit: 'norms-axis distance',
      source: 'model choice: at fragmentation 0 every draft the penholder writes passes',
    }),
    maxRounds: int(0, 8, 4, {
      description: 'rounds of watering down the penholder will go through before talks fail',
      unit: 'rounds',
      source: 'model choice: renewal talks run over a few weeks before the mandate expires',
    }),
    voteNoise: num(0, 0.5, 0.1, {
      description:
        'sd of the vote-day shift of each member on the norms axis (issue linkage, salience) the penholder cannot foresee',
      unit: 'norms-axis distance',
      source: 'model choice: keeps vetoes rare in a moderately divided council',
    }),
    rolloverMonths: int(1, 6, 3, {
      description: 'length of a technical rollover adopted when talks on a new text fail',
      unit: 'months',
      source:
        'council practice of short technical rollovers (e.g. UNAMA, resolution 2596 (2021), six months); 3 is our choice',
    }),
    gapMaxMonths: int(0, 12, 3, {
      description: 'months a mission stands without a mandate (talks continue monthly) before it must withdraw',
      unit: 'months',
      source: 'model choice; vetoes ended UNPREDEP (1999) and UNOMIG (2009) at once',
    }),
  })
  .prefault({});

const budget = z
  .object({
    initialUsdM: num(50, 5000, 1100, {
      description: 'annual budget of the mission in its first budget year',
      unit: 'USD million per year',
      source: 'MINUSCA-size mission: about $1.1bn a year (UN General Assembly approved budgets)',
    }),
    annualGrowth: num(-0.3, 0.3, -0.043, {
      description: 'yearly growth rate of the mission budget',
      unit: 'share per year',
      source:
        'UN peacekeeping budget $8.27bn (2015/16) to $5.59bn (2024/25): (5.59/8.27)^(1/9) - 1 = -4.3%/yr (UN General Assembly)',
    }),
    costPerUniformedUsd: num(10000, 300000, 66800, {
      description: 'cost of one uniformed person for a year (reimbursement, rations, support) out of the troop share',
      unit: 'USD per person-year',
      source: 'MINUSCA: $1.1bn x (1 - programme 5% - mobility 10%) / 14,000 uniformed = $66,800',
    }),
    programmeShare: num(0, 0.3, 0.05, {
      description: 'share of the budget for programmes (structural work, quick-impact projects)',
      unit: 'share of budget',
      source: 'model choice: programmatic funding is a few per cent of large mission budgets',
    }),
    mobilityShare: num(0, 0.3, 0.1, {
      description: 'share of the budget for mobility and technology (air assets, vehicles, surveillance)',
      unit: 'share of budget',
      source: 'model choice: order of the air-operations and technology lines of large mission budgets',
    }),
    liquidityShockProb: share(
      0.3,
      'chance per budget year of a liquidity shock (late payments) that cuts the cash the mission can spend',
      'model choice: late payments strained peacekeeping cash in most recent years',
      'probability per year',
    ),
    maxLiquidityCut: num(0, 0.5, 0.2, {
      description: 'largest cut of a year’s cash in a liquidity shock (the cut is uniform on 0..this)',
      unit: 'share of budget',
      source: 'UN Controller, 2025: missions told to plan for cuts of up to 20% when cash runs short',
    }),
  })
  .prefault({});

const mandate = z
  .object({
    lengthMonths: z
      .union([z.literal(6), z.literal(12), z.literal(24), z.literal(36)])
      .default(12)
      .meta({
        description: 'mandate length the penholder drafts (the council may shorten it when it waters a draft down)',
        unit: 'months',
        source: 'report §V.4; 12 = the annual renewals the report criticises',
      }),
    pocStrength: share(
      0.7,
      'strength of the protection-of-civilians language in the first draft (0 none, 1 robust, all necessary means)',
      'report §III; POC is central in current multidimensional mandates',
    ),
    troopCeiling: int(1400, 30000, 14000, {
      description: 'uniformed personnel ceiling in the first draft',
      unit: 'persons',
      source: 'MINUSCA-size mission: about 14,000 uniformed personnel',
    }),
    clarity: share(
      0.8,
      'clarity of the first draft (what the mission does and does not do); watering down lowers it',
      'report §III: participants asked for "more concrete, explicit and clear mandates"; 0.8 is our choice',
    ),
  })
  .prefault({});

const programmes = z
  .object({
    maturityMonths: int(6, 60, 24, {
      description: 'months a structural programme needs before it lowers hardship',
      unit: 'months',
      source: 'report §V.4 (structural activities need longer than a one-year mandate); 24 is our choice',
    }),
    cutBase: share(
      0.1,
      'chance that a renewal cuts a running, not yet mature programme even in an undivided council',
      'model choice: even an undivided council revises priorities at renewals',
      'probability per renewal',
    ),
    cutDivided: share(
      0.5,
      'extra chance of a cut per renewal, times the share of concession rounds the renewal needed',
      'report §V.4 and DESIGN.md §4: renewals are moments of cuts, more so in a divided council; 0.5 is our choice',
      'probability per renewal',
    ),
    maxHardshipReduction: num(0, 0.9, 0.5, {
      description: 'largest fall in hardship that matured programmes can bring',
      unit: 'share of hardship',
      source: 'model choice: programmes address part of the root causes, not all (report §III)',
    }),
    saturationUsdM: num(10, 5000, 400, {
      description: 'matured programme money that brings 63% of the largest fall in hardship',
      unit: 'USD million',
      source: 'model choice: about ten years of a MINUSCA-size programme line under annual mandates',
    }),
  })
  .prefault({});

const regional = z
  .object({
    capacity: share(
      0.3,
      'capacity of regional organisations to deploy: size and speed of their forces',
      'report §II and §IV: many regional organisations lack the capacity and funds; 0.3 = "modest"',
    ),
    credibility: share(
      0.5,
      'how credible regional forces are to the host and the population (scales their protection effect)',
      'report §II: not all regional organisations are equally credible',
    ),
    donorDependence: share(
      0.7,
      'how much regional forces depend on donor funding, which is volatile from year to year',
      'report §IV: African regional organisations depend on donors and the UN for funds',
    ),
    parallelForces: int(0, 4, 1, {
      description: 'non-UN forces (regional, ad hoc or unilateral) deployed alongside the UN from the start',
      unit: 'forces',
      source: 'report §IV: complex constellations of parallel missions; one is our baseline',
    }),
    maxPersonnel: int(0, 30000, 5000, {
      description: 'personnel of one parallel or regional force at full capacity and full funding',
      unit: 'persons',
      source: 'G5 Sahel Joint Force: 5,000 authorised',
    }),
    standInProb: share(
      0.15,
      'chance per month, times capacity, that the regional organisation deploys when the UN mandate has lapsed',
      'report §II: regional organisations may deploy when the council fails; 0.15 is our choice',
      'probability per month',
    ),
  })
  .prefault({});

const partnership = z
  .object({
    civilSociety: share(
      0.3,
      'partnership with civil society: 0 consultation only, 1 included in planning, implementation and evaluation',
      'report §IV; 0.3 = mostly consultation, as today',
    ),
  })
  .prefault({});

const host = z
  .object({
    abuse: share(
      0.3,
      'how much the host state abuses civilians ("part of the problem")',
      'report §III; 0.3 is our choice for a host with documented abuses',
    ),
    consentHazard: num(0, 0.1, 0.008, {
      description:
        'scale of the monthly hazard that the host withdraws consent (times abuse, distrust, POC, disinformation)',
      unit: 'probability per month',
      source: 'model choice: host-driven closures (MINUSMA 2023, MINURCAT 2010) are a few per decade',
    }),
  })
  .prefault({});

const threats = z
  .object({
    hybrid: share(
      0.3,
      'hybrid threats: disinformation against mission and state, IEDs and drones against peacekeepers',
      'report §II and §V.1',
    ),
    proxySupport: share(
      0.4,
      'external sponsorship of armed groups (proxy warfare), which rises with great-power competition',
      'report §II: regional and global powers likely to engage more in proxy warfare',
    ),
    peacekeeperRisk: num(0, 0.1, 0.002, {
      description: 'hostile-act deaths per company-month with armed groups close and no hybrid threat',
      unit: 'deaths per company-month',
      source: 'order of UN malicious-act fatality figures (a few tens a year across ~70-90k uniformed)',
    }),
  })
  .prefault({});

const climate = z
  .object({
    stress: share(
      0.2,
      'climate and food stress: raises hardship, with occasional drought years',
      'report §V.1 (food security and climate change)',
    ),
  })
  .prefault({});

const state = z
  .object({
    legitimacyBase: num(0.05, 0.95, 0.8, {
      description: 'legitimacy of the state without abuse, disinformation or services (the centre of its target)',
      unit: 'share (0-1)',
      source: 'model choice: about 10% of civilians active at the start (a simmering insurgency)',
    }),
  })
  .prefault({});

const mission = z
  .object({
    deploy: z.boolean().default(true).meta({
      description: 'whether a UN mission is deployed at all (false: the same theatre without one)',
      unit: 'true/false',
      source: 'counterfactual for "lives saved"',
    }),
    generationRate: share(
      0.15,
      'share of the gap between deployed and target strength closed per month (force generation)',
      'model choice: missions take a year or more to reach authorised strength',
      'share per month',
    ),
    drawdownMonths: int(1, 24, 6, {
      description: 'months for the last units to leave after the exit decision',
      unit: 'months',
      source: 'MINUSMA: withdrawal within six months of resolution 2690 (2023)',
    }),
    initialLegitimacy: share(
      0.5,
      'mission legitimacy in the eyes of each civilian at the start',
      'model choice: neither trusted nor rejected',
    ),
  })
  .prefault({});

const protection = z
  .object({
    deterrence: num(0, 5, 2.3, {
      description:
        'deterrence per effective company within reach: an attack goes ahead with chance exp(-this x protection)',
      unit: 'per company',
      source:
        'Hultman, Kathman & Shannon 2013; Fjelde, Hultman & Nilsson 2019; 2.3: one full-strength company stops 90% (as Epstein k)',
    }),
    reach: int(1, 5, 2, {
      description: 'radius (cells, Moore) within which a company protects and is counted as present',
      unit: 'cells',
      source: 'model choice: a company base and its patrols',
    }),
    stateDeterrenceShare: share(
      0.3,
      'how much of its deterrence of armed groups a mission also exerts on state forces',
      'Fjelde, Hultman & Nilsson 2019: presence deters rebel, not government, violence against civilians',
    ),
  })
  .prefault({});

const legitimacy = z
  .object({
    updateRate: share(
      0.15,
      'share of the gap to its target that a civilian’s view of mission and state closes each month',
      'model choice: views change over months, not days',
      'share per month',
    ),
  })
  .prefault({});

const misconduct = z
  .object({
    ratePerThousand: num(0, 10, 1, {
      description: 'misconduct (SEA) incidents per 1,000 personnel per year at accountability 0',
      unit: 'incidents per 1,000 person-years',
      source: 'order of UN conduct data: about one allegation per 1,000 personnel a year',
    }),
  })
  .prefault({});

const exit = z
  .object({
    benchmarkMonths: int(1, 60, 12, {
      description: 'consecutive calm months (with few fighters and a legitimate state) after which benchmarks are met',
      unit: 'months',
      source: 'model choice: a year of calm before the council declares benchmarks met',
    }),
  })
  .prefault({});

const theatre = z
  .object({
    substepsPerMonth: int(1, 12, 4, {
      description: 'theatre sub-steps per month (civilians, fighters and forces act once per sub-step)',
      unit: 'sub-steps per month',
      source: 'model choice: about a week per sub-step',
    }),
    size: int(20, 80, 40, {
      description: 'side of the square torus lattice',
      unit: 'cells',
      source: 'Epstein 2002 (40 x 40)',
    }),
    civilianDensity: num(0.2, 0.85, 0.7, {
      description: 'share of cells holding a civilian at the start',
      unit: 'share of cells',
      source: 'Epstein 2002, Model I (70%)',
    }),
    securityDensity: num(0, 0.1, 0.03, {
      description: 'state security units per cell',
      unit: 'units per cell',
      source: 'Epstein 2002 uses 4% cops; 3% for a weak state',
    }),
    vision: int(1, 7, 5, {
      description: 'radius (Moore) of what a civilian or unit sees',
      unit: 'cells',
      source: 'Epstein 2002: vision 7 (von Neumann, 113 cells); Moore 5 covers 121 cells',
    }),
    threshold: num(0, 0.5, 0.1, {
      description: 'Epstein threshold T: a civilian turns active if G - R P > T',
      unit: 'grievance',
      source: 'Epstein 2002',
    }),
    arrestConstant: num(0.5, 5, 2.3, {
      description: 'k in the estimated arrest probability P = 1 - exp(-k C/A)',
      unit: '',
      source: 'Epstein 2002 (P = 0.9 when C = A)',
    }),
    maxJailMonths: num(0, 24, 6, {
      description: 'arrested actives are jailed for a uniform time on 0..this',
      unit: 'months',
      source: 'model choice (Epstein: up to 30 steps)',
    }),
    moveProb: share(
      0.5,
      'chance per sub-step that a civilian or fighter steps to a random empty neighbouring cell',
      'model choice: people move about every other week',
      'probability per sub-step',
    ),
    initialGroups: int(0, 12, 4, {
      description: 'armed groups at the start',
      unit: 'groups',
      source: 'model choice: a few groups, as in CAR or Mali',
    }),
    initialFighters: int(0, 400, 60, {
      description: 'fighters at the start, shared among the groups (drawn from the civilian population)',
      unit: 'persons',
      source: 'model choice: about 5% of the population',
    }),
    joinRate: share(
      0.05,
      'chance per month that an active civilian with fighters in vision joins their group',
      'model choice, set in the calibration of the baseline theatre (docs/MODEL.md §7); grievance and opportunity (Humphreys & Weinstein 2008)',
      'probability per month',
    ),
    foundRate: num(0, 0.1, 0.005, {
      description: 'chance per month that an active civilian among many actives and no fighters founds a new group',
      unit: 'probability per month',
      source: 'model choice: armed groups are rarely founded; most fighters join existing ones',
    }),
    demobilisationRate: num(0, 0.2, 0.02, {
      description: 'chance per month that a fighter returns to civilian life (higher with structural programmes)',
      unit: 'probability per month',
      source:
        'model choice, set in the calibration of the baseline theatre (docs/MODEL.md §7): a fighter career of about four years without a guarantee',
    }),
    attackRate: num(0, 2, 0.04, {
      description: 'attacks on civilians a fighter attempts per month',
      unit: 'attempts per fighter-month',
      source: 'model choice, set in the calibration of the baseline theatre (docs/MODEL.md §7)',
    }),
    lethality: share(
      0.5,
      'chance that an attack that goes ahead kills (else the victim flees)',
      'model choice: half of the attacks that go ahead kill',
    ),
    abuseRate: num(0, 2, 0.1, {
      description: 'attacks on civilians a state security unit attempts per month at host.abuse = 1',
      unit: 'attempts per unit-month',
      source: 'model choice, set in the calibration of the baseline theatre (docs/MODEL.md §7)',
    }),
    clashRate: share(
      0.1,
      'chance per month that a fighter next to a state or peacekeeping unit clashes with it',
      'model choice, set in the calibration of the baseline theatre (docs/MODEL.md §7)',
      'probability per month',
    ),
    fleeRate: share(
      0.1,
      'chance per month and attack seen in vision that a civilian flees (is displaced)',
      'model choice, set in the calibration of the baseline theatre (docs/MODEL.md §7)',
      'probability per attack seen',
    ),
    returnRate: share(
      0.05,
      'chance per calm month that a displaced person returns',
      'model choice, set in the calibration of the baseline theatre (docs/MODEL.md §7)',
      'probability per month',
    ),
    conflictThreshold: num(0, 50, 3, {
      description: 'deaths in a month (civilians and combatants) from which the month counts as in conflict',
      unit: 'deaths per month',
      source: 'model choice for a stylised population of about 1,100',
    }),
  })
  .prefault({});

export const paramsSchema = z.object({
  horizonMonths: int(12, 360, 120, {
    description: 'months simulated',
    unit: 'months',
    source: 'report §I: a five-to-ten-year horizon',
  }),
  council,
  budget,
  mandate,
  programmes,
  regional,
  coordination: share(
    0.4,
    'coordination of parallel deployments (division of labour led by the UN); low values waste overlapping effort',
    'report §IV (the Sahel: overlap and duplication)',
  ),
  partnership,
  host,
  threats,
  accountability: share(
    0.4,
    'accountability for misconduct: lowers the incident rate and the legitimacy cost of each incident',
    'report §IV: stronger mechanisms to prevent misconduct and deal with allegations',
  ),
  learning: share(
    0.3,
    'monitoring, evaluation and learning: share of companies moved each month towards reported violence',
    'report §V.2',
  ),
  climate,
  state,
  mission,
  protection,
  legitimacy,
  misconduct,
  exit,
  theatre,
});

export type PeacekeepingParams = z.output<typeof paramsSchema>;
