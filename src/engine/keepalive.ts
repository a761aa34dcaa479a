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

// Building a run's state once before the first run, for the same reason. V8 creates an object literal without a
// boilerplate the first time it runs and builds its boilerplate the second time. Measured with `node --trace-deopt
// --trace-compilation-dependencies`: at the second run's first literal (building the state), every function
// compiled in the first run that depended on the field types, constness or representation of the state's maps
// was thrown away ("reason: code dependencies"), 13-15 of the hottest functions of each model, which then ran
// unoptimised and were compiled again. With a throwaway state built first, the first real run is the literals'
// second execution, before anything is compiled, and the trace shows no such deopt.
const primed = new Set<string>();

/** Call `build` (which makes and drops a run's state) once per process and key, before the first run. */
export function primeOnce(key: string, build: () => unknown): void {
  if (primed.has(key)) return;
  primed.add(key);
  build();
}
