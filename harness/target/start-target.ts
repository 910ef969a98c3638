import { formatEndpoint } from '../net/endpoint.js';
import { parseTargetCommand } from './command-line.js';
import { startContainerTarget } from './container-target.js';
import { startReferenceTarget } from './reference-target.js';
import { startSpawnedTarget } from './spawned-target.js';
import type { Account, StartedTarget, TargetSpec } from './target.js';

/**
 * Reaches or starts the target a run names; the built-in reference server's account is `credentials` when
 * given. Rejects with TargetStartError (it would not start),
 * TargetCommandError (a bad `--target-cmd`), DockerUnavailableError or TestcontainersMissingError.
 */
export function startTarget(spec: TargetSpec, credentials?: Account): Promise<StartedTarget> {
  switch (spec.kind) {
    case 'address':
      return Promise.resolve({
        endpoint: spec.endpoint,
        description: formatEndpoint(spec.endpoint),
        output: () => '',
        stop: async () => {},
      });
    case 'command':
      return startSpawnedTarget(parseTargetCommand(spec.command));
    case 'image':
      return startContainerTarget({ image: spec.image, port: spec.port });
    case 'reference':
      return startReferenceTarget(spec.faults, credentials);
    case 'started': {
      // Its owner stops it; the run only uses it.
      const { target } = spec;
      return Promise.resolve({
        endpoint: target.endpoint,
        description: target.description,
        ...(target.restartable ? { restartable: target.restartable } : {}),
        output: () => target.output(),
        stop: async () => {},
      });
    }
  }
}
