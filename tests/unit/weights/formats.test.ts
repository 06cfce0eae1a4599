/**
 * Exports and importers: global weights CSV, responses as JSON and in ahpsurvey's survey coding
 * (checked against the raw rows of case group/ahpsurvey_city200_first6 of
 * ../shared/reference/published-examples.json), the AHP-OS project import, and every kind of
 * malformed file refused whole with its line and column or JSON path.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { AhpInputError } from '../../../src/lib/ahp';
import { JsonSyntaxError } from '../../../src/lib/json';
import { DEFAULT_SETTINGS, type SurveyDefinition } from '../../../src/lib/survey';
import {
  analyseResponses,
  buildWeightSet,
  CsvError,
  decodeSurveyCoding,
  encodeSurveyCoding,
  generateDemoPanel,
  globalWeightsCsv,
  importAhpOsProject,
  importResponsesCsv,
  importResponsesJson,
  pairColumns,
  parseCsv,
  responsesCsv,
  responsesJson,
  type ExpertResponse
} from '../../../src/lib/weights';
import { CREATED_AT, demoWeightSet } from './fixtures';

const REFERENCE = path.resolve(__dirname, '../../../../shared/reference/published-examples.json');
const city = (
  JSON.parse(readFileSync(REFERENCE, 'utf8')) as {
    cases: Array<{ id: string; inputs: any; informational: any }>;
  }
).cases.find((c) => c.id === 'group/ahpsurvey_city200_first6')!;

/** The city example as a one-node survey: goal "city" comparing the five attributes. */
const cityDefinition: SurveyDefinition = {
  title: { en: 'Best city', zh: '' },
  hierarchy: {
    id: 'city',
    label: { en: 'Best city', zh: '' },
    children: (city.inputs.labels as string[]).map((id) => ({ id, label: { en: id, zh: '' } }))
  },
  settings: { ...DEFAULT_SETTINGS }
};
const cityHeader = ['cult_fam', 'cult_house', 'cult_jobs', 'cult_trans', 'fam_house', 'fam_jobs']
  .concat(['fam_trans', 'house_jobs', 'house_trans', 'jobs_trans'])
  .join(',');
const cityRaw = city.informational.survey_coding_raw as number[][];

function csvError(fn: () => unknown): CsvError {
  try {
    fn();
  } catch (e) {
    if (e instanceof CsvError) return e;
    throw e;
  }
  throw new Error('expected a CsvError');
}

function inputError(fn: () => unknown): AhpInputError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AhpInputError) return e;
    throw e;
  }
  throw new Error('expected an AhpInputError');
}

describe("ahpsurvey's survey coding", () => {
  test('the coding: x > 0 is a = 1/x, x < 0 is a = |x|, and back', () => {
    expect(decodeSurveyCoding(3)).toBe(1 / 3);
    expect(decodeSurveyCoding(-3)).toBe(3);
    expect(decodeSurveyCoding(1)).toBe(1);
    expect(encodeSurveyCoding(3)).toBe(-3);
    expect(encodeSurveyCoding(1 / 3)).toBe(3);
    expect(encodeSurveyCoding(1)).toBe(1);
  });

  test('column names follow ahpsurvey: I_J in row-major upper-triangle order', () => {
    expect(
      pairColumns(cityDefinition)
        .map((c) => c.name)
        .join(',')
    ).toBe(cityHeader);
  });

  test('city200 rows 1-6 (raw survey coding) import as the case upper triangles', () => {
    const text = `${cityHeader}\n${cityRaw.map((r) => r.join(',')).join('\n')}\n`;
    const experts = importResponsesCsv(cityDefinition, text);
    expect(experts.map((e) => e.id)).toEqual(['E1', 'E2', 'E3', 'E4', 'E5', 'E6']);
    experts.forEach((e, k) => {
      const expected = city.inputs.experts[k].upper_triangle as number[];
      e.judgments.city!.forEach((a, i) => expect(a).toBeCloseTo(expected[i]!, 15));
    });
  });

  test('exporting the case triangles writes the raw coding back', () => {
    const experts: ExpertResponse[] = city.inputs.experts.map((e: any) => ({
      id: e.id,
      judgments: { city: e.upper_triangle }
    }));
    const records = parseCsv(responsesCsv(cityDefinition, experts));
    expect(records[0]!.fields.join(',')).toBe(`id,role,weight,${cityHeader}`);
    expect(records.slice(1).map((r) => r.fields.slice(3).map(Number))).toEqual(cityRaw);
    expect(records[1]!.fields.slice(0, 3)).toEqual(['E1', '', '1']);
  });

  test('missing judgments are empty cells (NA also reads as missing)', () => {
    const def = generateDemoPanel().definition;
    const skipper = generateDemoPanel().experts.find((e) => e.profile === 'skipped pairs')!;
    const csv = responsesCsv(def, [skipper]);
    expect(csv).toMatch(/,,/);
    expect(importResponsesCsv(def, csv)[0]!.judgments).toEqual(skipper.judgments);
    expect(
      importResponsesCsv(def, csv.replaceAll(',,', ',NA,').replaceAll(',,', ',NA,'))[0]!.judgments
    ).toEqual(skipper.judgments);
  });
});

describe('round trip: demo panel -> weights -> responses CSV / JSON -> import -> same weights', () => {
  const demo = generateDemoPanel();
  const first = analyseResponses(demo.definition, demo.experts).analysis;

  test.each([
    ['CSV', () => importResponsesCsv(demo.definition, responsesCsv(demo.definition, demo.experts))],
    [
      'JSON',
      () => importResponsesJson(demo.definition, responsesJson(demo.definition, demo.experts))
    ]
  ])('%s', async (_, reimport) => {
    const experts = reimport();
    expect(experts.map((e) => [e.id, e.role, e.weight])).toEqual(
      demo.experts.map((e) => [e.id, e.role, 1])
    );
    const again = analyseResponses(demo.definition, experts).analysis;
    again.leaves.forEach((l, k) => {
      expect(l.id).toBe(first.leaves[k]!.id);
      expect(Math.abs(l.globalWeight - first.leaves[k]!.globalWeight)).toBeLessThanOrEqual(1e-12);
    });
    const options = { surveyId: 'demo', name: 'n', createdAt: CREATED_AT };
    const a = await buildWeightSet(demo.definition, first, options);
    const b = await buildWeightSet(demo.definition, again, options);
    b.leaves.forEach((l, k) =>
      expect(Math.abs(l.globalWeight - a.leaves[k]!.globalWeight)).toBeLessThanOrEqual(1e-12)
    );
  });
});

describe('global weights CSV', () => {
  let ws: Awaited<ReturnType<typeof demoWeightSet>>['ws'];
  beforeAll(async () => {
    ws = (await demoWeightSet()).ws;
  });

  test('one row per node, full numbers, bilingual labels, intervals', () => {
    const records = parseCsv(globalWeightsCsv(ws)).map((r) => r.fields);
    expect(records[0]).toEqual([
      'id',
      'label_en',
      'label_zh',
      'parent',
      'local',
      'global',
      'lower',
      'upper'
    ]);
    expect(records).toHaveLength(ws.nodes.length + 1);
    expect(records[1]).toEqual([
      'A1',
      'Farm-household micro-credit risk',
      '农户小额信贷风险评价',
      '',
      '1',
      '1',
      '',
      ''
    ]);
    records.slice(1).forEach((r, k) => {
      const n = ws.nodes[k]!;
      expect(r[0]).toBe(n.id);
      expect(r[3]).toBe(n.parent ?? '');
      expect(Number(r[4])).toBe(n.localWeight);
      expect(Number(r[5])).toBe(n.globalWeight);
      if (n.interval)
        expect([Number(r[6]), Number(r[7])]).toEqual([n.interval.lower, n.interval.upper]);
    });
    // A label with a comma and quote survives.
    const c1 = records.find((r) => r[0] === 'C1')!;
    expect(c1[1]).toBe("Exposure of the household's crops to natural disasters");
  });
});

describe('malformed responses CSV: refused whole, naming line and column', () => {
  const def = generateDemoPanel().definition;
  const good = responsesCsv(def, generateDemoPanel().experts.slice(0, 3));
  const lines = good.split('\r\n');
  const header = lines[0]!.split(',');
  const col = (name: string) => header.indexOf(name);
  /** The good file with one cell of data row `row` (1-based) replaced. */
  const withCell = (row: number, name: string, value: string) =>
    lines
      .map((line, k) => {
        if (k !== row) return line;
        const f = line.split(',');
        f[col(name)] = value;
        return f.join(',');
      })
      .join('\r\n');
  /** 1-based character column of field `name` in a line of plain fields. */
  const columnOf = (line: string, name: string) =>
    line.split(',').slice(0, col(name)).join(',').length + (col(name) > 0 ? 2 : 1);
  const at = (text: string) => {
    const e = csvError(() => importResponsesCsv(def, text));
    return { line: e.line, column: e.column, detail: e.detail };
  };

  test('a bad quote', () => {
    expect(at(good.replace('\r\nE2,', '\r\n"E2,'))).toMatchObject({ line: 3, column: 1 });
    expect(at(withCell(2, 'C1_C2', '"-2"x'))).toMatchObject({
      line: 3,
      detail: expect.stringMatching(/closing quote/)
    });
    expect(at(withCell(1, 'C1_C2', '-2"'))).toMatchObject({
      line: 2,
      detail: expect.stringMatching(/unquoted/)
    });
  });

  test('the wrong number of fields', () => {
    const short = lines
      .map((l, k) => (k === 2 ? l.split(',').slice(0, -1).join(',') : l))
      .join('\r\n');
    expect(at(short)).toMatchObject({
      line: 3,
      detail: `${header.length - 1} fields, the header has ${header.length}`
    });
    expect(at(lines.map((l, k) => (k === 1 ? `${l},9` : l)).join('\r\n')).detail).toBe(
      `${header.length + 1} fields, the header has ${header.length}`
    );
  });

  test('a value that is not a number, zero, off the scale', () => {
    const nan = withCell(2, 'C3_C5', 'abc');
    expect(at(nan)).toEqual({
      line: 3,
      column: columnOf(nan.split('\r\n')[2]!, 'C3_C5'),
      detail: "column C3_C5: 'abc' is not a number"
    });
    expect(at(withCell(1, 'B1_B2', '0')).detail).toMatch(/0 is not a judgment/);
    expect(at(withCell(1, 'B1_B2', '10')).detail).toMatch(/not on Saaty's scale/);
    expect(at(withCell(1, 'B1_B2', '-2.5')).detail).toMatch(/not on Saaty's scale/);
    // Any ratio with scale "ratio".
    expect(
      importResponsesCsv(def, withCell(1, 'B1_B2', '-2.5'), { scale: 'ratio' })[0]!.judgments.A1![0]
    ).toBe(2.5);
  });

  test('an unknown pair column, a duplicate column, a missing column', () => {
    const unknown = good.replace('C3_C5', 'C3_C99');
    expect(at(unknown)).toMatchObject({
      line: 1,
      column: columnOf(lines[0]!, 'C3_C5'),
      detail: expect.stringMatching(/^unknown column 'C3_C99': not a pair of this survey/)
    });
    expect(at(good.replace('C3_C5', 'C3_C4')).detail).toMatch(/'C3_C4' appears twice/);
    const without = lines
      .map((l) =>
        l
          .split(',')
          .filter((_, k) => k !== col('C14_C15'))
          .join(',')
      )
      .join('\r\n');
    expect(at(without)).toMatchObject({
      line: 1,
      column: lines[0]!.length - 'C14_C15'.length,
      detail: expect.stringMatching(/lacks column 'C14_C15' \(node B4\)/)
    });
  });

  test('no header, an empty file, a header without rows', () => {
    expect(
      at(
        lines
          .slice(1)
          .join('\r\n')
          .replace(/^E1,academic,1,/gm, '')
      )
    ).toMatchObject({
      line: 1,
      column: 1,
      detail: expect.stringMatching(/needs a header row/)
    });
    expect(at('')).toMatchObject({ line: 1, column: 1, detail: expect.stringMatching(/empty/) });
    expect(at(`${lines[0]}\r\n\r\n`)).toMatchObject({
      line: 2,
      detail: expect.stringMatching(/no experts/)
    });
  });

  test('a duplicate expert id, a bad expert weight', () => {
    expect(at(withCell(2, 'id', 'E1'))).toMatchObject({
      line: 3,
      column: 1,
      detail: "expert id 'E1' is used twice (also on line 2)"
    });
    expect(at(withCell(1, 'weight', '-1')).detail).toBe("expert weight '-1' is not a number >= 0");
  });

  test('judgments that leave a node unconnected, a row without judgments', () => {
    // B3 compares C8, C9, C10: with only C9_C10 given, C8 is linked to nothing.
    let text = withCell(1, 'C8_C9', '');
    text = text
      .split('\r\n')
      .map((l, k) => {
        if (k !== 1) return l;
        const f = l.split(',');
        f[col('C8_C10')] = '';
        return f.join(',');
      })
      .join('\r\n');
    expect(at(text)).toMatchObject({
      line: 2,
      column: columnOf(text.split('\r\n')[1]!, 'C8_C9'),
      detail: expect.stringMatching(/^node B3: /)
    });
    const empty = lines
      .map((l, k) =>
        k === 1
          ? l
              .split(',')
              .map((x, i) => (i < 3 ? x : ''))
              .join(',')
          : l
      )
      .join('\r\n');
    expect(at(empty).detail).toBe("expert 'E1' has no judgments in this row");
  });

  test('a byte-order mark, blank lines and a node left unanswered are fine', () => {
    const text = `\uFEFF${lines[0]}\r\n\r\n${lines[1]}\r\n`;
    expect(importResponsesCsv(def, text)).toHaveLength(1);
    const noB2 = lines
      .map((l, k) =>
        k === 1
          ? l
              .split(',')
              .map((x, i) =>
                header[i]!.startsWith('C3_') || /^C[4-6]_C[5-7]$/.test(header[i]!) ? '' : x
              )
              .join(',')
          : l
      )
      .join('\r\n');
    const e1 = importResponsesCsv(def, noB2)[0]!;
    expect(Object.keys(e1.judgments)).toEqual(['A1', 'B1', 'B3', 'B4']);
  });
});

describe('responses JSON', () => {
  const demo = generateDemoPanel();
  const text = responsesJson(demo.definition, demo.experts);

  test('the format', () => {
    const doc = JSON.parse(text);
    expect(doc.format).toBe('pairwise.responses');
    expect(doc.version).toBe(1);
    expect(doc.nodes[0]).toEqual({ id: 'A1', children: ['B1', 'B2', 'B3', 'B4'] });
    expect(doc.experts[0]).toEqual({
      id: 'E1',
      role: 'academic',
      weight: 1,
      judgments: demo.experts[0]!.judgments
    });
    expect(doc.experts[0]).not.toHaveProperty('name');
  });

  test('malformed JSON: line and column', () => {
    try {
      importResponsesJson(
        demo.definition,
        '{\n  "format": "pairwise.responses",\n  "version": 1,,\n}'
      );
      throw new Error('expected a JsonSyntaxError');
    } catch (e) {
      expect(e).toBeInstanceOf(JsonSyntaxError);
      expect([(e as JsonSyntaxError).line, (e as JsonSyntaxError).column]).toEqual([3, 16]);
    }
  });

  test('refused with the JSON path', () => {
    const doc = () => JSON.parse(text);
    const path = (mutate: (d: any) => void) => {
      const d = doc();
      mutate(d);
      const e = inputError(() => importResponsesJson(demo.definition, d));
      return [e.path.join('.'), e.detail];
    };
    expect(path((d) => (d.format = 'other'))[0]).toBe('format');
    expect(path((d) => (d.version = 2))[0]).toBe('version');
    expect(path((d) => (d.nodes[1].children = ['C2', 'C1']))).toEqual([
      'nodes.1.children',
      'node "B1" compares ["C1","C2"] in this survey, not ["C2","C1"]'
    ]);
    expect(path((d) => d.nodes.pop())[0]).toBe('nodes');
    expect(path((d) => (d.experts[2].judgments.B2[3] = 0))[0]).toBe('experts.2.judgments.B2.3');
    expect(path((d) => (d.experts[2].judgments.B2[3] = '3'))[0]).toBe('experts.2.judgments.B2.3');
    expect(path((d) => d.experts[2].judgments.B2.pop())).toEqual([
      'experts.2.judgments.B2',
      '9 judgments, node "B2" has 10 pairs'
    ]);
    expect(path((d) => (d.experts[2].judgments.C1 = [1]))[0]).toBe('experts.2.judgments.C1');
    expect(path((d) => (d.experts[1].id = 'E1'))).toEqual([
      'experts.1.id',
      'expert id "E1" is used twice'
    ]);
    expect(path((d) => (d.experts[1].weight = -1))[0]).toBe('experts.1.weight');
    expect(path((d) => (d.experts = []))[0]).toBe('experts');
    expect(path((d) => (d.extra = 1))).toEqual(['extra', 'unknown field']);
  });
});

describe('AHP-OS project export (BPMSG)', () => {
  // Written to the format read from AHP-OS's source (see src/lib/weights/ahp-os.ts): database
  // rows as PDO returns them, every column a string.
  const project = {
    pj: [
      {
        project_id: '17',
        project_sc: 'aBcD3f',
        project_name: 'Farm credit pilot',
        project_description: 'Loan officers, spring round',
        project_hText:
          'Risk: Natural risk, Credit risk, Operational risk;\nNatural risk: C1, C2;\nCredit risk: C3, C4, C5;',
        project_datetime: '2024-03-05 10:11:12',
        project_author: 'goepel',
        project_status: '1'
      }
    ],
    pwc: [
      {
        project_sc: 'aBcD3f',
        pwc_part: 'Officer Wang',
        pwc_timestamp: '1709600000',
        pwc_node: 'Risk',
        pwc_ab: '110',
        pwc_intense: '532',
        pwc_id: '1'
      },
      {
        project_sc: 'aBcD3f',
        pwc_part: 'Officer Wang',
        pwc_timestamp: '1709600000',
        pwc_node: 'Credit risk',
        pwc_ab: '001',
        pwc_intense: '241',
        pwc_id: '2'
      },
      {
        project_sc: 'aBcD3f',
        pwc_part: 'Officer Wang',
        pwc_timestamp: '1709600000',
        pwc_node: 'Natural risk',
        pwc_ab: '0',
        pwc_intense: '3',
        pwc_id: '3'
      },
      {
        project_sc: 'aBcD3f',
        pwc_part: 'Dr. Li',
        pwc_timestamp: '1709600100',
        pwc_node: 'Risk',
        pwc_ab: '100',
        pwc_intense: '412',
        pwc_id: '4'
      }
    ]
  };

  test('hierarchy, ids, labels, and a_ij = intensity (ab 0) or 1/intensity (ab 1)', () => {
    const p = importAhpOsProject(JSON.stringify(project));
    expect(p.definition.title).toEqual({ en: 'Farm credit pilot', zh: 'Farm credit pilot' });
    expect(p.definition.description?.en).toBe('Loan officers, spring round');
    const h = p.definition.hierarchy;
    expect(h.id).toBe('Risk');
    expect(h.children!.map((c) => [c.id, c.label.en])).toEqual([
      ['N1', 'Natural risk'],
      ['N2', 'Credit risk'],
      ['N3', 'Operational risk']
    ]);
    expect(h.children![1]!.children!.map((c) => c.id)).toEqual(['C3', 'C4', 'C5']);
    expect(p.ids).toMatchObject({ Risk: 'Risk', 'Natural risk': 'N1', C5: 'C5' });
    expect(p.experts).toEqual([
      {
        id: 'Officer Wang',
        name: 'Officer Wang',
        judgments: { Risk: [1 / 5, 1 / 3, 2], N2: [2, 4, 1], N1: [3] }
      },
      { id: 'Dr. Li', name: 'Dr. Li', judgments: { Risk: [1 / 4, 1, 2] } }
    ]);
    expect(p.source).toEqual({
      sessionCode: 'aBcD3f',
      author: 'goepel',
      datetime: '2024-03-05 10:11:12'
    });
    // The result analyses like any survey.
    const { analysis } = analyseResponses(p.definition, p.experts);
    expect(analysis.nodes[0]!.included).toEqual(['Officer Wang', 'Dr. Li']);
  });

  test('entries in any order; predefined priorities become preset weights', () => {
    const p = importAhpOsProject({
      pj: [{ project_name: 'p', project_hText: 'B: b1=0.25, b2=0.75; Goal: A, B; A: a1, a2;' }]
    });
    expect(p.definition.hierarchy.children!.map((c) => c.id)).toEqual(['A', 'B']);
    expect(p.definition.hierarchy.children![1]!.weights).toEqual([0.25, 0.75]);
    expect(p.experts).toEqual([]);
  });

  test('refused with the JSON path', () => {
    const e = (input: unknown) => {
      const x = inputError(() => importAhpOsProject(input));
      return `${x.path.join('.')}: ${x.detail}`;
    };
    const mutated = (mutate: (d: any) => void) => {
      const d = structuredClone(project) as any;
      mutate(d);
      return e(d);
    };
    expect(e({ hello: 1 })).toMatch(/^pj: not an AHP-OS project export/);
    expect(e([1])).toMatch(/^: not an AHP-OS project export/);
    expect(mutated((d) => d.pj.push(d.pj[0]))).toMatch(/^pj: 2 projects/);
    expect(mutated((d) => (d.alt = [{ project_sc: 'aBcD3f', alt: 'Bank A' }]))).toMatch(
      /^alt: this project evaluates alternatives/
    );
    expect(mutated((d) => (d.pwc[1].pwc_ab = '0x1'))).toBe(
      "pwc.1.pwc_ab: character 2 is 'x', expected 0 (A preferred) or 1 (B preferred)"
    );
    expect(mutated((d) => (d.pwc[1].pwc_intense = '201'))).toBe(
      "pwc.1.pwc_intense: character 2 is '0', expected an intensity 1-9"
    );
    expect(mutated((d) => (d.pwc[1].pwc_intense = '24'))).toBe(
      'pwc.1.pwc_intense: 2 characters, node "Credit risk" has 3 children and so 3 pairs'
    );
    expect(mutated((d) => (d.pwc[2].pwc_node = 'Market risk'))).toBe(
      'pwc.2.pwc_node: there is no node "Market risk" in the hierarchy'
    );
    expect(mutated((d) => (d.pwc[2].pwc_node = 'C3'))).toMatch(
      /^pwc\.2\.pwc_node: "C3" compares nothing/
    );
    expect(mutated((d) => (d.pwc[3].pwc_part = 'Officer Wang'))).toBe(
      'pwc.3.pwc_node: participant "Officer Wang" judges node "Risk" twice'
    );
    expect(mutated((d) => (d.pwc[3].project_sc = 'zzzzzz'))).toMatch(
      /^pwc\.3\.project_sc: belongs to project "zzzzzz"/
    );
    expect(mutated((d) => delete d.pj[0].project_hText)).toBe(
      'pj.0.project_hText: missing: expected a string'
    );
    for (const [hText, message] of [
      ['Goal A, B;', /has no colon/],
      ['Goal: A, B; Other: c, d;', /more than one goal/],
      ['Goal: A, B; A: B, c;', /"B" appears twice/],
      ['Goal: A, B; A: a1=0.5, a2;', /some children but not all/],
      ['Goal: A, B; A: a1=0.5, a2=0.2;', /sum to 0\.7/],
      ['Goal: A,, B;', /empty child name/],
      ['', /empty/]
    ] as const) {
      expect(mutated((d) => (d.pj[0].project_hText = hText))).toMatch(message);
    }
    try {
      importAhpOsProject('{"pj": [}');
      throw new Error('expected a JsonSyntaxError');
    } catch (x) {
      expect(x).toBeInstanceOf(JsonSyntaxError);
    }
  });
});
