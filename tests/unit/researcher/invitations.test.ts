/** Pasted invitation lists, and the new links as CSV and text. */
import { describe, expect, it } from 'vitest';
import {
  checkInvitee,
  linksCsv,
  linksCsvDataUrl,
  linksText,
  parseExpertWeight,
  parseInviteList
} from '../../../src/routes/a/[token]/experts/invitations';

describe('parseInviteList', () => {
  it('reads name, role and weight; role and weight optional; blank lines skipped', () => {
    const { invitees, errors } = parseInviteList(
      'Li Wei, academic, 1\r\n\r\n  Zhang Min , practitioner \nWang Fang\n'
    );
    expect(errors).toEqual([]);
    expect(invitees).toEqual([
      { name: 'Li Wei', role: 'academic', weight: 1 },
      { name: 'Zhang Min', role: 'practitioner', weight: 1 },
      { name: 'Wang Fang', role: '', weight: 1 }
    ]);
  });

  it('takes Chinese commas and spreadsheet columns (tabs)', () => {
    expect(parseInviteList('李伟，高校学者，0.5\n张敏\t信贷员\t2').invitees).toEqual([
      { name: '李伟', role: '高校学者', weight: 0.5 },
      { name: '张敏', role: '信贷员', weight: 2 }
    ]);
  });

  it('names the line of every problem, and invites nobody then', () => {
    const text = [
      'Li Wei, academic',
      ', practitioner',
      'Wang Fang, practitioner, -2',
      'Chen Jie, academic, 1, extra',
      `${'x'.repeat(201)}, academic`,
      `Zhou Lan, ${'r'.repeat(101)}`,
      'Sun Hao, , heavy'
    ].join('\n');
    const { invitees, errors } = parseInviteList(text);
    expect(errors.map((e) => [e.line, e.problem])).toEqual([
      [2, 'name'],
      [3, 'weight'],
      [4, 'fields'],
      [5, 'name-long'],
      [6, 'role-long'],
      [7, 'weight']
    ]);
    expect(errors[0]!.text).toBe(', practitioner');
    expect(errors[3]!.text.length).toBeLessThanOrEqual(60);
    expect(invitees).toHaveLength(1);
  });

  it('refuses more than 1000 experts at once', () => {
    const text = Array.from({ length: 1001 }, (_, k) => `Expert ${k}`).join('\n');
    expect(parseInviteList(text)).toEqual({
      invitees: [],
      errors: [{ line: 0, problem: 'too-many', text: '' }]
    });
  });

  it('checks one invitee the same way', () => {
    expect(checkInvitee('Li Wei', '', '')).toEqual({
      invitee: { name: 'Li Wei', role: '', weight: 1 }
    });
    expect(checkInvitee('  ', 'academic', '1')).toEqual({ problem: 'name' });
    expect(checkInvitee('Li Wei', '', '1/2')).toEqual({ problem: 'weight' });
    expect(parseExpertWeight(' 0.75 ')).toBe(0.75);
    expect(parseExpertWeight('')).toBeUndefined();
    expect(parseExpertWeight('-1')).toBeNull();
  });
});

describe('the new links', () => {
  const links = [
    { name: 'Li Wei', role: 'academic', weight: 1, link: 'http://x/e/AAA' },
    { name: 'Zhang, "Min"', role: '信贷员', weight: 0.5, link: 'http://x/e/BBB' },
    { name: '=HYPERLINK("http://evil")', role: '', weight: 1, link: 'http://x/e/CCC' }
  ];

  it('as CSV: quoted where needed, formulas defused, CRLF', () => {
    expect(linksCsv(links)).toBe(
      'name,role,weight,link\r\n' +
        'Li Wei,academic,1,http://x/e/AAA\r\n' +
        '"Zhang, ""Min""",信贷员,0.5,http://x/e/BBB\r\n' +
        `"'=HYPERLINK(""http://evil"")",,1,http://x/e/CCC\r\n`
    );
  });

  it('as a data: URL with a byte order mark for spreadsheet programs', () => {
    const url = linksCsvDataUrl(links);
    expect(url.startsWith('data:text/csv;charset=utf-8,')).toBe(true);
    const body = decodeURIComponent(url.slice(url.indexOf(',') + 1));
    expect(body).toBe('\uFEFF' + linksCsv(links));
  });

  it('as text for the clipboard', () => {
    expect(linksText(links.slice(0, 2))).toBe(
      'Li Wei (academic): http://x/e/AAA\nZhang, "Min" (信贷员): http://x/e/BBB'
    );
  });
});
