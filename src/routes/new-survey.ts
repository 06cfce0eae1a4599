/**
 * The definition a survey started "from scratch" gets: a goal with two criteria to rename,
 * valid as it stands (a hierarchy needs something to compare), in both languages.
 */
import { DEFAULT_SETTINGS, type SurveyDefinition } from '$lib/survey';

export function scratchDefinition(): SurveyDefinition {
  return {
    title: { en: 'New survey', zh: '新问卷' },
    hierarchy: {
      id: 'A1',
      label: { en: 'Goal', zh: '目标' },
      children: [
        { id: 'B1', label: { en: 'Criterion 1', zh: '准则 1' } },
        { id: 'B2', label: { en: 'Criterion 2', zh: '准则 2' } }
      ]
    },
    settings: { ...DEFAULT_SETTINGS }
  };
}
