import { fail } from '@sveltejs/kit';
import {
  formText,
  inviteExperts,
  isWellFormedId,
  listExperts,
  OPEN_LINK_LIMITS,
  readForm,
  reissueExpertLink,
  setOpenLink
} from '$lib/server';
import { askedGroupsOf } from '$lib/survey';
import { requireSurvey, storeFailure } from '../admin.server';
import { checkInvitee, parseInviteList, type NewLink } from './invitations';
import { nextRoundFromForm, openRound, saveDelphiForm } from '../rounds.server';
import { flagsFromAnalysis, recheckedFlags } from './flags';
import {
  DEFAULT_QUERY,
  listPage,
  MAX_SEARCH_LENGTH,
  panelCounts,
  readListQuery
} from './panel-list';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
  const survey = await requireSurvey(locals.db, params.token);
  const def = survey.definition;
  const [experts, open] = await Promise.all([
    listExperts(locals.db, survey.id),
    openRound(locals.db, survey)
  ]);
  // Every expert's flags (the counts cover the whole panel); only a page of rows is sent. The
  // open round's answers are everyone's latest, analysed once under the current settings.
  const answers = new Map(open.panel.map((e) => [e.id, e]));
  const analysed = open.figures
    ? flagsFromAnalysis(def, open.figures.analysis, open.figures.ratings)
    : () => null;
  const flagsOf = (e: (typeof experts)[number]) => {
    if (!e.latest) return null;
    const judgments = answers.get(e.id)?.judgments;
    return (
      (judgments && analysed(e.id, judgments)) ??
      recheckedFlags(
        def,
        judgments && { submissionId: e.latest.submissionId, judgments },
        e.latest.consistency
      )
    );
  };
  const rows = experts.map((e) => ({
    id: e.id,
    name: e.name,
    role: e.role,
    weight: e.weight,
    viaOpenLink: e.viaOpenLink,
    imported: e.imported,
    status: e.status,
    lastActivityAt: e.lastActivityAt,
    submissionCount: e.submissionCount,
    flags: flagsOf(e)
  }));
  const read = readListQuery(url.searchParams);
  const list =
    'query' in read
      ? { ...listPage(rows, read.query), problem: null }
      : { ...listPage([], DEFAULT_QUERY), problem: read };
  const { rows: shown, ...place } = list;
  // What was typed, shown again in the search field beside the problem (controls as U+FFFD).
  const typed = (url.searchParams.get('q') ?? '')
    .slice(0, 2 * MAX_SEARCH_LENGTH)
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, '\uFFFD');
  return {
    status: survey.status,
    openLinkEnabled: survey.openLinkEnabled,
    limits: { ...OPEN_LINK_LIMITS },
    threshold: def.settings.threshold,
    rounds: open.view,
    nodes: Object.fromEntries(askedGroupsOf(def).map((c) => [c.node.id, c.node.label])),
    counts: panelCounts(rows),
    list: { ...place, typed },
    experts: shown
  };
};

const expertLink = (origin: string, token: string) => `${origin}/e/${token}`;

export const actions: Actions = {
  invite: async ({ locals, params, request, url }) => {
    const survey = await requireSurvey(locals.db, params.token);
    const form = await readForm(request);
    const one = {
      name: formText(form, 'name').slice(0, 1000),
      role: formText(form, 'role').slice(0, 1000),
      weight: formText(form, 'weight').slice(0, 40)
    };
    const checked = checkInvitee(one.name, one.role, one.weight);
    if ('problem' in checked) return fail(400, { one, oneError: checked.problem });
    try {
      const [invited] = await inviteExperts(locals.db, survey.id, [checked.invitee]);
      const created: NewLink[] = invited
        ? [{ ...checked.invitee, link: expertLink(url.origin, invited.token) }]
        : [];
      return { created };
    } catch (e) {
      return storeFailure(e, { one });
    }
  },

  inviteMany: async ({ locals, params, request, url }) => {
    const survey = await requireSurvey(locals.db, params.token);
    const list = formText(await readForm(request), 'list').slice(0, 200_000);
    const { invitees, errors } = parseInviteList(list);
    if (errors.length > 0) return fail(400, { list, listErrors: errors });
    if (invitees.length === 0) return fail(400, { list, listEmpty: true });
    try {
      const invited = await inviteExperts(locals.db, survey.id, invitees);
      const created: NewLink[] = invited.map((x) => ({
        name: x.expert.name,
        role: x.expert.role,
        weight: x.expert.weight,
        link: expertLink(url.origin, x.token)
      }));
      return { created };
    } catch (e) {
      return storeFailure(e, { list });
    }
  },

  /** A new personal link for one expert; the old one stops working. */
  reissue: async ({ locals, params, request, url }) => {
    const survey = await requireSurvey(locals.db, params.token);
    const expertId = (await readForm(request)).get('expert');
    if (!isWellFormedId(expertId)) return fail(400, { damaged: true });
    try {
      const { expert, token } = await reissueExpertLink(locals.db, survey.id, expertId);
      const created: NewLink[] = [
        {
          name: expert.name,
          role: expert.role,
          weight: expert.weight,
          link: expertLink(url.origin, token)
        }
      ];
      return { created, reissued: true };
    } catch (e) {
      return storeFailure(e);
    }
  },

  /** Delphi: the reasons setting and the stop rule. */
  delphi: async ({ locals, params, request }) => {
    const survey = await requireSurvey(locals.db, params.token);
    const saved = await saveDelphiForm(locals.db, survey, await readForm(request));
    if ('field' in saved) return fail(400, { delphiError: saved });
    return { delphiSaved: true };
  },

  /** Delphi: closes the round open now and opens the next. */
  nextRound: async ({ locals, params, request }) => {
    const survey = await requireSurvey(locals.db, params.token);
    const next = await nextRoundFromForm(locals.db, survey, await readForm(request));
    if ('problem' in next)
      return fail(next.problem === 'not-open' ? 423 : 400, { roundProblem: next.problem });
    return { roundOpened: next.round.number };
  },

  /** Turns the open link on (a new link, shown once) or off. */
  openLink: async ({ locals, params, request, url }) => {
    const survey = await requireSurvey(locals.db, params.token);
    const enable = (await readForm(request)).get('enabled') === 'on';
    try {
      if (enable) {
        const { token } = await setOpenLink(locals.db, survey.id, true);
        return { openLink: `${url.origin}/join/${token}` };
      }
      await setOpenLink(locals.db, survey.id, false);
      return { openLinkOff: true };
    } catch (e) {
      return storeFailure(e);
    }
  }
};
