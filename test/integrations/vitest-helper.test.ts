// A proxy project imports this as 'socks-conformance/vitest' (api.test.ts checks that the export resolves).
import { afterAll, beforeAll } from 'vitest';
import { referenceCredentials } from '../../harness/reference/config.js';
import { type ReferenceServer, startReferenceServer } from '../../harness/reference/server.js';
import { socksConformance } from '../../integrations/vitest.js';

const method = ['socks5/method/*'];

/** The reference server passes every case: each is a passing (or skipped) vitest test. */
socksConformance({ name: 'SOCKS conformance of the reference server', only: method });

/**
 * A mutant that selects a method the client did not offer fails these cases; registered as known failures
 * they are `it.fails` tests, which pass only because the case fails.
 */
socksConformance({
  name: 'SOCKS conformance of a mutant, its failures known',
  referenceFaults: ['select-unoffered-method'],
  only: method,
  knownFailures: [
    'socks5/method/select-offered',
    'socks5/method/no-acceptable-ff',
    'socks5/method/gssapi-supported',
    'socks5/method/userpass-supported',
    'socks5/method/interleaved-greetings',
  ].map((id) => ({ id, reason: 'the mutant selects NO-AUTH whatever the client offers' })),
});

/** A target the suite's own beforeAll starts, given by a function that runs after it. */
let server: ReferenceServer | undefined;
beforeAll(async () => {
  server = await startReferenceServer({ faults: new Set() });
});
afterAll(async () => {
  await server?.close();
});

socksConformance({
  name: 'SOCKS conformance of a target started by the project',
  target: () => ({ host: server!.host, port: server!.port }),
  credentials: referenceCredentials,
  only: ['socks5/connect/echo-both-ways', 'socks5/auth/success-response'],
});
