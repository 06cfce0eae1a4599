/**
 * Nothing acknowledged is lost with PGlite: receipts are given after COMMIT, and what was
 * acknowledged is there after a clean close, and after the process is killed (SIGKILL) in the
 * middle of a stream of submissions. (PostgreSQL's own WAL covers the server case.)
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { openDb } from '../../../src/lib/server/db';
import { submissionHistory, submit, type Receipt } from '../../../src/lib/server/responses';
import { freshPgliteDir } from '../../support/backends';
import { CONSISTENCY, submission, surveyWithExperts } from './fixtures';

describe('pglite durability', () => {
  it('acknowledged submissions are there after closing and reopening the data directory', async () => {
    const dataDir = freshPgliteDir();
    let db = await openDb({ kind: 'pglite', dataDir });
    const { experts } = await surveyWithExperts(db, 2);
    const receipts: Array<[string, Receipt]> = [];
    for (let k = 0; k < 40; k++) {
      const expertId = experts[k % 2]!.expert.id;
      receipts.push([expertId, await submit(db, expertId, submission(), CONSISTENCY)]);
    }
    await db.close();

    db = await openDb({ kind: 'pglite', dataDir });
    try {
      const stored = [
        ...(await submissionHistory(db, experts[0]!.expert.id)),
        ...(await submissionHistory(db, experts[1]!.expert.id))
      ];
      expect(stored).toHaveLength(40);
      const byId = new Map(stored.map((s) => [s.submissionId, s]));
      for (const [expertId, r] of receipts) {
        expect(byId.get(r.submissionId)).toMatchObject({ expertId, receivedAt: r.receivedAt });
      }
    } finally {
      await db.close();
    }
  }, 60_000);

  it('acknowledged submissions survive kill -9 of the process writing them', async () => {
    const dataDir = freshPgliteDir();
    const setup = await openDb({ kind: 'pglite', dataDir });
    const { experts } = await surveyWithExperts(setup, 1);
    const expertId = experts[0]!.expert.id;
    await setup.close();

    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'tests/support/pglite-writer.ts', dataDir, expertId],
      { stdio: ['ignore', 'pipe', 'pipe'] }
    );
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<NodeJS.Signals | number | null>((resolve) =>
      child.on('exit', (code, signal) => resolve(signal ?? code))
    );
    const acked: string[] = [];
    let ready = false;
    // Read to the end of the writer's output, past the kill: acknowledgements it printed after
    // the 300th, before the signal landed, count too (the writer has one submission in flight).
    for await (const line of createInterface({ input: child.stdout })) {
      if (line === 'ready') ready = true;
      else if (line.startsWith('ack ')) acked.push(line.slice(4));
      if (acked.length >= 300 && child.exitCode === null && !child.killed) child.kill('SIGKILL');
    }
    const how = await exited;
    expect(ready, `the writer did not start: ${stderr}`).toBe(true);
    expect(how).toBe('SIGKILL');

    // The killed process left its lock file behind: openDb takes it over.
    const db = await openDb({ kind: 'pglite', dataDir });
    try {
      const stored = await submissionHistory(db, expertId);
      const ids = new Set(stored.map((s) => s.submissionId));
      expect(ids.size).toBe(stored.length);
      const lost = acked.filter((id) => !ids.has(id));
      expect(lost).toEqual([]);
      // At most the one in flight at the kill was stored without being acknowledged.
      expect(stored.length - acked.length).toBeGreaterThanOrEqual(0);
      expect(stored.length - acked.length).toBeLessThanOrEqual(1);
      // And the database still works.
      const r = await submit(db, expertId, { submissionId: randomUUID(), judgments: {} }, {});
      expect(r.duplicate).toBe(false);
    } finally {
      await db.close();
    }
  }, 60_000);
});
