import { beforeAll, describe, expect, it } from 'vitest';
import { readCatalogue } from './catalogue.js';
import { formatTable } from './report.js';
import { type KnownBugOutcome, runCatalogue } from './run-known-bug.js';

const bugs = await readCatalogue();
const outcomes = new Map<string, KnownBugOutcome>();

// apt-get and npm may have to install implementations first (each bounded at 120 s); after that the whole
// catalogue takes about half a minute, two entries at a time.
beforeAll(async () => {
  for (const o of await runCatalogue(bugs, { jobs: 2 })) outcomes.set(o.id, o);
}, 600_000);

function explain(o: KnownBugOutcome): string {
  return formatTable([o]);
}

describe('every known bug is caught by the cases the catalogue names', () => {
  for (const bug of bugs) {
    it(`${bug.id}: ${bug.implementation} ${bug.obtain.from === 'emulation' ? '(emulated)' : bug.obtain.version}`, (context) => {
      const o = outcomes.get(bug.id)!;
      if (o.status === 'case missing') context.skip(o.reason);
      if (bug.pending) {
        if (o.status === 'caught')
          expect.fail(`${bug.id} is caught now: delete its "pending" note\n${explain(o)}`);
        expect(o.status, explain(o)).toBe('not caught');
        return;
      }
      expect(o.status, explain(o)).toBe('caught');
    });
  }
});
