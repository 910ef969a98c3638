export type Credentials = { readonly username: string; readonly password: string };

/** What the target showed it offers, found before the cases run so that each case can ask for the right thing. */
export interface Capabilities {
  /** Methods the target selects when each is offered alone. */
  readonly acceptedMethods: readonly number[];
  /** The method cases use to reach the request stage: NO-AUTH if accepted, else USERNAME/PASSWORD with accepted credentials. */
  readonly sessionMethod: number | undefined;
  /**
   * Whether the target accepted the given RFC 1929 credentials: false only for a failure STATUS; undefined
   * without credentials or method 02, or when the login got no STATUS at all.
   */
  readonly credentialsAccepted: boolean | undefined;
  /**
   * Whether the target serves each: REP 00 to the probe's request, or, after the run, to a case's (see
   * `servedIn`); undefined when it could not be asked.
   */
  readonly bind: boolean | undefined;
  readonly udp: boolean | undefined;
  readonly ipv6: boolean | undefined;
  readonly names: boolean | undefined;
  /** What the probe's request for each got when it was not REP 00 (`REP 08`, `no reply within 3000 ms`). */
  readonly probeAnswers?: Readonly<Partial<Record<ProbedCapability, string>>>;
  /** A case that was served what the probe was not: the capability is yes on its evidence. */
  readonly servedIn?: Readonly<Partial<Record<ProbedCapability, string>>>;
}

/** The capabilities the probe asks for with a request of its own. */
export type ProbedCapability = 'bind' | 'udp' | 'ipv6' | 'names';

/** What the console and the reports say, once, when the target refused the RFC 1929 credentials of the run. */
export const CREDENTIALS_REFUSED = 'the target refused the given credentials: check --user/--password';
