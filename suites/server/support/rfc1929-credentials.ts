/** RFC 1929 credentials a target should refuse, whatever accounts it has. */
export type Credentials = { readonly username: string; readonly password: string };

/** The given username with a password it cannot be. */
export function wrongPassword(credentials: Credentials): Credentials {
  return { username: credentials.username, password: `${credentials.password}-wrong` };
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
