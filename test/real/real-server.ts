import type { ChildServer } from './child-server.js';

export interface Credentials {
  readonly username: string;
  readonly password: string;
}

/** What starting a server needs: the installed binaries by name, and the RFC 1929 account. */
export interface StartContext {
  readonly binaries: Readonly<Record<string, string>>;
  readonly port: number;
  readonly credentials: Credentials;
}

/** A third-party SOCKS server the project's tests install, start on loopback and hold to its expectations. */
export interface RealServer {
  /** Names its expectations file, fixtures/expectations/<id>.json. */
  readonly id: string;
  readonly description: string;
  /** Its configuration, relative to the project root. */
  readonly config: string;
  /** Whether it checks the RFC 1929 account, so the suite is given the credentials. */
  readonly checksCredentials: boolean;
  start(context: StartContext): Promise<ChildServer>;
}
