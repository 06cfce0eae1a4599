/** What the editor says about each problem, in the reader's language. */
import { m } from '$lib/paraglide/messages';
import { problemWords } from '$lib/problem-words';
import { MAX_LEVEL_LABEL, MAX_LEVELS, type OutlineProblem } from '$lib/survey';
import { MAX_NOTE } from './scale-edit';
import { coverageText } from '../method-labels';
import type { Issue } from './tree';

function formatSum(sum: number): string {
  return Number.isFinite(sum) ? String(Number(sum.toFixed(6))) : '?';
}

export function issueText(issue: Issue): string {
  const value = issue.value ?? 0;
  switch (issue.code) {
    case 'id-invalid':
      return m.admin_issue_id_invalid();
    case 'id-duplicate':
      return m.admin_issue_id_duplicate();
    case 'name-needed':
      return m.admin_issue_name_needed();
    case 'too-long':
      return m.admin_issue_too_long({ max: value });
    case 'characters':
      return m.admin_issue_characters();
    case 'too-many-children':
      return m.admin_issue_too_many_children({ max: value });
    case 'goal-needs-children':
      return m.admin_issue_goal_needs_children();
    case 'too-deep':
      return m.admin_issue_too_deep({ max: value });
    case 'too-many-nodes':
      return m.admin_issue_too_many_nodes({ max: value });
    case 'weight-invalid':
      return m.admin_issue_weight_invalid({ position: value });
    case 'weights-sum':
      return m.admin_issue_weights_sum({ sum: formatSum(value) });
    case 'ri-not-covered':
      return issue.coverage ? coverageText(issue.coverage) : '';
    case 'other':
      return issue.problem ? problemWords(issue.problem) : '';
    case 'scale-levels-count':
      return m.admin_issue_scale_levels_count({ max: MAX_LEVELS });
    case 'scale-level-id':
      return m.admin_issue_scale_level_id({ row: value });
    case 'scale-level-same':
      return m.admin_issue_scale_level_same({ row: value });
    case 'scale-level-name':
      return m.admin_issue_scale_level_name({ row: value });
    case 'scale-level-text':
      return m.admin_issue_scale_level_text({ row: value, max: MAX_LEVEL_LABEL });
    case 'scale-points':
      return m.admin_issue_scale_points({ row: value });
    case 'scale-none-compared':
      return m.admin_issue_scale_none_compared();
    case 'scale-breakpoints-count':
      return m.admin_issue_scale_breakpoints_count({ max: MAX_LEVELS });
    case 'scale-breakpoint':
      return m.admin_issue_scale_breakpoint({ row: value });
    case 'scale-breakpoints-rising':
      return m.admin_issue_scale_breakpoints_rising({ row: value });
    case 'scale-unit':
      return m.admin_issue_scale_unit({ max: MAX_LEVEL_LABEL });
    case 'scale-missing-points':
      return m.admin_issue_scale_missing_points();
    case 'scale-note':
      return m.admin_issue_scale_note({ max: MAX_NOTE });
  }
}

/** What is wrong with a pasted outline (the entry it is in is said before this). */
export function outlineProblemText(p: OutlineProblem): string {
  switch (p.code) {
    case 'empty':
      return m.admin_outline_problem_empty();
    case 'empty-name':
      return m.admin_outline_problem_empty_name();
    case 'too-many':
      return m.admin_issue_too_many_nodes({ max: p.max });
    case 'too-long':
      return m.admin_outline_problem_too_long({ name: `${p.name.slice(0, 20)}…`, max: p.max });
    case 'characters':
      return m.admin_outline_problem_characters({ name: p.name.slice(0, 20) });
    case 'duplicate':
      return m.admin_outline_problem_duplicate({ name: p.name });
    case 'no-colon':
      return m.admin_outline_problem_no_colon();
    case 'unknown-parent':
      return m.admin_outline_problem_unknown_parent({ name: p.name });
    case 'listed-twice':
      return m.admin_outline_problem_listed_twice({ name: p.name });
    case 'no-children':
      return m.admin_outline_problem_no_children({ name: p.name });
    case 'too-many-children':
      return m.admin_outline_problem_too_many_children({ name: p.name, max: p.max });
    case 'too-deep':
      return m.admin_issue_too_deep({ max: p.max });
    case 'outline-long':
      return m.admin_outline_problem_outline_long({ max: p.max });
  }
}

export { formatSum };
