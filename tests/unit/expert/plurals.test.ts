/**
 * English messages with a count say "1 minute", "1 new link", never "1 minutes" or "link(s)"
 * (issue 9, section 7); Chinese has no plural and keeps one text. The expected texts are the
 * English grammar of the count, written out here.
 */
import { describe, expect, it } from 'vitest';
import { m } from '../../../src/lib/paraglide/messages';

const en = { locale: 'en' } as const;
const zh = { locale: 'zh' } as const;

describe('messages with a count', () => {
  it('take the singular for 1 and the plural otherwise, in English', () => {
    expect(m.expert_intro_time({ minutes: '1' }, en)).toBe(
      'It takes about 1 minute (about 10 seconds a comparison).'
    );
    expect(m.expert_intro_time({ minutes: '5' }, en)).toBe(
      'It takes about 5 minutes (about 10 seconds a comparison).'
    );
    expect(m.admin_new_links_heading({ count: 1 }, en)).toBe('1 new link: shown only now');
    expect(m.admin_new_links_heading({ count: 3 }, en)).toBe('3 new links: shown only now');
    expect(m.admin_hierarchy_summary({ nodes: 3, count: 1 }, en)).toBe(
      '3 items; each expert makes 1 pairwise comparison.'
    );
    expect(m.admin_hierarchy_summary({ nodes: 1, count: 0 }, en)).toBe(
      '1 item; each expert makes 0 pairwise comparisons.'
    );
    expect(m.expert_review_complete({ total: '1' }, en)).toBe('The 1 comparison is answered.');
    expect(m.expert_review_complete({ total: '30' }, en)).toBe('All 30 comparisons are answered.');
    expect(m.admin_results_node_experts({ count: 1 }, en)).toBe('1 expert');
    expect(m.admin_problems_heading({ count: 2 }, en)).toBe('Not saved: 2 problems to fix first');
  });

  it('keep one text in Chinese', () => {
    expect(m.expert_intro_time({ minutes: '1' }, zh)).toBe('大约需要 1 分钟（每次比较约 10 秒）。');
    expect(m.admin_new_links_heading({ count: 1 }, zh)).toBe('1 个新链接：仅此一次显示');
  });
});
