// SLOW INTEGRATION TEST (about half a minute): the commands of examples/kubernetes/ run as Kubernetes would run
// them, without Kubernetes: every index of the Indexed Job runs the container's `sh -c` command with
// JOB_COMPLETION_INDEX set, then the merge Job's command runs, and the merged files must equal a single-machine
// run byte for byte. Also checks that the manifests agree with themselves (completions = --shard-count, the
// volume the pods write is the one the merge reads).
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import YAML from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const EXAMPLES = join(REPO, 'examples/kubernetes');
const tmp = mkdtempSync(join(tmpdir(), 'pkosim-k8s-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

// The image's `node /opt/pkosim/bin/pkosim.js` becomes this checkout, run from its sources.
const PKOSIM = `${process.execPath} --import ${pathToFileURL(join(REPO, 'node_modules/tsx/dist/loader.mjs')).href} ${join(REPO, 'src/bin.ts')}`;
// Fewer and shorter runs than the example's, the same for the shards and the reference.
const RUNS = 16;
const SMALLER = (cmd: string) =>
  cmd
    .replace('node /opt/pkosim/bin/pkosim.js', PKOSIM)
    .replaceAll('/results', join(tmp, 'results'))
    .replace(/--runs \d+/, `--runs ${RUNS} --set steps=100`)
    .replace(/--workers \d+/, '--workers 1');

interface Job {
  spec: {
    completionMode?: string;
    completions?: number;
    parallelism?: number;
    template: {
      spec: {
        containers: { command: string[]; args: string[]; volumeMounts: { name: string; mountPath: string }[] }[];
        volumes: { name: string; persistentVolumeClaim: { claimName: string } }[];
      };
    };
  };
}

function readJob(file: string): Job {
  return YAML.parse(readFileSync(join(EXAMPLES, file), 'utf8')) as Job;
}

describe('integration: kubernetes example (run locally)', () => {
  it('the Indexed Job shards and the merge Job give the single-machine files, byte for byte', async () => {
    const shards = readJob('pkosim-shards.yaml');
    const merge = readJob('pkosim-merge.yaml');
    const pvc = YAML.parse(readFileSync(join(EXAMPLES, 'results-pvc.yaml'), 'utf8'));
    expect(shards.spec.completionMode).toBe('Indexed');
    const n = shards.spec.completions as number;
    const [container] = shards.spec.template.spec.containers;
    const [mergeContainer] = merge.spec.template.spec.containers;
    expect(container.command).toEqual(['sh', '-c']);
    expect(container.args[0]).toContain(`--shard-count ${n}`);
    expect(shards.spec.parallelism).toBeLessThanOrEqual(n);
    for (const job of [shards, merge]) {
      expect(job.spec.template.spec.volumes[0].persistentVolumeClaim.claimName).toBe(pvc.metadata.name);
      expect(job.spec.template.spec.containers[0].volumeMounts[0].mountPath).toBe('/results');
    }
    expect(pvc.spec.accessModes).toContain('ReadWriteMany');

    const shardCmd = SMALLER(container.args[0]);
    // Like pods with parallelism, a few at a time (start-up dominates these small shards).
    const runIndex = async (index: number) => {
      const { stdout } = await promisify(execFile)('sh', ['-c', `${shardCmd} 2>&1`], {
        env: { ...process.env, JOB_COMPLETION_INDEX: String(index) },
        encoding: 'utf8',
        timeout: 300_000,
      });
      // pkosim says where its shard came from (the pod's log).
      expect(stdout).toContain(`shard ${index + 1}/${n} from the Kubernetes completion index ${index} of ${n}`);
    };
    for (let first = 0; first < n; first += 4) {
      await Promise.all(Array.from({ length: Math.min(4, n - first) }, (_, i) => runIndex(first + i)));
    }
    execFileSync('sh', ['-c', SMALLER(mergeContainer.args[0])], { encoding: 'utf8', timeout: 120_000 });

    // The reference: the same command without sharding.
    const single = join(tmp, 'single');
    const reference = shardCmd.replace(/--shard-count \d+ /, '').replace(/--out .*$/, `--out ${single}`);
    expect(reference).not.toContain('JOB_COMPLETION_INDEX');
    execFileSync('sh', ['-c', reference], { encoding: 'utf8', timeout: 300_000 });

    const merged = join(tmp, 'results/epstein-netlogo-shards/merged');
    for (const f of ['runs.csv', 'series.csv', 'summary.json']) {
      expect(readFileSync(join(merged, f)).equals(readFileSync(join(single, f))), `${f} differs`).toBe(true);
    }
    for (let k = 1; k <= n; k++) {
      const m = JSON.parse(readFileSync(join(tmp, `results/epstein-netlogo-shards/shard-${k}/manifest.json`), 'utf8'));
      expect(m.shard).toEqual({ index: k, count: n });
    }
  });
});
