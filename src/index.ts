// The public library API of pkosim: what a program may import. Everything else is internal and may change.
//
//   import { loadModel, createStreams, runBatch, sampleLatinHypercube, analyzeSobol } from 'pkosim';

// Models and their interface
export type { Model, MetricSpec, RunResult, ModelEvent } from './engine/model.js';
export { MODELS, loadModel } from './models/registry.js';
export { model as epstein } from './models/epstein/index.js';
export { model as peacekeeping } from './models/peacekeeping/index.js';

// Randomness and the lattice
export { Stream, Streams, createStreams, streamSeed, type Seed } from './engine/rng.js';
export { Torus, CountField, makeNeighbourhood, type Neighbourhood, type NeighbourhoodKind } from './engine/grid.js';

// Parameters and scenarios
export { describeParams, defaultParams, validateParams, parseSetArgs, type ParamInfo } from './engine/params.js';
export { loadScenarioFile, resolveScenario, listPresets, type Scenario, type ResolvedScenario } from './engine/scenario.js';
export { InputError } from './engine/errors.js';

// Batches
export { runBatch, defaultWorkers, type BatchPlan, type BatchCallbacks, type BatchOutcome } from './engine/batch.js';
export { executeBatch, shardTasks, type Shard } from './engine/execute.js';
export { runCommand, type RunOptions } from './commands/run.js';

// Experiments and analysis
export {
  sampleGrid,
  sampleLatinHypercube,
  sampleSobol,
  sampleSaltelli,
  sampleMorris,
  mapToParams,
  parseVaryArgs,
  type UnitMatrix,
  type VarySpec,
} from './engine/designs.js';
export { analyzeSobol, analyzeMorris, type SobolIndex, type MorrisIndex } from './engine/sensitivity.js';
export { findBox, findBoxes, type PrimBox, type PrimColumn } from './engine/prim.js';
export { Moments, meanCi95, normalQuantile, tQuantile, quantileSorted } from './engine/stats.js';
export { pairedComparison, welchInterval } from './engine/paired.js';

// Charts and reports
export { writeReport } from './report/report.js';
export { renderSvg, svgToPng } from './charts/render.js';
