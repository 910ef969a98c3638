import {
  type ClientCaseDefinition,
  type ClientCaseGroup,
  defineClientCases,
} from '../harness/model/client-case.js';
import { clauseLevel } from './clauses.js';
import { checksWithinLevel } from './level-guard.js';

/** A client case as a suite file declares it: its level is its primary clause's, as for server cases. */
export type SuiteClientCase = Omit<ClientCaseDefinition, 'level'>;

/** A client case with its primary clause's level, whose checks never claim more than their clauses' levels. */
export function suiteClientCase(definition: SuiteClientCase): ClientCaseDefinition {
  const { unconnected } = definition;
  return {
    ...definition,
    level: clauseLevel(definition.clauses[0]),
    verdict: (run) => checksWithinLevel(definition.verdict(run)),
    ...(unconnected ? { unconnected: (run) => checksWithinLevel(unconnected(run)) } : {}),
  };
}

export function defineSuiteClientCases(
  section: string,
  file: string,
  cases: SuiteClientCase[],
): ClientCaseGroup {
  return defineClientCases(section, file, cases.map(suiteClientCase));
}
