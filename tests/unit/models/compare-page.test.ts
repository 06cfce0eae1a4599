/**
 * The comparison page's computation (src/routes/a/[token]/models/compare/compute.ts), as its Web
 * Worker runs it: the library's compareModels on the file read whole; a set of another hierarchy
 * refused with its index (not a missing column); a bad file named by line and column; fewer than
 * two sets refused as input.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { compareModels, readLoans } from '../../../src/lib/validation';
import {
  analyseResponses,
  buildWeightSet,
  editWeightSet,
  generateDemoPanel,
  type WeightSet
} from '../../../src/lib/weights';
import { compareOnFile } from '../../../src/routes/a/[token]/models/compare/compute';

const DEMO = readFileSync(
  path.resolve(__dirname, '../../../static/demo/loans-farm-credit.csv'),
  'utf8'
);
let panel: WeightSet;
let edited: WeightSet;

beforeAll(async () => {
  const demo = generateDemoPanel();
  panel = await buildWeightSet(
    demo.definition,
    analyseResponses(demo.definition, demo.experts).analysis,
    { surveyId: 'demo', name: 'Panel', createdAt: '2025-05-01T08:30:00.000Z' }
  );
  edited = await editWeightSet(panel, [{ type: 'local-weight', node: 'B4', to: 0.3 }], {
    name: 'B4 raised',
    parentId: null
  });
});

const request = (sets: WeightSet[], text = DEMO) => ({
  id: 1,
  text,
  outcome: 'default',
  sets,
  seed: 1,
  resamples: 200
});

describe('compareOnFile', () => {
  it('is the library comparison of the file', () => {
    const out = compareOnFile(request([panel, edited]));
    if (!out.ok) throw new Error(JSON.stringify(out.problem));
    const leaves = panel.leaves.map((l) => l.id);
    expect(out.comparison).toEqual(
      compareModels([panel, edited], readLoans(DEMO, leaves), { seed: 1, resamples: 200 })
    );
  });

  it('a set of another hierarchy: refused with its index before the file is read', () => {
    const other = structuredClone(edited);
    other.leaves = other.leaves.filter((l) => l.id !== 'C15');
    other.nodes = other.nodes.filter((n) => n.id !== 'C15');
    const out = compareOnFile(request([panel, edited, other], 'not,a,loan,file'));
    expect(out).toEqual({
      ok: false,
      problem: {
        kind: 'hierarchy',
        index: 2,
        detail: expect.stringContaining('it has no leaf C15')
      }
    });
  });

  it('a bad file: the line and column; too few sets: an input problem', () => {
    const out = compareOnFile(request([panel, edited], DEMO.replace('L00001,88,', 'L00001,x,')));
    expect(out).toMatchObject({ ok: false, problem: { kind: 'file', line: 2, column: 8 } });
    const one = compareOnFile(request([panel], DEMO));
    expect(one).toMatchObject({
      ok: false,
      problem: {
        kind: 'input',
        problem: {
          code: 'validation-input',
          params: {
            code: 'bad-option',
            message: expect.stringContaining('give 2 to 10 weight sets')
          }
        }
      }
    });
  });
});

it('no set at all: an input problem, not a crash', () => {
  expect(compareOnFile(request([], DEMO))).toMatchObject({
    ok: false,
    problem: {
      kind: 'input',
      problem: { code: 'validation-input', params: { message: expect.stringContaining('got 0') } }
    }
  });
});
