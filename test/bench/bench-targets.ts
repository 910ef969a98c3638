/**
 * The servers the bench measures: the built-in reference, Dante and microsocks where they are installed, and the
 * hostile servers of fixtures/hostile (the full suite only: a fuzz campaign against them says nothing).
 */
import { randomBytes } from 'node:crypto';
import { type Hostility, hostilities, startHostileServer } from '../../fixtures/hostile/hostile-server.js';
import type { Endpoint } from '../../harness/net/endpoint.js';
import { freeTcpPort } from '../../harness/net/free-port.js';
import { referenceCredentials } from '../../harness/reference/config.js';
import { startReferenceServer } from '../../harness/reference/server.js';
import { dante } from '../real/dante.js';
import { findBinary } from '../real/install.js';
import { microsocksPlain } from '../real/microsocks.js';
import type { Credentials, RealServer } from '../real/real-server.js';
import { sharedSystemUser } from '../real/system-user.js';

export interface BenchTarget {
  readonly name: string;
  readonly endpoint: Endpoint;
  readonly credentials: Credentials | undefined;
  /** A hostile server: measured on the full suite alone. */
  readonly hostile?: boolean;
  /** The fuzz/raw goal applies to it. */
  readonly fuzzGoal?: boolean;
  /** The most connections the harness held open to it at once, where the target can tell. */
  peakOpen?(): number;
  stop(): Promise<void>;
}

export interface TargetSpec {
  readonly name: string;
  /** Why it is not measured, or a way to start it. */
  readonly open: (() => Promise<BenchTarget>) | string;
}

async function reference(): Promise<BenchTarget> {
  const server = await startReferenceServer();
  return {
    name: 'reference',
    endpoint: { host: server.host, port: server.port },
    credentials: referenceCredentials,
    fuzzGoal: true,
    stop: () => server.close(),
  };
}

function real(server: RealServer, binary: string, fuzzGoal: boolean): TargetSpec {
  const file = findBinary(binary);
  if (!file) return { name: server.id, open: `${binary} is not installed` };
  return {
    name: server.id,
    open: async () => {
      const credentials = server.checksCredentials
        ? await sharedSystemUser('socksconf')
        : { username: 'socksconf', password: randomBytes(12).toString('hex') };
      const port = await freeTcpPort('127.0.0.1');
      const child = await server.start({ binaries: { [binary]: file }, port, credentials });
      return {
        name: server.id,
        endpoint: { host: '127.0.0.1', port },
        credentials: server.checksCredentials ? credentials : undefined,
        fuzzGoal,
        stop: () => child.stop(),
      };
    },
  };
}

function hostile(hostility: Hostility): TargetSpec {
  return {
    name: hostility,
    open: async () => {
      const server = await startHostileServer(hostility, { answerGreeting: true });
      return {
        name: hostility,
        endpoint: { host: server.host, port: server.port },
        credentials: undefined,
        hostile: true,
        peakOpen: () => server.stats().peakOpen,
        stop: () => server.close(),
      };
    },
  };
}

export function benchTargets(): TargetSpec[] {
  return [
    { name: 'reference', open: reference },
    real(dante, 'danted', true),
    // Its campaign stops at a finding within a few dozen cases: no rate to hold to a goal.
    real(microsocksPlain, 'microsocks', false),
    ...hostilities.map(hostile),
  ];
}
