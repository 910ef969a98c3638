import type { RunDocument } from '../harness/model/result.js';
import { ExitCode } from '../harness/model/verdict.js';
import { parseTargetCommand, TargetCommandError } from '../harness/target/command-line.js';
import {
  DockerUnavailableError,
  startContainerTarget,
  TestcontainersMissingError,
} from '../harness/target/container-target.js';
import { startSpawnedTarget } from '../harness/target/spawned-target.js';
import { type StartedTarget, TargetStartError } from '../harness/target/target.js';
import { UsageError } from './usage-error.js';

/** The options that say how the target is reached or started. */
export interface TargetFlags {
  target?: string;
  targetCmd?: string;
  targetImage?: string;
  targetPort?: string;
  referenceFault: string[];
}

function checkTargetFlags(flags: TargetFlags): void {
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
}

export type TargetStart =
  | { readonly kind: 'started'; readonly target: StartedTarget | undefined }
  | { readonly kind: 'failed'; readonly exitCode: number };

/**
 * Starts the target that --target-cmd or --target-image names (undefined for --target and the built-in
 * reference server). A target that will not start is one line on stderr and exit 3.
 */
export async function startTarget(flags: TargetFlags): Promise<TargetStart> {
  checkTargetFlags(flags);
  if (flags.targetImage !== undefined) return startImage(flags.targetImage, flags.targetPort ?? '1080');
  if (flags.targetCmd === undefined) return { kind: 'started', target: undefined };
  let command: ReturnType<typeof parseTargetCommand>;
  try {
    command = parseTargetCommand(flags.targetCmd);
  } catch (error) {
    if (error instanceof TargetCommandError) throw new UsageError(error.message);
    throw error;
  }
  try {
    return { kind: 'started', target: await startSpawnedTarget(command) };
  } catch (error) {
    if (!(error instanceof TargetStartError)) throw error;
    process.stderr.write(`socks-conformance: the target did not start: ${error.message}\n`);
    return { kind: 'failed', exitCode: ExitCode.TARGET_UNREACHABLE };
  }
}

async function startImage(image: string, portText: string): Promise<TargetStart> {
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new UsageError(`--target-port must be 1..65535, not ${JSON.stringify(portText)}`);
  try {
    return { kind: 'started', target: await startContainerTarget({ image, port }) };
  } catch (error) {
    if (error instanceof TestcontainersMissingError) {
      process.stderr.write(`socks-conformance: --target-image: ${error.message}\n`);
      return { kind: 'failed', exitCode: ExitCode.USAGE };
    }
    if (error instanceof DockerUnavailableError) {
      process.stderr.write(`socks-conformance: --target-image needs Docker: ${error.message}\n`);
      return { kind: 'failed', exitCode: ExitCode.USAGE };
    }
    if (!(error instanceof TargetStartError)) throw error;
    process.stderr.write(`socks-conformance: the target did not start: ${error.message}\n`);
    return { kind: 'failed', exitCode: ExitCode.TARGET_UNREACHABLE };
  }
}

/** The options that re-run a case against the same started target. */
export function targetRerunArgs(flags: TargetFlags, quote: (text: string) => string): string[] {
  if (flags.targetCmd !== undefined) return ['--target-cmd', quote(flags.targetCmd)];
  if (flags.targetImage !== undefined)
    return [
      '--target-image',
      quote(flags.targetImage),
      ...(flags.targetPort ? ['--target-port', flags.targetPort] : []),
    ];
  return [];
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
