/** RFC 1929 credentials a target should refuse, whatever accounts it has. */
export type Credentials = { readonly username: string; readonly password: string };

/** Fillers of a wrong password, in order of preference: a password of at most 255 octets lacks one of them. */
const FILLERS = [
  '~',
  '^',
  ...Array.from({ length: 0x300 - 0x21 }, (_, i) => String.fromCodePoint(0x21 + i)).filter(
    (c) => c !== '~' && c !== '^' && c !== '\x7f',
  ),
];

/**
 * A password of 8 characters that shares nothing with `password`: one character the password does not hold,
 * repeated. So neither is a prefix or a substring of the other, and a target that echoes the wrong password
 * back shows nothing of the right one.
 */
export function unrelatedPassword(password: string): string {
  const filler = FILLERS.find((c) => !password.includes(c)) ?? '~';
  return filler.repeat(8);
}

/** The given username with a password it cannot be, and that is not derived from the right one. */
export function wrongPassword(credentials: Credentials): Credentials {
  return { username: credentials.username, password: unrelatedPassword(credentials.password) };
}

/** A name no account is expected to have, of the given length in octets (ASCII). */
export function unlikelyName(length: number, avoid: string | undefined): string {
  const name = '~'.repeat(length);
  return name === avoid ? '^'.repeat(length) : name;
}

/** Credentials to be refused: the account's name with a wrong password, or an unlikely name without one. */
export function refusedCredentials(account: Credentials | undefined): Credentials {
  return account ? wrongPassword(account) : { username: unlikelyName(8, undefined), password: '~'.repeat(8) };
}
