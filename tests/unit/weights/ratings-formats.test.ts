/**
 * Exports and imports of responses with ratings groups (src/lib/weights/formats.ts): the levels
 * of R are a group keyed by the leaf, after the goal's group (the expert page's order); CSV
 * columns `R:clean_once` ...; leaf-keyed judgments accepted exactly where the survey compares
 * that leaf's levels.
 */
import { describe, expect, it } from 'vitest';
import {
  importResponsesCsv,
  importResponsesJson,
  pairColumns,
  responsesCsv,
  responsesJson,
  type ExpertResponse
} from '../../../src/lib/weights';
import { RATINGS_JUDGMENTS, ratingsSurvey } from './ratings-survey';

const def = ratingsSurvey();
const experts: ExpertResponse[] = Object.entries(RATINGS_JUDGMENTS).map(([id, judgments]) => ({
  id,
  weight: 1,
  judgments
}));
/** The survey with R scored from a fixed table: no ratings group. */
function fixedR() {
  const d = ratingsSurvey();
  d.hierarchy.children![0]!.scale = {
    kind: 'categorical',
    points: 'fixed',
    levels: [
      { id: 'clean', label: { en: 'No overdue', zh: '无逾期' }, points: 100 },
      { id: 'once', label: { en: 'Overdue once', zh: '逾期一次' }, points: 50 }
    ],
    missing: { policy: 'worst' }
  };
  return d;
}

describe('responses with ratings groups', () => {
  it('CSV: the levels are columns named by the leaf and the two level ids, coded like any pair', () => {
    expect(pairColumns(def).map((c) => c.name)).toEqual([
      'R_L',
      'R:clean_once',
      'R:clean_twice',
      'R:once_twice'
    ]);
    const csv = responsesCsv(def, experts);
    // ahpsurvey's coding: a_ij = 2 (i better) is written -2; a_ij = 0.5 is written 2.
    expect(csv.split('\r\n')[0]).toBe('id,role,weight,R_L,R:clean_once,R:clean_twice,R:once_twice');
    expect(csv.split('\r\n')[3]).toBe('E3,,1,-4,-4,2,-2');
    expect(importResponsesCsv(def, csv).map((e) => e.judgments)).toEqual(
      experts.map((e) => e.judgments)
    );
  });

  it('JSON: the levels are a node keyed by the leaf whose children are the compared levels', () => {
    const json = JSON.parse(responsesJson(def, experts));
    expect(json.nodes).toEqual([
      { id: 'G', children: ['R', 'L'] },
      { id: 'R', children: ['clean', 'once', 'twice'] }
    ]);
    expect(importResponsesJson(def, json).map((e) => e.judgments)).toEqual(
      experts.map((e) => e.judgments)
    );
  });

  it('refuses leaf-keyed judgments where the survey does not compare that leaf’s levels', () => {
    const json = JSON.parse(responsesJson(def, experts));
    json.experts[0].judgments.L = [2];
    expect(() => importResponsesJson(def, json)).toThrow(
      '$.experts[0].judgments.L: this survey compares no node (or levels of indicator) "L"'
    );
    // A file of the survey with compared levels, read for a survey whose R has a fixed table.
    expect(() => importResponsesJson(fixedR(), JSON.parse(responsesJson(def, experts)))).toThrow(
      '2 compared nodes, this survey has 1 (G)'
    );
    // Wrong size of a ratings group: three levels compared give three pairs.
    const short = JSON.parse(responsesJson(def, experts));
    short.experts[1].judgments.R = [2];
    expect(() => importResponsesJson(def, short)).toThrow('1 judgments, node "R" has 3 pairs');
    // CSV written for the ratings survey has columns a fixed-table survey does not know.
    expect(() => importResponsesCsv(fixedR(), responsesCsv(def, experts))).toThrow(/R:clean_once/);
  });
});
