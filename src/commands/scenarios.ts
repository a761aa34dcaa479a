// `pkosim scenarios` and `pkosim params <model|scenario>`: what can be run and what can be set.
import type { Command } from 'commander';
import { describeParams, expectedOf, getPath } from '../engine/params.js';
import { listPresets, loadScenarioFile, presetNames, resolveScenario } from '../engine/scenario.js';
import { MODELS, loadModel } from '../models/registry.js';
import { renderTable } from './common.js';

export function registerScenarios(program: Command): void {
  program
    .command('scenarios')
    .description('list the preset scenarios, one line each')
    .option('--json', 'print as JSON')
    .action((opts: { json?: boolean }) => {
      const presets = listPresets();
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(presets, null, 2)}\n`);
        return;
      }
      const rows = presets.map((p) => [p.name, p.model, p.title]);
      process.stdout.write(`${renderTable(['scenario', 'model', 'what it is'], rows)}\n`);
    });

  program
    .command('params')
    .description('list the parameters of a model or scenario: path, value, range, unit, meaning')
    .argument('[target]', `a model (${MODELS.map((m) => m.name).join(', ')}) or a scenario`, 'peacekeeping')
    .option('--json', 'print as JSON')
    .action(async (target: string, opts: { json?: boolean }) => {
      const isModel = MODELS.some((m) => m.name === target) && !presetNames().includes(target);
      const model = await loadModel(isModel ? target : loadScenarioFile(target).model);
      const values = isModel ? undefined : resolveScenario(target, model).params;
      const infos = describeParams(model.paramsSchema).map((p) => ({
        ...p,
        value: values ? getPath(values, p.path) : p.default,
      }));
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(infos, null, 2)}\n`);
        return;
      }
      const rows = infos.map((p) => [p.path, JSON.stringify(p.value), expectedOf(p), p.unit, p.description]);
      process.stdout.write(`${renderTable(['parameter', 'value', 'expected', 'unit', 'meaning'], rows)}\n`);
    });
}
