import { writeFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseClientCommand } from '../../harness/engine/client/client-command.js';
import { runClientSuite } from '../../harness/engine/client/run-client-suite.js';
import { clientGroups } from '../../suites/client/index.js';
import {
  compareVerdicts,
  formatDifferences,
  readExpectations,
  refreshExpectations,
} from '../real/expectations.js';
import { ensureInstalled } from '../real/install.js';
import { installNpmVersion } from '../real/npm-version.js';
import { fromRoot } from '../real/paths.js';
import { checksWithoutPass } from '../support/checks-without-pass.js';
import {
  clientPackages,
  npmSocksFolder,
  npmSocksVersions,
  realClients,
  withLoopbackDns,
} from './real-clients.js';

/** With this set, the run writes each client's verdicts to its file (keeping reviewed reasons) instead of comparing. */
const refresh = process.env.SOCKS_CONFORMANCE_REFRESH_CLIENTS === '1';

// apt-get may have to install curl, proxychains4, python3-socks, netcat-openbsd and chromium, and npm the published
// versions of socks, first: each apt-get and npm call is bounded at 120 s.
beforeAll(async () => {
  await ensureInstalled(clientPackages);
  for (const version of npmSocksVersions)
    expect(await installNpmVersion('socks', version)).toBe(fromRoot(npmSocksFolder(version)));
}, 600_000);

/**
 * Clients run a few at a time, each 4 cases at once: all twelve at once started some 48 client processes
 * (curl, Python, Node) together on a 2-core CI host beside the other test files, and a client's own deadline
 * (curl --max-time 8, proxychains4's read timeout) could pass before it was given the CPU to finish.
 */
const CLIENTS_AT_ONCE = 3;
let running = 0;
const queue: (() => void)[] = [];
async function inTurn<T>(work: () => Promise<T>): Promise<T> {
  if (running >= CLIENTS_AT_ONCE) await new Promise<void>((resolve) => queue.push(resolve));
  running += 1;
  try {
    return await work();
  } finally {
    running -= 1;
    queue.shift()?.();
  }
}

describe.concurrent('real SOCKS clients keep their expected verdicts', () => {
  for (const client of realClients) {
    const file = `fixtures/expectations/clients/${client.id}.json`;
    it(`${client.id} (${client.description}) matches ${file}`, async () => {
      const template = parseClientCommand(await withLoopbackDns(client.command));
      const document = await inTurn(() =>
        runClientSuite({
          client: {
            kind: 'exec',
            template,
            ...(client.failureOutput ? { failureOutput: new RegExp(client.failureOutput, 'u') } : {}),
          },
          socksVersion: client.socksVersion,
          groups: clientGroups,
          ...(client.only ? { only: client.only } : {}),
          jobs: 4,
          version: 'real-clients',
          rerun: (c) =>
            `npx socks-conformance client --exec "${client.command}" --socks-version ${client.socksVersion}${client.failureOutput ? ` --failure-output '${client.failureOutput}'` : ''} --only ${c.id}`,
        }),
      );
      const expected = await readExpectations(fromRoot(file));
      if (refresh) {
        const next = refreshExpectations(
          expected,
          { server: client.description, config: client.command },
          document.results,
        );
        await writeFile(fromRoot(file), `${JSON.stringify(next, null, 2)}\n`);
        return;
      }
      if (!expected) expect.fail(`${file} does not exist: run with SOCKS_CONFORMANCE_REFRESH_CLIENTS=1`);
      const differences = compareVerdicts(expected, document.results);
      if (differences.length > 0) expect.fail(formatDifferences(file, differences));
      expect(document.results.flatMap(checksWithoutPass)).toEqual([]);
    }, 240_000);
  }
});
