import { spawn } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { freeTcpPort } from '../../harness/net/free-port.js';
import { runServerSuite, TargetUnreachableError } from '../../index.js';

const method = ['socks5/method/*'];

describe('runServerSuite, the programmatic API', () => {
  it('returns the JSON document of a run against the reference server', async () => {
    const seen: string[] = [];
    const document = await runServerSuite({ only: method, onResult: (r) => seen.push(r.id) });
    expect(document).toMatchObject({ tool: 'socks-conformance', schema: 2, complete: true });
    expect(document.results.length).toBeGreaterThan(5);
    expect(document.results.every((r) => r.verdict === 'PASS')).toBe(true);
    expect(seen.sort()).toEqual(document.results.map((r) => r.id).sort());
  });

  it('reports a mutant failing, and with a baseline counts no regression', async () => {
    const document = await runServerSuite({ referenceFaults: ['select-unoffered-method'], only: method });
    const failed = document.results.filter((r) => r.verdict === 'FAIL');
    expect(failed.map((r) => r.id)).toContain('socks5/method/select-offered');
    const known = await runServerSuite({
      referenceFaults: ['select-unoffered-method'],
      only: method,
      baseline: { knownFailures: failed.map((r) => ({ id: r.id, reason: 'mutant' })) },
    });
    expect(known.baseline).toMatchObject({ regressions: 0, knownFailures: failed.length });
  });

  it('rejects an unreachable target with TargetUnreachableError, and bad options with TypeError', async () => {
    const port = await freeTcpPort('127.0.0.1');
    await expect(runServerSuite({ target: `127.0.0.1:${port}` })).rejects.toBeInstanceOf(
      TargetUnreachableError,
    );
    await expect(runServerSuite({ target: 'no-port' })).rejects.toBeInstanceOf(TypeError);
    await expect(runServerSuite({ referenceFaults: ['no-such-fault'] })).rejects.toThrow(/no-such-fault/);
  });

  it("is what `import { runServerSuite } from 'socks-conformance'` gives a project (the built package)", async () => {
    const script = `import { runServerSuite } from 'socks-conformance';
const d = await runServerSuite({ only: ['socks5/method/select-offered'] });
console.log(JSON.stringify({ n: d.results.length, v: d.results[0].verdict }));`;
    const output = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
        stdio: ['ignore', 'pipe', 'inherit'],
        timeout: 30_000,
        killSignal: 'SIGKILL',
      });
      let out = '';
      child.stdout.on('data', (d) => {
        out += d;
      });
      child.on('error', reject);
      child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`exit ${code}`))));
    });
    expect(JSON.parse(output)).toEqual({ n: 1, v: 'PASS' });
  });

  it("resolves 'socks-conformance/vitest' to the built helper", () => {
    expect(import.meta.resolve('socks-conformance/vitest')).toBe(
      pathToFileURL(path.resolve('dist/integrations/vitest.js')).href,
    );
  });
});
