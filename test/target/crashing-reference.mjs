// A reference-server mutant whose crash is real: the process dies (SIGKILL, as abrupt as a segfault and
// without a core file) the moment the fault fires. Usage: node crashing-reference.mjs PORT FAULT.
// It imports the built harness (npm test builds dist/ before vitest runs).
import { startReferenceServer } from '../../dist/harness/reference/server.js';
import { hasCrashed } from '../../dist/harness/reference/simulated-crash.js';

const port = Number(process.argv[2]);
const fault = process.argv[3];
const server = await startReferenceServer({ port, faults: new Set([fault]) });
setInterval(() => {
  if (hasCrashed(server.config)) process.kill(process.pid, 'SIGKILL');
}, 2);
