/**
 * A small hand-made pair of snapshots scored with the scorecard of
 * tests/unit/weights/scorecard-fixtures.ts (weights x1 0.3, x2 0.3, y1 0.2, y2 0.1, y3 0.1;
 * grades AAA >= 90, AA >= 80 ... D >= 0). Totals worked by hand:
 *
 * then: L1 good,0,clean,0,100   30 + 30 + 20 + 10 + 10 = 100  AAA
 *       L2 good,0,clean,0,80    30 + 30 + 20 + 10 + 8  = 98   AAA
 *       L3 fair,0.5,clean,0,50  18 + 24 + 20 + 10 + 5  = 77   A
 *       L4 good,0.5,once,1,60   30 + 24 + 5  + 5  + 6  = 70   A
 *       L5 poor,1,clean,0,50    0  + 12 + 20 + 10 + 5  = 47   B
 * now:  L1 unchanged                                    100  AAA
 *       L2 good,1,once,0,80     30 + 12 + 5  + 10 + 8  = 65   BBB (down 3)
 *       L3 poor,2,default,3,0   0                       = 0    D   (down 7)
 *       L4 good,0.5,once,1,50   30 + 24 + 5  + 5  + 5  = 69   BBB (down 1: not listed)
 *       L6 poor,1,once,1,20     0  + 12 + 5  + 5  + 2  = 24   CC  (new, in a warning grade)
 *       L7 good,0,clean,0,100                           100  AAA (new)
 *       L5 is gone.
 */
export { scorecardWeightSet } from '../weights/scorecard-fixtures';

export const THEN_CSV = [
  'id,x1,x2,y1,y2,y3,days_past_due,defaulted',
  'L1,good,0,clean,0,100,0,0',
  'L2,good,0,clean,0,80,0,0',
  'L3,fair,0.5,clean,0,50,,',
  'L4,good,0.5,once,1,60,10,0',
  'L5,poor,1,clean,0,50,90,1'
].join('\n');

export const NOW_CSV = [
  'id,x1,x2,y1,y2,y3,days_past_due,defaulted',
  'L1,good,0,clean,0,100,0,0',
  'L2,Good,1,Overdue once,0,80,30,0',
  'L3,poor,2,default,3,0,120,1',
  'L4,good,0.5,once,1,50,0,0',
  'L6,poor,1,once,1,20,,',
  'L7,good,0,clean,0,100,0,0'
].join('\r\n');
