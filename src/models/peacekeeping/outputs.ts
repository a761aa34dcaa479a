// What a run reports. The names of the outcomes and series the issue lists are public (users, scenario metrics
// and other tools rely on them) and never change; the ones after them are extra diagnostics.
import type { MetricSpec } from '../../engine/model.js';

export const OUTCOMES: readonly MetricSpec[] = [
  {
    name: 'civilianDeaths',
    unit: 'persons',
    description: 'civilians killed over the horizon (armed groups and state)',
  },
  { name: 'civilianDeathsByArmedGroups', unit: 'persons', description: 'civilians killed by armed groups' },
  { name: 'civilianDeathsByState', unit: 'persons', description: 'civilians killed by state security forces' },
  { name: 'peakMonthlyViolence', unit: 'deaths per month', description: 'largest monthly toll of organised violence' },
  { name: 'monthsInConflict', unit: 'months', description: 'months with deaths at or above theatre.conflictThreshold' },
  { name: 'armedGroupsFinal', unit: 'groups', description: 'armed groups with fighters at the end' },
  { name: 'groupSplits', unit: 'splits', description: 'armed-group splits' },
  { name: 'groupMergers', unit: 'mergers', description: 'armed-group mergers' },
  { name: 'vetoes', unit: 'drafts', description: 'draft resolutions (renewals or rollovers) vetoed' },
  { name: 'mandateGapMonths', unit: 'months', description: 'months the mission stood without a mandate' },
  {
    name: 'meanMandateClarity',
    unit: 'share (0-1)',
    description: 'mean clarity of the mandate in force over mandated months (NaN without a mission)',
  },
  { name: 'meanTroops', unit: 'persons', description: 'mean UN uniformed personnel deployed over the horizon' },
  { name: 'meanRegionalTroops', unit: 'persons', description: 'mean personnel of non-UN forces over the horizon' },
  {
    name: 'missionLegitimacyFinal',
    unit: 'share (0-1)',
    description: "civilians' mean view of the mission at the end (frozen at departure; NaN without a mission)",
  },
  { name: 'stateLegitimacyFinal', unit: 'share (0-1)', description: "civilians' mean view of the state at the end" },
  {
    name: 'structuralProgress',
    unit: 'share of hardship',
    description: 'fall in hardship brought by matured programmes at the end',
  },
  { name: 'exitMonth', unit: 'month', description: 'month of the exit decision (NaN if the mission never exits)' },
  {
    name: 'exitType',
    unit: 'code',
    description: 'exit: 0 none, 1 benchmarks met, 2 mandate lapsed, 3 consent withdrawn',
  },
  {
    name: 'relapse',
    unit: '0/1',
    description:
      'conflict months more frequent in the 24 months after departure than in the 24 before the exit decision (NaN without a departure)',
  },
  {
    name: 'peacekeeperFatalities',
    unit: 'persons',
    description: 'UN peacekeepers killed (hostile acts, clashes, use of force)',
  },
  { name: 'misconductIncidents', unit: 'incidents', description: 'misconduct (SEA) incidents by UN personnel' },
  { name: 'costUsdM', unit: 'USD million', description: 'money the UN mission spent (troops, mobility, programmes)' },
  {
    name: 'duplicatedEffort',
    unit: 'share (0-1)',
    description: 'share of company-months of all forces lost to uncoordinated overlap',
  },
  // Extra diagnostics.
  { name: 'renewals', unit: 'renewals', description: 'new mandate texts adopted' },
  {
    name: 'wateredDownRenewals',
    unit: 'renewals',
    description: 'adopted texts that needed at least one concession round',
  },
  { name: 'rollovers', unit: 'rollovers', description: 'technical rollovers adopted' },
  { name: 'abstentions', unit: 'votes', description: 'abstentions cast in all votes' },
  { name: 'fighterDeaths', unit: 'persons', description: 'fighters killed' },
  { name: 'displacedFinal', unit: 'persons', description: 'people displaced at the end' },
  {
    name: 'residentsFinal',
    unit: 'persons',
    description: 'people alive in the theatre at the end (civilians, fighters, jailed)',
  },
  {
    name: 'programmeWasteUsdM',
    unit: 'USD million',
    description: 'programme money lost to cuts at renewals and exits',
  },
  { name: 'attacksDeterred', unit: 'attacks', description: 'attacks on civilians prevented by protection' },
];

export const SERIES: readonly MetricSpec[] = [
  {
    name: 'violence',
    unit: 'deaths per month',
    description: 'deaths from organised violence (civilians, fighters, state forces, peacekeepers)',
  },
  { name: 'civilianDeaths', unit: 'persons per month', description: 'civilians killed this month' },
  { name: 'troops', unit: 'persons', description: 'UN uniformed personnel deployed' },
  { name: 'regionalTroops', unit: 'persons', description: 'personnel of non-UN forces' },
  {
    name: 'missionLegitimacy',
    unit: 'share (0-1)',
    description: "civilians' mean view of the mission (NaN without a mission)",
  },
  { name: 'stateLegitimacy', unit: 'share (0-1)', description: "civilians' mean view of the state" },
  { name: 'activeFighters', unit: 'persons', description: 'armed-group fighters' },
  { name: 'armedGroups', unit: 'groups', description: 'armed groups with fighters' },
  {
    name: 'budgetUsdM',
    unit: 'USD million per year',
    description: "the mission's cash at an annual rate (after liquidity cuts; 0 without a mission)",
  },
  { name: 'hardship', unit: 'share (0-1)', description: "civilians' mean hardship" },
  // Extra diagnostics.
  {
    name: 'troopCeiling',
    unit: 'persons',
    description: 'authorised ceiling (the text in force; during a drawdown, what remains)',
  },
  { name: 'mandateClarity', unit: 'share (0-1)', description: 'clarity of the mandate in force (0 without one)' },
  { name: 'spendingUsdM', unit: 'USD million per month', description: 'what the mission spent this month' },
  { name: 'costUsdMCumulative', unit: 'USD million', description: 'what the mission has spent so far' },
  { name: 'civilianDeathsCumulative', unit: 'persons', description: 'civilians killed so far' },
  { name: 'displaced', unit: 'persons', description: 'people displaced' },
  { name: 'activeCivilians', unit: 'persons', description: 'civilians in open rebellion (Epstein actives)' },
  {
    name: 'structuralProgress',
    unit: 'share of hardship',
    description: 'fall in hardship brought by matured programmes',
  },
];

export const SERIES_NAMES: readonly string[] = SERIES.map((s) => s.name);
