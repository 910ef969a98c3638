import { readFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import { runClientSuite } from '../../harness/engine/client/run-client-suite.js';
import { type RunDocument, SCHEMA_VERSION } from '../../harness/model/result.js';
import { referenceCredentials } from '../../harness/reference/config.js';
import { formatJson } from '../../harness/report/json.js';
import { documentFromV1, type RunDocumentV1 } from '../../harness/report/report-v1.js';
import { clientGroups } from '../../suites/client/index.js';
import { referenceClient } from '../client/reference-adapter.js';
import { runCli } from '../support/run-cli.js';
import { quickMutant, runReference } from './real-runs.js';

const schema = JSON.parse(readFileSync('schema/report.schema.json', 'utf8'));
const ajv = new Ajv2020({ strict: true, strictTypes: false, allErrors: true });
addFormats.default(ajv);
const validate = ajv.compile(schema);

/** The document as a reader gets it: through the JSON report's own serialisation. */
const asRead = (document: unknown) => JSON.parse(formatJson(document as RunDocument));

function expectValid(document: unknown): void {
  const valid = validate(document);
  expect(valid ? [] : ajv.errorsText(validate.errors, { separator: '\n' }).split('\n').slice(0, 10)).toEqual(
    [],
  );
}

describe('schema/report.schema.json', () => {
  let server: RunDocument;
  let client: RunDocument;
  beforeAll(async () => {
    server = asRead(await runReference(quickMutant));
    client = asRead(
      await runClientSuite({
        client: referenceClient('socks5h'),
        socksVersion: '5',
        groups: clientGroups,
        jobs: 8,
        version: 'test',
        rerun: () => '',
      }),
    );
  }, 120_000);

  it('names the schema version the reports carry', () => {
    expect(schema.$defs.run.properties.schema.const).toBe(SCHEMA_VERSION);
    expect(server.schema).toBe(SCHEMA_VERSION);
  });

  it('describes the report of a server run with failures, and of a client run', () => {
    expect(server.summary.FAIL).toBeGreaterThan(0);
    expectValid(server);
    expect(client.results.some((r) => r.role === 'client')).toBe(true);
    expectValid(client);
  });

  it('rejects what it does not describe', () => {
    const [first] = server.results;
    const stray = { ...server, results: [{ ...first, trace: 'c1  +0.1ms  > 05 01 00' }] };
    expect(validate(stray)).toBe(false);
    const badIndex = { ...server, results: [{ ...first, matched: -1 }] };
    expect(validate(badIndex)).toBe(false);
    expect(validate({ ...server, schema: 1 })).toBe(false);
  });

  it('holds every outcome with the matched one by index, and the trace as annotated events', () => {
    const failed = server.results.find((r) => r.verdict === 'FAIL' && r.matched !== undefined);
    expect(failed).toBeDefined();
    expect(failed!.expected[failed!.matched!]!.verdict).toBe('FAIL');
    expect(failed!.trace.some((e) => e.type === 'data' && e.annotation.length > 0)).toBe(true);
  });

  it('keeps no octet of the RFC 1929 password anywhere in a report', async () => {
    const password = Buffer.from(referenceCredentials.password).toString('hex');
    const text = formatJson(await runReference([], ['socks5/auth/*']));
    expect(text).toContain('"redacted"');
    expect(text).not.toContain(password);
  });

  it('describes a schema 1 report converted on reading', () => {
    for (const file of ['v1-shard-1-of-2.json', 'v1-shard-2-of-2.json']) {
      const v1 = JSON.parse(readFileSync(path.join('fixtures/reports', file), 'utf8')) as RunDocumentV1;
      expectValid(asRead(documentFromV1(v1)));
    }
  });

  it('describes a fuzz campaign report and its finding file', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'socks-schema-fuzz-'));
    const json = path.join(dir, 'campaign.json');
    const args = ['fuzz', '--reference-fault', 'undefined-cmd-succeeds', '--seed', '5', '--runs', '400'];
    const run = await runCli([...args, '--json', json, '--out', dir], { timeoutMs: 60_000 });
    expect(run.code).toBe(1);
    const campaign = JSON.parse(await readFile(json, 'utf8'));
    expect(campaign.findings).toHaveLength(1);
    expectValid(campaign);
    const [finding] = (await readdir(dir)).filter((f) => f.startsWith('violation-'));
    const findingSchema = ajv.compile({ $ref: 'urn:socks-conformance:report-schema:2#/$defs/fuzzFinding' });
    expect(findingSchema(JSON.parse(await readFile(path.join(dir, finding!), 'utf8')))).toBe(true);
  }, 90_000);
});
