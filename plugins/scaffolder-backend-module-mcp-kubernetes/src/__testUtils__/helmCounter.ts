import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A helm "binary" for `mcpKubernetes.helm.path` that logs every start (its
 * subcommand and a marker of the run) to a file, then execs the real helm
 * with the same arguments. The hostile suite counts these lines to prove
 * helm never started for a refused input.
 */
export function writeCountingHelm(options: { dir: string; realHelm: string }) {
  const logFile = join(options.dir, 'helm-starts.log');
  const wrapper = join(options.dir, 'helm');
  writeFileSync(logFile, '');
  // "$@" keeps every argument as given (no word splitting): the backend passes an argv array.
  writeFileSync(
    wrapper,
    [
      '#!/bin/sh',
      `printf '%s\\n' "$*" >> '${logFile}'`,
      `exec '${options.realHelm}' "$@"`,
      '',
    ].join('\n'),
  );
  chmodSync(wrapper, 0o755);
  return {
    path: wrapper,
    /** Every logged start, `version` checks included. */
    starts(): string[] {
      if (!existsSync(logFile)) return [];
      return readFileSync(logFile, 'utf8').split('\n').filter(Boolean);
    },
    /** Starts that touch a release or render the chart (not `helm version`). */
    releaseStarts(): string[] {
      return this.starts().filter(line => !/^version\b/.test(line));
    },
  };
}
