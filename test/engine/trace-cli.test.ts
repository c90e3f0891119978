// The answer-key CLI as instructors run it: a real child process, its stdout parsed.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const trace = (...args: string[]) => run(process.execPath, ['--import', 'tsx', 'scripts/trace.ts', ...args], { cwd: process.cwd() });

describe('npm run trace', () => {
  it('prints the lesson run as stable JSON', async () => {
    const { stdout } = await trace('--preset', 'three-parameters', '--steps', '3', '--json');
    const out = JSON.parse(stdout);
    expect(out).toMatchObject({ preset: 'three-parameters', learningRate: 0.01, stopReason: 'steps-requested' });
    expect(out.iterations).toHaveLength(3);
    const [i0, i1] = out.iterations;
    expect(Object.keys(i0)).toEqual(['iteration', 'params', 'ssr', 'derivatives', 'steps', 'next']);
    expect(Object.keys(i0.params)).toEqual(['w1', 'b1', 'w2', 'b2', 'w3', 'w4', 'b3']);
    expect(Object.keys(i0.derivatives)).toEqual(['w3', 'w4', 'b3']);
    expect(i0.ssr).toBeCloseTo(1.4, 1);
    expect(i0.derivatives.w3).toBeCloseTo(2.58, 2);
    expect(i0.next.w3).toBeCloseTo(0.3342, 4);
    expect(i1.iteration).toBe(1);
    expect(i1.params.w3).toBe(i0.next.w3);
  });

  it('runs to the stop rule without --steps and honours --learning-rate and --seed', async () => {
    const bias = JSON.parse((await trace('--preset', 'bias-only', '--json')).stdout);
    expect(bias.stopReason).toBe('step-size');
    expect(bias.iterations.at(-1).next.b3).toBeCloseTo(2.61, 2);
    const faster = JSON.parse((await trace('--preset', 'bias-only', '--learning-rate', '0.05', '--json')).stdout);
    expect(faster.learningRate).toBe(0.05);
    expect(faster.iterations[0].steps.b3).toBeCloseTo(faster.iterations[0].derivatives.b3 * 0.05, 12);
    const a = JSON.parse((await trace('--preset', 'all-parameters', '--seed', '9', '--steps', '1', '--json')).stdout);
    const b = JSON.parse((await trace('--preset', 'all-parameters', '--seed', '10', '--steps', '1', '--json')).stdout);
    expect(a.iterations[0].params).not.toEqual(b.iterations[0].params);
  });

  it('prints a readable table by default', async () => {
    const { stdout } = await trace('--preset', 'three-parameters', '--steps', '2');
    expect(stdout).toMatch(/iter\s+SSR\s+w3\s+d\/dw3\s+step w3/);
    expect(stdout).toMatch(/^\s+0\s+1\.3977\s+0\.3600\s+2\.5761\s+0\.0258/m);
    expect(stdout).toMatch(/stopped: steps-requested after 2 steps/);
  });

  it('refuses bad arguments with a clear message and exit code 2', async () => {
    for (const args of [['--preset', 'nope'], ['--steps', '0'], ['--learning-rate', 'abc'], ['--bogus']]) {
      const err = await trace(...args).then(() => null, (e: { code: number; stderr: string }) => e);
      expect(err, args.join(' ')).not.toBeNull();
      expect(err!.code).toBe(2);
      expect(err!.stderr).toMatch(/^trace: .+\nusage:/);
    }
  });
});
