/**
 * The Fujian farm-credit hierarchy (goal A1, criteria B1-B4, sub-criteria C1-C15; DOMAIN.md)
 * and a set of plausible "true" weights used to synthesise expert panels for the benchmarks.
 * The weights are illustrative, not the study's (its matrices were not published).
 */
export const fujianHierarchy = {
  id: 'A1',
  children: [
    { id: 'B1', children: [{ id: 'C1' }, { id: 'C2' }] },
    { id: 'B2', children: [{ id: 'C3' }, { id: 'C4' }, { id: 'C5' }, { id: 'C6' }, { id: 'C7' }] },
    { id: 'B3', children: [{ id: 'C8' }, { id: 'C9' }, { id: 'C10' }] },
    {
      id: 'B4',
      children: [{ id: 'C11' }, { id: 'C12' }, { id: 'C13' }, { id: 'C14' }, { id: 'C15' }]
    }
  ]
};

export const fujianTrueWeights: Record<string, number[]> = {
  A1: [0.1, 0.45, 0.3, 0.15],
  B1: [0.6, 0.4],
  B2: [0.35, 0.2, 0.15, 0.2, 0.1],
  B3: [0.5, 0.2, 0.3],
  B4: [0.15, 0.25, 0.2, 0.25, 0.15]
};
