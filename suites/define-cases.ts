import { type CaseDefinition, type CaseGroup, defineCases } from '../harness/model/case.js';
import { clauseLevel } from './clauses.js';
import { checksWithinLevel } from './level-guard.js';

/** A case as a suite file declares it: its level is its primary clause's, so the catalogue is the one source. */
export type SuiteCase = Omit<CaseDefinition, 'level'>;

/** A case with its primary clause's level, whose checks never claim more than their clauses' levels allow. */
export function suiteCase(definition: SuiteCase): CaseDefinition {
  return {
    ...definition,
    level: clauseLevel(definition.clauses[0]),
    run: async (context) => checksWithinLevel(await definition.run(context)),
  };
}

export function defineSuiteCases(section: string, file: string, cases: SuiteCase[]): CaseGroup {
  return defineCases(section, file, cases.map(suiteCase));
}
