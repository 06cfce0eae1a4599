/**
 * The demo loan file of the validation page: 2,000 synthetic farm-household loans scored on the
 * fifteen leaves of the farm-credit template, with their outcomes, drawn from a known model.
 *
 *   npx tsx scripts/make-demo-loans.ts            writes static/demo/loans-farm-credit.csv
 *   npx tsx scripts/make-demo-loans.ts --check    exits 1 if the file differs from what it writes
 *
 * No real loan file can ship, so this one is made by the seeded generator of
 * src/lib/validation/synthetic.ts (its comment has the model): indicator scores 0-100 through a
 * Gaussian copula, the true weighted score, latent noise, and a logistic link whose intercept is
 * solved for the target default rate. The same seed gives the same file, byte for byte.
 *
 * The true weights (illustrative, not the Fujian study's, whose matrices were not published):
 * the local weights
 *   A1 (B1 natural, B2 credit, B3 operational, B4 market risk): 0.10, 0.45, 0.30, 0.15
 *   B1 (C1, C2):                                               0.60, 0.40
 *   B2 (C3 credit record ... C7 reputation):                   0.35, 0.20, 0.15, 0.20, 0.10
 *   B3 (C8 collateral, C9 ties to staff, C10 loan / income):   0.50, 0.20, 0.30
 *   B4 (C11 ... C15):                                          0.15, 0.25, 0.20, 0.25, 0.15
 * multiplied down the tree give the global weights in TRUE_WEIGHTS below (they sum to 1): the
 * credit record (C3, 0.1575) and collateral (C8, 0.15) matter most. The same weights drive the
 * benchmarks (bench/fujian.ts) and the validation tests (tests/unit/validation/helpers.ts).
 */
import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FARM_CREDIT_LEAVES, loansToCsv, syntheticLoans } from '../src/lib/validation';

/** Global weights of C1 ... C15 (see above). */
export const TRUE_WEIGHTS = [
  0.06, 0.04, 0.1575, 0.09, 0.0675, 0.09, 0.045, 0.15, 0.06, 0.09, 0.0225, 0.0375, 0.03, 0.0375,
  0.0225
];

/** The generator's settings for the demo file. */
export const DEMO_LOANS = {
  loans: 2000,
  /** Target (expected) default rate; the realised one varies binomially around it. */
  defaultRate: 0.12,
  /** Latent noise sigma: what the indicators do not explain. */
  noise: 0.5,
  /** Slope of the logistic link. */
  slope: 2,
  /** A household strong on one indicator tends to be strong on others. */
  correlation: 0.3,
  seed: 20_250_501
};

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const FILE = path.join(ROOT, 'static/demo/loans-farm-credit.csv');

const loans = syntheticLoans({ ...DEMO_LOANS, weights: TRUE_WEIGHTS, leaves: FARM_CREDIT_LEAVES });
const csv = loansToCsv(loans);
const summary = `${loans.outcomes.length} loans, ${loans.outcomes.filter((y) => y === 1).length} defaulted (${(100 * loans.defaultRate).toFixed(1)}%; expected ${(100 * loans.expectedDefaultRate).toFixed(1)}%), seed ${loans.seed}`;

if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(FILE, 'utf8');
  } catch {
    // missing: differs
  }
  if (current !== csv) {
    console.error(
      `${path.relative(ROOT, FILE)} is not what the generator writes: run without --check`
    );
    process.exitCode = 1;
  } else console.log(`${path.relative(ROOT, FILE)} is up to date: ${summary}`);
} else {
  mkdirSync(path.dirname(FILE), { recursive: true });
  writeFileSync(FILE, csv);
  console.log(`wrote ${path.relative(ROOT, FILE)}: ${summary}`);
}
