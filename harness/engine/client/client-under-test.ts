import type { ClientExit, Placeholders } from '../../model/client-case.js';
import { type ClientCommand, instantiate } from './client-command.js';
import { type SpawnedRun, spawnClient } from './spawn-client.js';

/** What one run of a client gave back. */
export type ClientOutput = SpawnedRun;

/**
 * The client a client suite tests: a command (`--exec`, placeholders filled per case) or, for libraries tested
 * from code, a function that fetches `placeholders.url` through `placeholders.proxy` and resolves to what it
 * printed and its exit status.
 */
export type ClientUnderTest =
  | {
      readonly kind: 'exec';
      readonly template: ClientCommand;
      /** Output by which the client reports a failure (`--failure-output`), for one that exits 0 regardless. */
      readonly failureOutput?: RegExp;
    }
  | {
      readonly kind: 'function';
      readonly name: string;
      /** Whether the function uses `placeholders.user`/`password` (RFC 1929 cases SKIP otherwise). */
      readonly givesCredentials: boolean;
      run(
        placeholders: Placeholders,
        signal: AbortSignal,
      ): Promise<{ exitCode: number; stdout: string; stderr?: string }>;
    }
  | {
      /** No command: each case's proxy is announced and the harness waits for someone to point a client at it. */
      readonly kind: 'interactive';
      announce(
        testCase: { readonly id: string; readonly title: string },
        placeholders: Placeholders,
        waitMs: number,
      ): void;
    };

export function describeClient(client: ClientUnderTest): string {
  if (client.kind === 'interactive') return 'interactive client (no --exec)';
  return client.kind === 'exec' ? client.template.text : client.name;
}

/** Whether the client was given RFC 1929 credentials; an interactive run announces them with every case. */
export function givesCredentials(client: ClientUnderTest): boolean {
  if (client.kind === 'interactive') return true;
  return client.kind === 'exec' ? client.template.givesCredentials : client.givesCredentials;
}

function environment(values: Placeholders): Record<string, string> {
  return Object.fromEntries(
    Object.entries(values).map(([name, value]) => [`SOCKS_CONFORMANCE_${name.toUpperCase()}`, value]),
  );
}

/** Runs the client once, bounded by `deadlineMs`; it never rejects. */
export async function runClientOnce(
  client: ClientUnderTest,
  values: Placeholders,
  deadlineMs: number,
): Promise<ClientOutput> {
  if (client.kind === 'interactive') throw new Error('an interactive client is awaited, not run');
  if (client.kind === 'exec') {
    const { file, args } = instantiate(client.template, values);
    return spawnClient(file, args, environment(values), deadlineMs, client.failureOutput);
  }
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<ClientOutput>((resolve) => {
    timer = setTimeout(() => {
      controller.abort();
      resolve({ exit: { code: undefined, timedOut: true }, stdout: '', stderrTail: '' });
    }, deadlineMs);
  });
  const ran = client.run(values, controller.signal).then(
    (r): ClientOutput => ({
      exit: { code: r.exitCode, timedOut: false } satisfies ClientExit,
      stdout: r.stdout,
      stderrTail: (r.stderr ?? '').slice(-4096),
    }),
    (error: unknown): ClientOutput => ({
      exit: { code: undefined, timedOut: false, spawnError: String(error) },
      stdout: '',
      stderrTail: '',
    }),
  );
  try {
    return await Promise.race([ran, expired]);
  } finally {
    clearTimeout(timer);
  }
}
