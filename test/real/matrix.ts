/**
 * `npm run matrix`: runs the server suite against every real server the tests run (and the built-in reference
 * server, as the yardstick), keeps each JSON report in reports/matrix/, and writes the cross-vendor table:
 * reports/matrix.html and reports/matrix.md (a summary per spec section, then the cases where targets differ).
 */

import type { RunDocument } from '../../harness/model/result.js';
import { referenceCredentials } from '../../harness/reference/config.js';
import { startReferenceServer } from '../../harness/reference/server.js';
import { formatJson } from '../../harness/report/json.js';
import { buildMatrix, type MatrixColumn } from '../../harness/report/matrix.js';
import { formatMatrixHtml } from '../../harness/report/matrix-html.js';
import { formatMatrixMarkdown } from '../../harness/report/matrix-markdown.js';
import { writeWhole } from '../../harness/report/write-file.js';
import { runOptions } from '../../harness/session/run-options.js';
import { runServerSuite } from '../../harness/session/run-server-suite.js';
import { serverGroups } from '../../suites/index.js';
import type { ChildServer } from './child-server.js';
import { sectionMarkdown } from './matrix-table.js';
import { fromRoot } from './paths.js';
import type { RealServer } from './real-server.js';
import { runAgainst } from './run-real.js';
import { prepareRealServers, type RealServerSetup, realServers, startRealServer } from './servers.js';

const labels: Record<string, string> = {
  dante: 'Dante 1.4.2',
  microsocks: 'microsocks 1.0.3',
  'microsocks-auth': 'microsocks 1.0.3 -u/-P',
  openssh: 'OpenSSH 9.2 ssh -D',
  socksv5: 'npm socksv5 0.0.6',
  'pondwader-socks5-server': 'npm @pondwader/socks5-server 1.0.10',
};

async function runReference(): Promise<RunDocument> {
  const server = await startReferenceServer();
  try {
    const outcome = await runServerSuite(
      runOptions({
        target: { kind: 'address', endpoint: { host: server.host, port: server.port } },
        credentials: referenceCredentials,
      }),
      { groups: serverGroups, version: 'matrix', rerun: () => '' },
    );
    if (outcome.kind !== 'ran') throw new Error(`reference server: ${outcome.reason}`);
    return outcome.document;
  } finally {
    await server.close();
  }
}

async function runReal(server: RealServer, setup: RealServerSetup): Promise<RunDocument> {
  let running: ChildServer | undefined;
  try {
    running = await startRealServer(server, setup);
    return await runAgainst(server, running, setup);
  } finally {
    await running?.stop();
  }
}

async function main(): Promise<number> {
  const setup = await prepareRealServers();
  const columns: MatrixColumn[] = [];
  const keep = async (id: string, label: string, document: RunDocument) => {
    await writeWhole(fromRoot(`reports/matrix/${id}.json`), formatJson(document));
    columns.push({ label, document });
  };
  await keep('reference', 'reference (built in)', await runReference());
  let failed = 0;
  // One server at a time: the table compares servers, so none should be slowed by the others.
  for (const server of realServers) {
    try {
      await keep(server.id, labels[server.id] ?? server.id, await runReal(server, setup));
      process.stdout.write(`${server.id}: done\n`);
    } catch (error) {
      failed += 1;
      process.stderr.write(`${server.id}: ${error instanceof Error ? error.message : String(error)}\n`);
    }
  }
  const matrix = buildMatrix(columns);
  const date = new Date().toISOString().slice(0, 10);
  const markdown = `# SOCKS servers under socks-conformance (${date})\n\n${sectionMarkdown(columns)}\n${formatMatrixMarkdown(matrix)}`;
  await writeWhole(fromRoot('reports/matrix.md'), markdown);
  await writeWhole(fromRoot('reports/matrix.html'), formatMatrixHtml(matrix));
  process.stdout.write('wrote reports/matrix.md, reports/matrix.html and reports/matrix/*.json\n');
  return failed > 0 ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`npm run matrix: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
