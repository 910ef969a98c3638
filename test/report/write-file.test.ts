import { execFileSync } from 'node:child_process';
import { createReadStream, lstatSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeWhole } from '../../harness/report/write-file.js';

describe('writeWhole', () => {
  it('replaces the file a symbolic link names, keeping the link', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'socks-write-'));
    const real = path.join(dir, 'real.md');
    const link = path.join(dir, 'link.md');
    writeFileSync(real, 'old');
    symlinkSync(real, link);
    await writeWhole(link, 'new');
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(real, 'utf8')).toBe('new');
  });

  it('writes into a named pipe instead of renaming onto it', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'socks-write-'));
    const fifo = path.join(dir, 'report.fifo');
    execFileSync('mkfifo', [fifo]);
    const reading = new Promise<string>((resolve, reject) => {
      let text = '';
      createReadStream(fifo, 'utf8')
        .on('data', (d) => {
          text += d;
        })
        .on('end', () => resolve(text))
        .on('error', reject);
    });
    await writeWhole(fifo, 'TAP version 14\n');
    expect(await reading).toBe('TAP version 14\n');
    expect(lstatSync(fifo).isFIFO()).toBe(true);
  });
});
