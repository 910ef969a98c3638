/**
 * The catalogue of known bugs (fixtures/known-bugs/*.json): real bugs in published SOCKS implementations, each
 * with where it comes from, how the tests obtain the implementation, and the cases (or fuzz campaign) that must
 * catch it. One file per bug, named after its id.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { readJsonFile } from '../../cli/read-json-file.js';
import { UsageError } from '../../cli/usage-error.js';
import { fromRoot } from '../real/paths.js';

export const CATALOGUE = 'fixtures/known-bugs';

const text = z.string().trim().min(1);

/** A case that must catch the bug: its verdict must be one of `caught` (FAIL; WARN where the clause is a SHOULD). */
const caseCatcher = z.strictObject({
  case: text,
  caught: z.array(z.enum(['FAIL', 'WARN'])).min(1),
  /**
   * Where a verdict alone could come from another fault: a regular expression (case-insensitive) the case's
   * matched outcome and observation must meet, naming the bug's symptom.
   */
  because: text.optional(),
});

/** A bounded fuzz campaign against the server that must end in a finding of this kind (and clause). */
const fuzzCatcher = z.strictObject({
  fuzz: z.strictObject({
    seed: z.int(),
    runs: z.int().min(1).max(5000),
    jobs: z.int().min(1).max(16).optional(),
    versions: z
      .array(z.enum(['4', '4a', '5']))
      .min(1)
      .optional(),
  }),
  finding: z.strictObject({ kind: z.enum(['violation', 'target-lost']), clause: text.optional() }),
});

export type CaseCatcher = z.infer<typeof caseCatcher>;
export type FuzzCatcher = z.infer<typeof fuzzCatcher>;
export type Catcher = CaseCatcher | FuzzCatcher;

const obtain = z.discriminatedUnion('from', [
  /** A Debian package, installed with apt-get when missing; its installed upstream version must be `version`. */
  z.strictObject({
    from: z.literal('debian'),
    package: text,
    version: text,
    binaries: z.array(text).min(1),
  }),
  /** Exactly `package@version` from the npm registry, in a folder of its own (test/real/npm-version.ts). */
  z.strictObject({ from: z.literal('npm'), package: text, version: text }),
  /**
   * No affected version can be had: a fault of the reference client (or server) with the same wire behaviour,
   * shown from the implementation's source; `why` says why no real version is used.
   */
  z.strictObject({ from: z.literal('emulation'), fault: text, why: text }),
]);

/**
 * How the obtained implementation runs. A server: `command` (one process listening on `{port}`; `{from}` is
 * the folder an npm package was installed into, `{user}`/`{password}` an RFC 1929 account the suite is then given) or a named
 * `launcher` of several processes (test/known-bugs/launch.ts). A client: `exec`, a client command with the
 * client suite's placeholders and `{from}`, or `referenceClient`, the reference client with the fault.
 */
const run = z.union([
  z.strictObject({ command: text }),
  z.strictObject({ launcher: z.enum(['openssh', 'shadowsocks-libev']) }),
  z.strictObject({ exec: text }),
  z.strictObject({ referenceClient: z.enum(['socks4', 'socks4a', 'socks5', 'socks5h']) }),
]);

export const knownBugSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'lower-case words joined by hyphens'),
    implementation: text,
    /** The versions known to be affected, and the fix where there is one. */
    affected: text,
    role: z.enum(['server', 'client']),
    trigger: text,
    symptom: text,
    sources: z.array(z.url({ protocol: /^https$/ })).min(1),
    obtain,
    run,
    catchers: z.array(z.union([caseCatcher, fuzzCatcher])).min(1),
    /** How the bug was reproduced on loopback (or, for an emulation, read from the source). */
    confirmed: text,
    /** What must change in the suite before the catchers catch it; the entry is not caught until then. */
    pending: text.optional(),
  })
  .superRefine((bug, context) => {
    const issue = (message: string, at: (string | number)[]) =>
      context.addIssue({ code: 'custom', message, path: at });
    const clientRun = 'exec' in bug.run || 'referenceClient' in bug.run;
    if (clientRun !== (bug.role === 'client'))
      issue(
        `a ${bug.role} runs by ${bug.role === 'client' ? 'exec or referenceClient' : 'command or launcher'}`,
        ['run'],
      );
    if ('referenceClient' in bug.run !== (bug.obtain.from === 'emulation'))
      issue('an emulation runs the reference client with its fault, and only an emulation does', ['run']);
    bug.catchers.forEach((catcher, index) => {
      if ('fuzz' in catcher && bug.role === 'client')
        issue('the fuzz catcher fuzzes a server', ['catchers', index]);
      if ('case' in catcher && catcher.case.startsWith('client/') !== (bug.role === 'client'))
        issue(`a ${bug.role} bug is caught by ${bug.role} cases`, ['catchers', index, 'case']);
      if ('because' in catcher && catcher.because !== undefined) {
        try {
          new RegExp(catcher.because, 'i');
        } catch (error) {
          issue(`not a regular expression: ${(error as Error).message}`, ['catchers', index, 'because']);
        }
      }
    });
  });

export type KnownBug = z.infer<typeof knownBugSchema>;

/** The name a catcher goes by in tables and reports. */
export function catcherName(catcher: Catcher): string {
  if ('case' in catcher) return catcher.case;
  const { seed, runs } = catcher.fuzz;
  return `fuzz (seed ${seed}, ${runs} runs)`;
}

/**
 * The catalogue's entries in file order; a file that is not a valid entry, or not named after its id, rejects with
 * a UsageError of one line naming the file and the field.
 */
export async function readCatalogue(folder = fromRoot(CATALOGUE)): Promise<KnownBug[]> {
  const files = (await readdir(folder)).filter((f) => f.endsWith('.json')).sort();
  const bugs: KnownBug[] = [];
  for (const file of files) {
    const bug = await readJsonFile('known bug', path.join(folder, file), knownBugSchema);
    if (`${bug.id}.json` !== file)
      throw new UsageError(`known bug ${file}: id ${bug.id} does not match the file name`);
    bugs.push(bug);
  }
  return bugs;
}
