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

export function selectCases<T extends Selectable>(
  cases: readonly T[],
  only: readonly string[],
  exclude: readonly string[],
): T[] {
  return cases.filter((c) => (only.length === 0 || matchesAny(c, only)) && !matchesAny(c, exclude));
}
