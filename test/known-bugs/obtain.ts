import { spawnSync } from 'node:child_process';
import { ensureInstalled } from '../real/install.js';
import { installNpmVersion } from '../real/npm-version.js';
import type { KnownBug } from './catalogue.js';

/** The implementation a known bug needs, as installed here; or why it cannot be had. */
export type Obtained =
  | {
      readonly ok: true;
      /** How it was obtained, with the exact version: `Debian microsocks 1.0.3-2`, `npm socks@2.4.2`. */
      readonly how: string;
      /** Installed binaries by name (a Debian package). */
      readonly binaries: Readonly<Record<string, string>>;
      /** The folder an npm package was installed into (a launcher's `--from`). */
      readonly folder?: string;
    }
  | { readonly ok: false; readonly why: string };

/** The installed version of a Debian package (`1:9.2p1-2+deb12u10`), or undefined when it is not installed. */
export function debianVersion(name: string): string | undefined {
  // biome-ignore lint/suspicious/noTemplateCurlyInString: dpkg-query's own field syntax, not a template
  const ran = spawnSync('dpkg-query', ['-W', '-f=${Status}\t${Version}', name], {
    encoding: 'utf8',
    timeout: 10_000,
  });
  if (ran.status !== 0) return undefined;
  const [status, version] = ran.stdout.split('\t');
  return status === 'install ok installed' && version ? version : undefined;
}

/**
 * Whether a Debian version is upstream `version`: the epoch and the Debian revision set aside, a repack suffix
 * (`+dfsg`, `+ds`) allowed. `1:9.2p1-2+deb12u10` is 9.2p1; `1.7.1+dfsg-1` is 1.7.1; `1.0.31-1` is not 1.0.3.
 */
export function isUpstreamVersion(debian: string, version: string): boolean {
  const upstream = debian.replace(/^\d+:/, '').replace(/-[^-]*$/, '');
  return (
    upstream === version || (upstream.startsWith(version) && /^[+~]/.test(upstream.slice(version.length)))
  );
}

async function fromDebian(name: string, version: string, binaries: readonly string[]): Promise<Obtained> {
  let found: Record<string, string>;
  try {
    found = await ensureInstalled(
      binaries.map((binary) => ({ name, binary, present: () => debianVersion(name) !== undefined })),
    );
  } catch (error) {
    return { ok: false, why: (error as Error).message.split('\n')[0]! };
  }
  const installed = debianVersion(name);
  if (!installed) return { ok: false, why: `Debian package ${name} is not installed` };
  if (!isUpstreamVersion(installed, version))
    return { ok: false, why: `Debian has ${name} ${installed}, not the affected ${version}` };
  return { ok: true, how: `Debian ${name} ${installed}`, binaries: found };
}

async function fromNpm(name: string, version: string): Promise<Obtained> {
  try {
    const folder = await installNpmVersion(name, version);
    return { ok: true, how: `npm ${name}@${version}`, binaries: {}, folder };
  } catch (error) {
    return { ok: false, why: (error as Error).message.split('\n')[0]! };
  }
}

/** Installs what the bug's implementation needs (apt-get, npm) unless it is there already. */
export function obtainImplementation(bug: KnownBug): Promise<Obtained> {
  const { obtain } = bug;
  switch (obtain.from) {
    case 'debian':
      return fromDebian(obtain.package, obtain.version, obtain.binaries);
    case 'npm':
      return fromNpm(obtain.package, obtain.version);
    case 'emulation':
      return Promise.resolve({ ok: true, how: `emulation: fault ${obtain.fault}`, binaries: {} });
  }
}
