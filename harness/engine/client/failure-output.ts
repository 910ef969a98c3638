/**
 * Watches a client's output for the text by which it reports a failure (`client --failure-output`), for clients
 * that exit 0 whatever happened, such as a browser dumping its error page. Output is matched as it streams, so a
 * match beyond what the harness keeps of stdout is still seen; a match may span chunks up to `CARRY` characters.
 */
const CARRY = 4096;

export class FailureOutputWatch {
  #carry = '';
  #match: string | undefined;

  constructor(private readonly pattern: RegExp) {}

  add(chunk: string): void {
    if (this.#match !== undefined) return;
    const text = this.#carry + chunk;
    const found = this.pattern.exec(text);
    if (found) this.#match = found[0].slice(0, 80);
    this.#carry = text.slice(-CARRY);
  }

  /** The text that matched (at most 80 characters), once it has. */
  get match(): string | undefined {
    return this.#match;
  }
}
