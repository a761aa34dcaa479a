// sobol.csv and morris.csv of a finished sweep, from the per-point mean of each outcome over its replications.
// Averaging the R replications of a point (which share their seeds across points: common random numbers)
// makes the estimators see the model's response to the parameters with the run-to-run noise damped.
import { join } from 'node:path';
import { InputError } from '../engine/errors.js';
import type { MetricSpec } from '../engine/model.js';
import { AtomicFileWriter, csvNumber } from '../engine/output.js';
import { type MorrisIndex, type SobolIndex, analyzeMorris, analyzeSobol } from '../engine/sensitivity.js';
import type { SweepManifest } from './sweep.js';

export interface SensitivityTables {
  readonly kind: 'sobol' | 'morris';
  /** outcome -> one index per varied parameter (in the order of manifest.vary). */
  readonly byOutcome: Record<string, (SobolIndex | MorrisIndex)[]>;
}

/** Column j of a row-major points x outcomes matrix. */
function column(means: Float64Array, nOut: number, j: number): Float64Array {
  const n = means.length / nOut;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = means[i * nOut + j];
  return out;
}

export function analyseSensitivity(
  dir: string,
  outcomes: readonly MetricSpec[],
  m: SweepManifest,
  means: Float64Array,
): SensitivityTables | undefined {
  const nOut = outcomes.length;
  const paths = m.vary.map((v) => v.path);
  const D = paths.length;
  if (m.design === 'sobol') {
    const N = Number(m.designInfo.baseSamples);
    const csv = new AtomicFileWriter(join(dir, 'sobol.csv'));
    csv.line('outcome,parameter,S1,S1_lo,S1_hi,ST,ST_lo,ST_hi');
    const byOutcome: SensitivityTables['byOutcome'] = {};
    outcomes.forEach((o, j) => {
      const y = column(means, nOut, j);
      // An outcome that is undefined at some points (NaN) or constant has no variance to apportion.
      const idx = analyzeSobol({ baseSamples: N, dims: D }, y, { seed: `${m.seed}/sobol/${o.name}` });
      byOutcome[o.name] = idx;
      idx.forEach((s, k) => {
        csv.line([o.name, paths[k], s.S1, s.S1Lo, s.S1Hi, s.ST, s.STLo, s.STHi].map((v) => (typeof v === 'number' ? csvNumber(v) : v)).join(','));
      });
    });
    csv.commit();
    return { kind: 'sobol', byOutcome };
  }
  if (m.design === 'morris') {
    const info = m.designInfo as { trajectories: number; delta: number; changedDim: number[]; stepSign: number[] };
    if (!info.changedDim) throw new InputError('✖ manifest.designInfo: a Morris sweep must record its trajectories');
    const design = {
      trajectories: info.trajectories,
      dims: D,
      delta: info.delta,
      changedDim: Int32Array.from(info.changedDim),
      stepSign: Int8Array.from(info.stepSign),
    };
    const csv = new AtomicFileWriter(join(dir, 'morris.csv'));
    csv.line('outcome,parameter,mu_star,mu,sigma');
    const byOutcome: SensitivityTables['byOutcome'] = {};
    outcomes.forEach((o, j) => {
      const idx = analyzeMorris(design, column(means, nOut, j));
      byOutcome[o.name] = idx;
      idx.forEach((s, k) => csv.line([o.name, paths[k], csvNumber(s.muStar), csvNumber(s.mu), csvNumber(s.sigma)].join(',')));
    });
    csv.commit();
    return { kind: 'morris', byOutcome };
  }
  return undefined;
}
