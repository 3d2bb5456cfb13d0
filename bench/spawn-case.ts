import { spawn } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CaseInput, CaseOutput } from './case-types.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Runs bench/run-case.ts in a fresh node process and returns the JSON line
 * it printed last. Anything else it prints (the function's WARN and ERROR
 * log lines) goes to this process's stderr, where it stays visible without
 * spoiling the report on stdout.
 */
export const spawnCase = (input: CaseInput): Promise<CaseOutput> =>
  new Promise((done, fail) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'bench/run-case.ts', JSON.stringify(input)],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += String(chunk);
    });
    child.stderr.on('data', (chunk) => {
      stderr += String(chunk);
      process.stderr.write(chunk);
    });
    child.once('error', fail);
    child.once('exit', (code) => {
      const lines = stdout.trimEnd().split('\n');
      const last = lines.pop() ?? '';
      if (lines.length > 0) process.stderr.write(`${lines.join('\n')}\n`);
      try {
        if (code !== 0) throw new Error(`exit code ${code}`);
        done(JSON.parse(last) as CaseOutput);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        const tail = stderr.trim().split('\n').slice(-5).join('\n');
        fail(new Error(`bench case failed (${reason}): ${tail}`));
      }
    });
  });
