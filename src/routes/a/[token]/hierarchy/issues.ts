/** What the editor says about each problem, in the reader's language. */
import { m } from '$lib/paraglide/messages';
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
    case 'other':
      return issue.detail ?? '';
  }
}

export { formatSum };
