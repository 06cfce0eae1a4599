/**
 * Issue 9, section 5: exports that are safe to open. Each CSV the app and the CLI write is opened
 * as a spreadsheet would read it: text that starts with =, +, -, @ (the classes of OWASP's "CSV
 * Injection") carries a leading apostrophe; numbers, the survey coding's negative judgments
 * among them, are plain numbers.
 */
import { describe, expect, it } from 'vitest';
import { createSurveyWithPanel, panelInputs } from '../../../src/lib/server';
import { loansToCsv } from '../../../src/lib/validation';
import { parseCsv, scoreCsv, scoresCsv } from '../../../src/lib/weights';
import { linksCsv } from '../../../src/routes/a/[token]/experts/invitations';
import { saveComputedWeightSet } from '../../../src/routes/a/[token]/results/results.server';
import { GET as responsesCsvGet } from '../../../src/routes/a/[token]/results/responses.csv/+server';
import { GET as weightsCsvGet } from '../../../src/routes/a/[token]/results/weight-sets/[id]/weights.csv/+server';
import { BACKENDS, useDb } from '../../support/backends';
import { definition } from '../server/fixtures';
import { event } from '../api/hostile';

type Handler = (event: never) => unknown;
const ORIGIN = 'http://127.0.0.1:4173';

/** The cells of a CSV file, as a spreadsheet reads them (RFC 4180). */
const cells = (text: string) => parseCsv(text).map((r) => r.fields);

/** Whether a cell would start a formula in a spreadsheet. */
const formula = (cell: string) => /^[=+\-@\t\r]/.test(cell) && !/^[+-]?\d/.test(cell);

describe.each(BACKENDS)('the exports of a survey on $name', (backend) => {
  const db = useDb(backend);

  it('responses.csv and weights.csv: hostile roles and labels defused, judgments numbers', async () => {
    const def = {
      ...definition(),
      hierarchy: {
        id: 'G',
        label: { en: '=HYPERLINK("http://evil","Goal")', zh: '目标' },
        children: [
          { id: 'X', label: { en: '+cmd|calc', zh: 'X' } },
          { id: 'Y', label: { en: '-1+2', zh: 'Y' } },
          { id: 'Z', label: { en: '@SUM(A1)', zh: 'Z' } }
        ]
      }
    };
    // a_XY = 3 (X 3 times as important): ahpsurvey's coding writes -3 (negconvert = TRUE).
    const experts = [
      { id: 'E1', role: '=1+1', judgments: { G: [3, 1 / 5, 1 / 2] } },
      { id: 'E2', role: 'academic', judgments: { G: [2, 4, 3] } }
    ];
    const made = await createSurveyWithPanel(db(), def, panelInputs(def, experts), {
      imported: true,
      status: 'closed'
    });
    const token = made.adminToken;
    const get = async (handler: unknown, params: Record<string, string>) => {
      const request = new Request(`${ORIGIN}/x`);
      const response = (await (handler as Handler)(
        event(db(), { token, ...params }, request) as never
      )) as Response;
      expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      return cells(await response.text());
    };

    const responses = await get(responsesCsvGet, {});
    expect(responses).toEqual([
      ['id', 'role', 'weight', 'X_Y', 'X_Z', 'Y_Z'],
      ['E1', "'=1+1", '1', '-3', '5', '2'],
      ['E2', 'academic', '1', '-2', '-4', '-3']
    ]);
    expect(responses.flat().some(formula)).toBe(false);

    const saved = await saveComputedWeightSet(db(), made.survey, { name: 'Set' });
    const weights = await get(weightsCsvGet, { id: saved.id });
    expect(weights.map((r) => r[1])).toEqual([
      'label_en',
      `'=HYPERLINK("http://evil","Goal")`,
      "'+cmd|calc",
      "'-1+2",
      "'@SUM(A1)"
    ]);
    expect(weights.flat().some(formula)).toBe(false);
    // The weights are numbers: the global weights of the leaves sum to 1.
    const leaves = weights.slice(2).map((r) => Number(r[5]));
    expect(leaves.every(Number.isFinite)).toBe(true);
    expect(leaves.reduce((s, w) => s + w, 0)).toBeCloseTo(1, 12);
  });
});

describe('the other CSV writers', () => {
  it('invitation links, scores (pass-through text) and loan files are defused the same way', () => {
    const links = cells(
      linksCsv([{ name: '@admin', role: '-x', weight: 0.5, link: 'http://x/e/A' }])
    );
    expect(links[1]).toEqual(["'@admin", "'-x", '0.5', 'http://x/e/A']);

    const ws = {
      leaves: [{ id: 'X', globalWeight: 1 }],
      grading: {
        scoreMin: 0 as const,
        scoreMax: 100 as const,
        tolerance: 1e-9 as const,
        bands: [
          { grade: 'A', minScore: 50 },
          { grade: 'D', minScore: 0 }
        ]
      }
    };
    const scores = cells(scoresCsv(scoreCsv(ws, 'id,X\n=cmd(),80\n-7,20\n')));
    expect(scores).toEqual([
      ['id', 'total', 'grade', 'contribution_X'],
      ["'=cmd()", '80', 'A', '80'],
      ['-7', '20', 'D', '20'] // a plain number is no formula: left as it is
    ]);

    const loans = cells(loansToCsv({ leaves: ['X'], rows: [[50]], outcomes: [1], ids: ['+L1'] }));
    expect(loans).toEqual([
      ['id', 'X', 'default'],
      ["'+L1", '50', '1']
    ]);
  });
});
