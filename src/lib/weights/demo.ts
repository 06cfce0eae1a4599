/**
 * The demo panel: synthetic answers to the farm-credit survey, so that a newcomer sees every page
 * with real-looking data. Seeded: the same seed gives the same panel on every machine.
 *
 * How it is made (all numbers illustrative: the Fujian study did not publish its matrices):
 * 1. Shared base weights per node (DEMO_BASE_WEIGHTS), tilted per role (DEMO_ROLE_TILT):
 *    academics weigh credit risk (B2) and the credit record higher, loan officers weigh
 *    operational risk (B3: collateral, ties to staff) and village reputation higher. Each tilted
 *    vector is renormalised.
 * 2. Each expert's own true weights: the role's weights times exp(0.15 z), z standard normal,
 *    renormalised.
 * 3. Judgments from those weights with the engine's syntheticUpper: a_ij = (w_i / w_j) exp(sigma z)
 *    rounded to the nearest value of Saaty's scale. Twelve experts, six academics (E1-E6) and six
 *    loan officers (E7-E12):
 *    - E4 and E10 are inconsistent: sigma 1.2, and their A1, B2 and B4 matrices are redrawn
 *      until CR >= 0.2;
 *    - E11 skipped some pairs: every matrix with three or more children leaves out each judgment
 *      outside the first row with probability 0.3 (the first row is always given, so the
 *      elements stay connected); B2 and B4 are redrawn until at least one pair is skipped;
 *    - everyone else: sigma 0.25.
 *    Every matrix of a consistent expert (E11 included) is redrawn until CR < 0.1 under the
 *    survey's settings (row geometric mean, Saaty 1980). Redraws stop after 200 tries (the
 *    last draw is kept), which never happens with the default seed.
 * One generator (seededRandom(seed)) is drawn in a fixed order: expert by expert, node by node
 * (A1, B1, B2, B3, B4): first the individual weights, then the judgments with their redraws.
 */
import { matrixFromUpper, normal, seededRandom, syntheticUpper, weigh, type Random } from '../ahp';
import { comparisonsOf, farmCreditTemplate, type SurveyDefinition } from '../survey';
import type { ExpertResponse } from './responses';

export const DEMO_SEED = 20_250_501;

/** The base true weights of each node's children (illustrative, not the study's). */
export const DEMO_BASE_WEIGHTS: Readonly<Record<string, readonly number[]>> = Object.freeze({
  A1: [0.1, 0.45, 0.28, 0.17],
  B1: [0.65, 0.35],
  B2: [0.35, 0.2, 0.15, 0.2, 0.1],
  B3: [0.5, 0.2, 0.3],
  B4: [0.15, 0.25, 0.2, 0.25, 0.15]
});

export type DemoRole = 'academic' | 'practitioner';

/** Multipliers of the base weights per role (then renormalised). */
export const DEMO_ROLE_TILT: Readonly<
  Record<DemoRole, Readonly<Record<string, readonly number[]>>>
> = Object.freeze({
  academic: { A1: [1, 1.25, 0.75, 1.1], B2: [1.25, 1, 1, 1, 0.8] },
  practitioner: { A1: [1, 0.85, 1.35, 0.9], B2: [0.9, 1, 1.1, 1, 1.4], B3: [1.2, 1.1, 0.8] }
});

export type DemoProfile = 'consistent' | 'inconsistent' | 'skipped pairs';

export interface DemoExpert extends ExpertResponse {
  name: string;
  role: DemoRole;
  profile: DemoProfile;
}

export interface DemoPanel {
  seed: number;
  /** The farm-credit template, "(demo)" in its title, "no opinion" allowed. */
  definition: SurveyDefinition;
  experts: DemoExpert[];
}

const INDIVIDUAL_SPREAD = 0.15;
const SIGMA = { consistent: 0.25, inconsistent: 1.2, 'skipped pairs': 0.25 } as const;
const SKIP = 0.3;
const MAX_DRAWS = 200;
const INCONSISTENT_NODES = new Set(['A1', 'B2', 'B4']);
const SKIP_REQUIRED_NODES = new Set(['B2', 'B4']);

const PROFILES: Readonly<Record<number, DemoProfile>> = {
  4: 'inconsistent',
  10: 'inconsistent',
  11: 'skipped pairs'
};

function normalise(w: readonly number[]): number[] {
  const s = w.reduce((a, b) => a + b, 0);
  return w.map((x) => x / s);
}

/** The true weights of a role: base times tilt, renormalised. */
export function demoRoleWeights(role: DemoRole): Record<string, number[]> {
  return Object.fromEntries(
    Object.entries(DEMO_BASE_WEIGHTS).map(([node, base]) => {
      const tilt = DEMO_ROLE_TILT[role][node];
      return [node, normalise(base.map((x, k) => x * (tilt?.[k] ?? 1)))];
    })
  );
}

/**
 * Generates the demo panel (see the module comment).
 * @param seed any integer; the same seed gives the same panel
 */
export function generateDemoPanel(seed: number = DEMO_SEED): DemoPanel {
  // The hierarchy alone: the demo's synthetic panel gives weights; its indicators are scored
  // 0-100 directly (version 1 sets), as before the template's default scales.
  const template = farmCreditTemplate({ scales: false });
  const definition: SurveyDefinition = {
    ...template,
    title: { en: `${template.title.en} (demo)`, zh: `${template.title.zh}（演示）` },
    settings: { ...template.settings, allowSkip: true }
  };
  const nodes = comparisonsOf(definition).map((c) => c.node.id);
  const settings = definition.settings;
  const random = seededRandom(seed);
  const roles = {
    academic: demoRoleWeights('academic'),
    practitioner: demoRoleWeights('practitioner')
  };
  const cr = (upper: Array<number | null>) =>
    weigh(matrixFromUpper(upper, 'saaty'), {
      method: settings.method,
      randomIndex: settings.randomIndex,
      threshold: settings.threshold,
      top: 0
    }).cr;

  const experts: DemoExpert[] = [];
  for (let k = 1; k <= 12; k++) {
    const role: DemoRole = k <= 6 ? 'academic' : 'practitioner';
    const profile = PROFILES[k] ?? 'consistent';
    const judgments: DemoExpert['judgments'] = {};
    for (const node of nodes) {
      const w = normalise(
        roles[role][node]!.map((x) => x * Math.exp(INDIVIDUAL_SPREAD * normal(random)))
      );
      judgments[node] = drawMatrix(w, node, profile, random, cr);
    }
    experts.push({
      id: `E${k}`,
      name: role === 'academic' ? `Academic ${k}` : `Loan officer ${k - 6}`,
      role,
      profile,
      weight: 1,
      judgments
    });
  }
  return { seed, definition, experts };
}

function drawMatrix(
  w: number[],
  node: string,
  profile: DemoProfile,
  random: Random,
  cr: (upper: Array<number | null>) => number
): Array<number | null> {
  const skip = profile === 'skipped pairs' && w.length >= 3 ? SKIP : 0;
  let upper: Array<number | null> = [];
  for (let draw = 0; draw < MAX_DRAWS; draw++) {
    upper = syntheticUpper(w, SIGMA[profile], random, skip);
    if (w.length < 3) return upper; // a 2 x 2 matrix is always consistent
    if (profile === 'inconsistent') {
      if (!INCONSISTENT_NODES.has(node) || cr(upper) >= 0.2) return upper;
      continue;
    }
    if (profile === 'skipped pairs' && SKIP_REQUIRED_NODES.has(node) && !upper.includes(null))
      continue;
    if (cr(upper) < 0.1) return upper;
  }
  return upper;
}
