import type { SocksVersion } from '../harness/model/case.js';
import type { RunDocument } from '../harness/model/result.js';
import { ExitCode } from '../harness/model/verdict.js';
import type { Credentials } from '../harness/session/run-options.js';
import { parseTargetCommand, TargetCommandError } from '../harness/target/command-line.js';
import { DockerUnavailableError, TestcontainersMissingError } from '../harness/target/container-target.js';
import { type TargetSpec, TargetStartError } from '../harness/target/target.js';
import { parseFaults, parseTarget } from './parse-options.js';
import { UsageError } from './usage-error.js';

/** The options that say how the target is reached or started. */
export interface TargetFlags {
  target?: string;
  targetCmd?: string;
  targetImage?: string;
  targetPort?: string;
  referenceFault: string[];
}

/** The target the flags name; without one, the built-in reference server (with its faults, a mutant). */
export function targetSpec(flags: TargetFlags): TargetSpec {
  const given = [
    flags.target !== undefined && '--target',
    flags.targetCmd !== undefined && '--target-cmd',
    flags.targetImage !== undefined && '--target-image',
  ].filter((f): f is string => f !== false);
  if (given.length > 1) throw new UsageError(`${given.join(' and ')} name two targets: give one`);
  if (flags.targetPort !== undefined && flags.targetImage === undefined)
    throw new UsageError('--target-port goes with --target-image');
  if (given.length > 0 && flags.referenceFault.length > 0)
    throw new UsageError(`--reference-fault applies to the built-in reference server, not to ${given[0]}`);
  if (flags.target !== undefined) return { kind: 'address', endpoint: parseTarget(flags.target).endpoint };
  if (flags.targetCmd !== undefined) {
    try {
      parseTargetCommand(flags.targetCmd);
    } catch (error) {
      if (error instanceof TargetCommandError) throw new UsageError(error.message);
      throw error;
    }
    return { kind: 'command', command: flags.targetCmd };
  }
  if (flags.targetImage !== undefined) {
    const text = flags.targetPort ?? '1080';
    const port = Number(text);
    if (!Number.isInteger(port) || port < 1 || port > 65535)
      throw new UsageError(`--target-port must be 1..65535, not ${JSON.stringify(text)}`);
    return { kind: 'image', image: flags.targetImage, port };
  }
  return { kind: 'reference', faults: [...parseFaults(flags.referenceFault)] };
}

/**
 * The credentials of the run: those in a `--target` URL, else `--user`/`--password` (or their variables); and
 * the SOCKS versions a URL's scheme restricts the run to. Two different sets of credentials are a usage error:
 * whichever the run took, the user meant the other one somewhere.
 */
export function targetAccess(flags: TargetFlags & { user?: string; password?: string }): {
  readonly credentials?: Credentials;
  readonly versions?: readonly SocksVersion[];
} {
  const address = flags.target === undefined ? undefined : parseTarget(flags.target);
  const fromFlags =
    flags.user !== undefined && flags.password !== undefined
      ? { username: flags.user, password: flags.password }
      : undefined;
  if (
    address?.credentials &&
    fromFlags &&
    (address.credentials.username !== fromFlags.username ||
      address.credentials.password !== fromFlags.password)
  )
    throw new UsageError(
      'the --target URL names other credentials than --user/--password (or SOCKS_CONFORMANCE_USER and ' +
        'SOCKS_CONFORMANCE_PASSWORD): give them once',
    );
  const credentials = address?.credentials ?? fromFlags;
  if (credentials) {
    // RFC 1929 §2: ULEN and PLEN are one octet each.
    for (const [what, value] of [
      ['the username', credentials.username],
      ['the password', credentials.password],
    ] as const)
      if (Buffer.byteLength(value, 'utf8') > 255)
        throw new UsageError(
          `${what} is ${Buffer.byteLength(value, 'utf8')} octets long; RFC 1929 allows 255`,
        );
  }
  return {
    ...(credentials ? { credentials } : {}),
    ...(address?.versions ? { versions: address.versions } : {}),
  };
}

/**
 * A target that would not start is one line on stderr and its exit code (3; 2 where Docker or the optional
 * package it needs is missing); undefined for any other error, which is not the target's.
 */
export function targetStartFailure(error: unknown): number | undefined {
  if (error instanceof TestcontainersMissingError) {
    process.stderr.write(`socks-conformance: --target-image: ${error.message}\n`);
    return ExitCode.USAGE;
  }
  if (error instanceof DockerUnavailableError) {
    process.stderr.write(`socks-conformance: --target-image needs Docker: ${error.message}\n`);
    return ExitCode.USAGE;
  }
  if (error instanceof TargetStartError) {
    process.stderr.write(`socks-conformance: the target did not start: ${error.message}\n`);
    return ExitCode.TARGET_UNREACHABLE;
  }
  return undefined;
}

/** One line per crash of a started target: the case that caused it, or the cases that were running. */
export function formatRestarts(document: RunDocument): string {
  return (document.targetRestarts ?? [])
    .map((r) =>
      r.culprits.length > 0
        ? `target crashed (${r.reason}) during ${r.culprits.join(', ')}; restarted`
        : `target crashed (${r.reason}) while ${r.duringCases.join(', ')} ran; none crashed it alone; restarted`,
    )
    .join('\n');
}
