// `pairwise sql`: the weight set's scorecard as one PostgreSQL query, after verifying the weight
// set's schema and hash. The query is the library's (src/lib/weights/sql.ts).
import { scorecardSql } from '../lib/weights/index';
import { OptionValueError, UsageError } from './errors';
import type { Io } from './io';
import { loadWeightSet } from './weight-set-file';

export interface SqlFlags {
  weights?: string;
  table?: string;
  id?: string;
}

/** A table or column name: letters, digits and _ (a table may be schema.table). */
export const sqlName = (option: string, qualified: boolean) => (value: string) => {
  const part = '[A-Za-z_][A-Za-z0-9_]{0,62}';
  if (!new RegExp(`^${part}${qualified ? `(\\.${part})?` : ''}$`).test(value))
    throw new OptionValueError(
      option,
      `${JSON.stringify(value)} is not a ${qualified ? 'table name (name or schema.name)' : 'column name'}: letters, digits and _, starting with a letter or _`
    );
  return value;
};

/** Runs `pairwise sql`; returns the exit status (errors are thrown for main() to report). */
export async function sqlCommand(
  file: string | undefined,
  flags: SqlFlags,
  io: Io
): Promise<number> {
  if (file !== undefined)
    throw new UsageError(
      `pairwise sql reads no FILE (got ${JSON.stringify(file)}): give --weights SET.json`
    );
  if (flags.weights === undefined) throw new UsageError('give the weight set: --weights SET.json');
  const ws = await loadWeightSet(flags.weights, io, '--weights', 'nothing');
  io.stdout(scorecardSql(ws, flags.table ?? 'facts', flags.id ?? 'id'));
  return 0;
}
