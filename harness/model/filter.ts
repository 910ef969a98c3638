import type { SocksVersion } from './case.js';

/** What a selection matches on: a case's id and its clause ids. */
export interface Selectable {
  readonly id: string;
  readonly clauses: readonly string[];
}

/** `*` matches any run of characters (slashes included), `?` one character; everything else is literal. */
export function globToRegExp(glob: string): RegExp {
  const body = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`);
}

/** Globs over case ids and clause ids: `socks5/method/*`, `rfc1928/3-*`. */
export function matchesAny(definition: Selectable, globs: readonly string[]): boolean {
  const names = [definition.id, ...definition.clauses];
  return globs.some((glob) => {
    const pattern = globToRegExp(glob);
    return names.some((name) => pattern.test(name));
  });
}

/** The cases that test one of `versions` (every case when absent). */
export function ofVersions<T extends { readonly versions: readonly SocksVersion[] }>(
  cases: readonly T[],
  versions: readonly SocksVersion[] | undefined,
): T[] {
  return versions === undefined
    ? [...cases]
    : cases.filter((c) => c.versions.some((v) => versions.includes(v)));
}

export function selectCases<T extends Selectable>(
  cases: readonly T[],
  only: readonly string[],
  exclude: readonly string[],
): T[] {
  return cases.filter((c) => (only.length === 0 || matchesAny(c, only)) && !matchesAny(c, exclude));
}
