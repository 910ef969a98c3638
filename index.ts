/**
 * The programmatic API: `import { runServerSuite } from 'socks-conformance'`. The vitest helper is
 * `socks-conformance/vitest`.
 */

export { type Feature, features } from './harness/model/case.js';
export {
  acceptable,
  type Check,
  type CheckKind,
  checkKinds,
  type Expectation,
  explain,
} from './harness/model/outcome.js';
export {
  type BaselineSummary,
  type CaseResult,
  type RunDocument,
  SCHEMA_VERSION,
} from './harness/model/result.js';
export { type Verdict, verdicts } from './harness/model/verdict.js';
export type { AnnotatedEvent, Part } from './harness/net/annotate.js';
export type { Endpoint } from './harness/net/endpoint.js';
export { formatTrace } from './harness/net/hexdump.js';
export {
  applyBaseline,
  type Baseline,
  type KnownFailure,
  recordBaseline,
} from './harness/report/baseline.js';
export { formatHtml } from './harness/report/html.js';
export { formatJson } from './harness/report/json.js';
export { formatJunit } from './harness/report/junit.js';
export { formatMarkdown } from './harness/report/markdown.js';
export { formatTap } from './harness/report/tap.js';
export {
  runServerSuite,
  type ServerSuiteOptions,
  TargetUnreachableError,
} from './integrations/run-server-suite.js';
