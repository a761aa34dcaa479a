// The model interface: the only thing the kernel knows about a model (DESIGN.md §2).
import type { z } from 'zod';
import type { Streams } from './rng.js';

/** A scalar outcome of one run, or a series recorded once per step. */
export interface MetricSpec {
  readonly name: string;
  readonly unit: string;
  /** One line: what the number means. */
  readonly description: string;
}

/** Something that happened at a step of one run (used for timelines; the batch runner ignores it). */
export interface ModelEvent {
  readonly step: number;
  readonly kind: string;
  readonly detail?: string;
}

export interface RunResult {
  /** One number per declared outcome (NaN where an outcome is undefined for this run, e.g. a waiting time). */
  readonly outcomes: Record<string, number>;
  /** One array of length seriesLength(params) per declared series. */
  readonly series: Record<string, Float64Array>;
  readonly events?: readonly ModelEvent[];
}

// biome-ignore lint/suspicious/noExplicitAny: a model's schema type is its own business
export type AnySchema = z.ZodType<any, any>;

/**
 * What a batch worker needs of a model: everything but the parameter schema and the title. A model module
 * may export it as `runtime` from a module that does not import zod, so that workers start without loading
 * the validation library (about 0.1 s of every worker's start-up); parameters reach workers validated.
 */
export type ModelRuntime<S extends AnySchema = AnySchema> = Pick<
  Model<S>,
  'name' | 'outcomes' | 'series' | 'stepUnit' | 'seriesLength' | 'simulate'
>;

export interface Model<S extends AnySchema = AnySchema> {
  readonly name: string;
  /** One line for `pkosim params` and reports. */
  readonly title: string;
  /** zod object schema; every leaf has a default and `.meta({ description, unit, source? })`. */
  readonly paramsSchema: S;
  readonly outcomes: readonly MetricSpec[];
  readonly series: readonly MetricSpec[];
  /** The unit of the series index ('step' or 'month'). */
  readonly stepUnit: string;
  /** How many entries each series has for these parameters. */
  seriesLength(params: z.output<S>): number;
  /** A pure function of its inputs: all randomness comes from `streams`. */
  simulate(params: z.output<S>, streams: Streams): RunResult;
}
