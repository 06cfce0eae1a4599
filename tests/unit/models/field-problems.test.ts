/**
 * The models page's own fields (a set's name, the file of given weights, an edit's local weight)
 * are refused with a code the page words in its language, not the library's English: each
 * class of bad input gets its code through the real form actions on both storage backends, and
 * the Chinese text of each code holds no English. Nothing is saved.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { overwriteGetLocale } from '../../../src/lib/paraglide/runtime';
import { createSurvey } from '../../../src/lib/server/surveys';
import { listWeightModels } from '../../../src/routes/a/[token]/models/models.server';
import { farmCreditTemplate } from '../../../src/lib/survey';
import { actions } from '../../../src/routes/a/[token]/models/+page.server';
import { problemText, type FieldProblem } from '../../../src/routes/a/[token]/models/words';
import { event } from '../api/hostile';
import { BACKENDS, useDb } from '../../support/backends';

const ORIGIN = 'http://localhost';
afterEach(() => overwriteGetLocale(() => 'en'));

function post(fields: Array<[string, string | File]>): Request {
  const body = new FormData();
  for (const [k, v] of fields) body.append(k, v);
  return new Request(`${ORIGIN}/x`, { method: 'POST', body, headers: { origin: ORIGIN } });
}

type Action = (e: never) => Promise<unknown>;
/** The problem of an action's refusal under `which`, and its status. */
async function problemOf(
  action: Action,
  run: () => Request,
  token: string,
  db: Parameters<typeof event>[0],
  which: string
): Promise<{ status: number; problem: FieldProblem | undefined }> {
  const out = (await action(event(db, { token }, run()) as never)) as {
    status: number;
    data: Record<string, { problem?: FieldProblem }>;
  };
  return { status: out.status, problem: out.data?.[which]?.problem };
}

describe.each(BACKENDS)("the models page's field refusals on $name", (backend) => {
  const db = useDb(backend);

  it('names each class by code; the Chinese text of each holds no English; nothing saved', async () => {
    const { survey, adminToken } = await createSurvey(db(), farmCreditTemplate());
    const csv = new File(['id,global\n'], 'w.csv', { type: 'text/csv' });
    const given = actions.given as unknown as Action;
    const edit = actions.edit as unknown as Action;
    const cases: Array<[Action, Array<[string, string | File]>, string, FieldProblem]> = [
      [
        given,
        [
          ['name', '   '],
          ['file', csv]
        ],
        'given',
        { code: 'name-empty' }
      ],
      [
        given,
        [
          ['name', 'x'.repeat(201)],
          ['file', csv]
        ],
        'given',
        { code: 'name-long', max: 200 }
      ],
      [
        given,
        [
          ['name', 'ab\u0000c'],
          ['file', csv]
        ],
        'given',
        { code: 'name-characters', at: 3 }
      ],
      [given, [['name', 'Given']], 'given', { code: 'no-file' }],
      [
        given,
        [
          ['name', 'Given'],
          ['file', new File([], 'empty.csv')]
        ],
        'given',
        { code: 'no-file' }
      ],
      [
        edit,
        [
          ['name', 'E'],
          ['parent', 'x'],
          ['node', 'B1'],
          ['weight', '1.5']
        ],
        'edit',
        { code: 'weight', value: '1.5' }
      ],
      [
        edit,
        [
          ['name', 'E'],
          ['parent', 'x'],
          ['node', 'B1'],
          ['weight', 'NaN']
        ],
        'edit',
        { code: 'weight', value: 'NaN' }
      ],
      [
        edit,
        [
          ['name', 'E'],
          ['parent', 'x'],
          ['node', 'B1'],
          ['weight', '-0']
        ],
        'edit',
        { code: 'weight', value: '-0' }
      ]
    ];
    for (const [action, fields, which, problem] of cases) {
      const got = await problemOf(action, () => post(fields), adminToken, db(), which);
      expect(got, JSON.stringify(fields.map(([k, v]) => [k, String(v).slice(0, 20)]))).toEqual({
        status: 400,
        problem
      });
    }
    const big = new File(['x'.repeat(600 * 1024)], 'big.csv');
    expect(
      await problemOf(
        given,
        () =>
          post([
            ['name', 'Big'],
            ['file', big]
          ]),
        adminToken,
        db(),
        'given'
      )
    ).toEqual({ status: 413, problem: { code: 'too-large', size: 600 * 1024, max: 500 * 1000 } });
    expect(await listWeightModels(db(), survey.id)).toEqual([]);

    overwriteGetLocale(() => 'zh');
    for (const [, , , problem] of cases) {
      const text = problemText(problem);
      expect(text.replace(/NaN/, '').match(/[A-Za-z]{2,}/g), text).toBeNull();
    }
  });
});
