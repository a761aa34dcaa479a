// Keeping the last run's objects alive between runs, for V8's sake.
//
// V8 reaches the hidden classes (maps) that objects acquire field by field (class fields, properties added in a
// constructor) only through weak transitions from the class's initial map. Between two runs of a batch no object
// of the finished run is alive, so a full GC there frees those maps and deoptimises every function compiled
// against them (`node --trace-deopt`: "reason: weak objects"): 20 functions of the Epstein model at once, which
// the next run then runs unoptimised and compiles again. Holding the last run's state keeps the maps, and with
// them the compiled code; docs/PERFORMANCE.md has the measurements. Nothing ever reads what is kept.
const kept = new Map<string, unknown>();

/** Keep `value` referenced until the next call with the same key (one object per key, never read). */
export function keepUntilNextRun(key: string, value: unknown): void {
  kept.set(key, value);
}
