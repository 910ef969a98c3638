/**
 * `npm run expectations`: runs the server suite against every real server and rewrites
 * fixtures/expectations/<server>.json from the verdicts, keeping the reasons of unchanged verdicts.
 */
import { writeFile } from 'node:fs/promises';
import type { ChildServer } from './child-server.js';
import { PLACEHOLDER_REASON, readExpectations, refreshExpectations } from './expectations.js';
import { expectationsFile, fromRoot } from './paths.js';
import type { RealServer } from './real-server.js';
import { runAgainst } from './run-real.js';
import { prepareRealServers, type RealServerSetup, realServers, startRealServer } from './servers.js';

async function refresh(server: RealServer, setup: RealServerSetup): Promise<string> {
  let running: ChildServer | undefined;
  try {
    running = await startRealServer(server, setup);
    const started = performance.now();
    const document = await runAgainst(server, running, setup);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const file = expectationsFile(server.id);
    const previous = await readExpectations(fromRoot(file));
    const next = refreshExpectations(
      previous,
      { server: server.description, config: server.config },
      document.results,
    );
    await writeFile(fromRoot(file), `${JSON.stringify(next, null, 2)}\n`);
    const changed = Object.keys(next.cases).filter(
      (id) => previous?.cases[id]?.verdict !== next.cases[id]?.verdict,
    );
    const unreviewed = Object.entries(next.cases).filter(([, e]) => e.reason === PLACEHOLDER_REASON);
    return [
      `${file}: ${document.results.length} cases in ${seconds} s, ${changed.length} verdict(s) new or changed`,
      ...changed.map(
        (id) => `  ${id}: ${previous?.cases[id]?.verdict ?? '(none)'} -> ${next.cases[id]?.verdict}`,
      ),
      ...(unreviewed.length > 0 ? [`  ${unreviewed.length} reason(s) to write: ${PLACEHOLDER_REASON}`] : []),
    ].join('\n');
  } finally {
    await running?.stop();
  }
}

async function main(): Promise<number> {
  const started = performance.now();
  const setup = await prepareRealServers();
  process.stdout.write(
    `packages and RFC 1929 account ready in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
  );
  // `npm run expectations -- openssh socksv5` refreshes only the servers named.
  const named = process.argv.slice(2);
  const unknown = named.filter((id) => !realServers.some((s) => s.id === id));
  if (unknown.length > 0) throw new Error(`no real server ${unknown.join(', ')}`);
  const chosen = named.length > 0 ? realServers.filter((s) => named.includes(s.id)) : realServers;
  const reports = await Promise.allSettled(chosen.map((server) => refresh(server, setup)));
  let failed = 0;
  for (const [i, report] of reports.entries()) {
    if (report.status === 'fulfilled') process.stdout.write(`${report.value}\n`);
    else {
      failed += 1;
      const reason = report.reason instanceof Error ? report.reason.message : String(report.reason);
      process.stderr.write(`${chosen[i]?.id}: ${reason}\n`);
    }
  }
  return failed > 0 ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`npm run expectations: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
