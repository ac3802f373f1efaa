import type { Stretch, TimelinePicture } from '../../domain/timelineLanes';
import { escapeHtml as e } from './htmlText';

/** A lane's label, as the page shows it (escaped where it is written). */
export type LaneLabel = (participantId: string) => string;

const width = 1000;
const plotLeft = 240;
const plotRight = 950;
const axisY = 24;
const invitationsY = 56;
const firstLaneY = 100;
const laneHeight = 36;

const clock = (ms: number) => new Date(ms).toISOString().slice(11, 19);

/**
 * The picture as SVG: a time axis, the invitations (a dot where each was sent, a line to its
 * outcome, green completed, red failed, grey open), a lane per participant (present in green,
 * the lobby in amber, muted as a dark bar), the call's start and end. Every element says what it
 * shows in data- attributes; every text is escaped.
 */
export function timelineSvg(picture: TimelinePicture, label: LaneLabel, now: Date): string {
  const from = Date.parse(picture.start ?? now.toISOString());
  const until = Math.max(Date.parse(picture.end ?? now.toISOString()), from + 60_000);
  const x = (at: string | undefined) => {
    const t = at === undefined ? until : Date.parse(at);
    return (plotLeft + ((Math.min(Math.max(t, from), until) - from) / (until - from)) * (plotRight - plotLeft)).toFixed(1);
  };
  const height = firstLaneY + picture.lanes.length * laneHeight + 20;
  const ticks = [0, 1, 2, 3, 4].map((i) => {
    const t = from + ((until - from) * i) / 4;
    const tx = x(new Date(t).toISOString());
    return `<line class="tick" x1="${tx}" x2="${tx}" y1="${axisY + 4}" y2="${height - 10}"/><text class="tick-label" x="${tx}" y="${axisY}">${clock(t)}</text>`;
  });
  const stretches = (kind: string, list: readonly Stretch[], y: number, h: number) =>
    list
      .map((s) => {
        const x1 = Number(x(s.from));
        const w = Math.max(2, Number(x(s.to)) - x1);
        return `<rect class="${kind}" data-from="${e(s.from)}" data-to="${e(s.to ?? '')}" x="${x1.toFixed(1)}" y="${y}" width="${w.toFixed(1)}" height="${h}"><title>${kind} ${e(s.from)} – ${e(s.to ?? 'now')}</title></rect>`;
      })
      .join('');
  const invitations = picture.invitations.map((inv) => {
    const status = inv.outcome?.status ?? 'open';
    const title = `${inv.clientContext}: ${inv.outcome ? `${inv.outcome.status} (${inv.outcome.reason ?? 'no reason'}) at ${inv.outcome.at}` : 'no outcome yet'}`;
    return (
      `<g class="invitation ${status}" data-client-context="${e(inv.clientContext)}" data-status="${status}" data-reason="${e(inv.outcome?.reason ?? '')}" data-at="${e(inv.at)}">` +
      `<line x1="${x(inv.at)}" x2="${x(inv.outcome?.at ?? inv.at)}" y1="${invitationsY}" y2="${invitationsY}"/>` +
      `<circle cx="${x(inv.at)}" cy="${invitationsY}" r="6"/>` +
      (inv.outcome ? `<rect class="outcome" x="${Number(x(inv.outcome.at)) - 5}" y="${invitationsY - 5}" width="10" height="10"/>` : '') +
      `<title>${e(title)}</title></g>`
    );
  });
  const lanes = picture.lanes.map((lane, i) => {
    const y = firstLaneY + i * laneHeight;
    return (
      `<g class="lane" data-participant-id="${e(lane.participantId)}" data-client-context="${e(lane.clientContext ?? '')}">` +
      `<title>${e(label(lane.participantId))}</title>` +
      `<text class="label" x="8" y="${y + 18}" clip-path="url(#labels)">${e(label(lane.participantId))}</text>` +
      stretches('present', lane.present, y + 4, 22) +
      stretches('lobby', lane.lobby, y + 4, 22) +
      stretches('muted', lane.muted, y + 24, 4) +
      '</g>'
    );
  });
  const mark = (kind: string, at: string | undefined, text: string) =>
    at === undefined ? '' : `<g class="${kind}" data-at="${e(at)}"><line x1="${x(at)}" x2="${x(at)}" y1="${axisY + 4}" y2="${height - 10}"/><text x="${x(at)}" y="${height - 2}">${text}</text></g>`;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="Call timeline">` +
    // Long names are cut at the lane's edge (the whole name is the label's tooltip).
    `<defs><clipPath id="labels"><rect x="0" y="0" width="${plotLeft - 12}" height="${height}"/></clipPath></defs>` +
    ticks.join('') +
    `<text class="row-label" x="8" y="${invitationsY + 5}">Invitations</text>` +
    invitations.join('') +
    lanes.join('') +
    mark('call-start', picture.start, 'start') +
    mark('call-end', picture.end, 'end') +
    '</svg>'
  );
}
