import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { installNpmVersion } from './npm-version.js';
import { fromRoot } from './paths.js';

describe('installNpmVersion', () => {
  it('installs an exact published version into a folder of its own, once, even when asked twice at once', async () => {
    const [first, second] = await Promise.all([
      installNpmVersion('socks', '2.4.2'),
      installNpmVersion('socks', '2.4.2'),
    ]);
    expect(second).toBe(first);
    expect(first).toMatch(/\.cache\/npm\/socks@2\.4\.2$/);
    expect(existsSync(`${first}/node_modules/socks/package.json`)).toBe(true);
    const own = JSON.parse(readFileSync(fromRoot('node_modules/socks/package.json'), 'utf8')) as {
      version: string;
    };
    expect(own.version).not.toBe('2.4.2');
  }, 180_000);

  it('says what failed for a version that does not exist', async () => {
    await expect(installNpmVersion('socks', '0.0.0-none')).rejects.toThrow(
      /npm install socks@0\.0\.0-none exited/,
    );
  }, 180_000);
});
