/**
 * A child process for the kill-safety test: opens a PGlite data directory and submits
 * submissions for one expert as fast as it can, printing `ack <submissionId>` after each
 * receipt (that is, after COMMIT), until it is killed.
 *
 *   node --import tsx tests/support/pglite-writer.ts <dataDir> <expertId>
 */
import { randomUUID } from 'node:crypto';
import { openDb } from '../../src/lib/server/db';
import { submit } from '../../src/lib/server/responses';

const [dataDir, expertId] = process.argv.slice(2);
if (!dataDir || !expertId) {
  console.error('usage: pglite-writer.ts <dataDir> <expertId>');
  process.exit(2);
}
const db = await openDb({ kind: 'pglite', dataDir });
process.stdout.write('ready\n');
for (;;) {
  const submissionId = randomUUID();
  await submit(db, expertId, { submissionId, judgments: { A1: [3, 5, 1 / 7] } }, {});
  process.stdout.write(`ack ${submissionId}\n`);
}
