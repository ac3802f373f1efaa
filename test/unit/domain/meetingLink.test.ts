import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { meetingById, meetingKey, parseMeetingLink, type LinkParse } from '../../../src/lib/domain/meetingLink';
import '../../support/propertySeed';

/*
 * Link shapes as they appear in the sources: comms-samples JoinInfo.ParseJoinURL and #458 (classic,
 * URL-encoded), Teams' "Copy link" without encoding, channel meetings (@thread.tacv2, non-zero
 * message id), links without Oid, short links from MC772556 / comms-samples #829, #847.
 */
const tid = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const oid = '550fae72-d251-43ec-868c-373732c2704f';
const thread = '19:meeting_NTg0NmQ3NTctZDVkZC00YzRhLThmNmEtOGQ3M2Y3ZmEyNjNh@thread.v2';
const encodedContext = `%7b%22Tid%22%3a%22${tid}%22%2c%22Oid%22%3a%22${oid}%22%7d`;
const classicEncoded = `https://teams.microsoft.com/l/meetup-join/19%3ameeting_NTg0NmQ3NTctZDVkZC00YzRhLThmNmEtOGQ3M2Y3ZmEyNjNh%40thread.v2/0?context=${encodedContext}`;

/** The problem's name; every refusal says why in words too. */
const problem = (r: LinkParse) => {
  if (r.ok) return 'ok';
  expect(r.detail.length, r.problem).toBeGreaterThan(10);
  return r.problem;
};

describe('classic join links', () => {
  it('encoded: chat thread, message id, tenant and organizer', () => {
    expect(parseMeetingLink(classicEncoded)).toEqual({ ok: true, meeting: { kind: 'classic', threadId: thread, messageId: '0', tenantId: tid, organizerId: oid } });
  });

  it('not encoded, as some clients copy it, with surrounding spaces', () => {
    const link = `  https://teams.microsoft.com/l/meetup-join/${thread}/0?context={"Tid":"${tid}","Oid":"${oid}"}  `;
    expect(parseMeetingLink(link)).toEqual(parseMeetingLink(classicEncoded));
  });

  it('a channel meeting: @thread.tacv2 and a non-zero message id; extra context members and query parameters are ignored', () => {
    const link = `https://teams.microsoft.com/l/meetup-join/19%3a2e9ee8f9c6a64b9b8a07a96d5b8a2b1f%40thread.tacv2/1600000000000?context=%7b%22Tid%22%3a%22${tid}%22%2c%22Oid%22%3a%22${oid}%22%2c%22MessageId%22%3a%221600000000000%22%7d&anon=true&deeplinkId=abc`;
    expect(parseMeetingLink(link)).toEqual({
      ok: true,
      meeting: { kind: 'classic', threadId: '19:2e9ee8f9c6a64b9b8a07a96d5b8a2b1f@thread.tacv2', messageId: '1600000000000', tenantId: tid, organizerId: oid },
    });
  });

  it('without Oid: no organizer; ids are lower-cased', () => {
    const link = `https://teams.microsoft.com/l/meetup-join/${encodeURIComponent(thread)}/0?context=${encodeURIComponent(`{"Tid":"${tid.toUpperCase()}"}`)}`;
    expect(parseMeetingLink(link)).toEqual({ ok: true, meeting: { kind: 'classic', threadId: thread, messageId: '0', tenantId: tid, organizerId: undefined } });
  });

  it('older channels (@thread.skype) and US government hosts', () => {
    for (const host of ['gov.teams.microsoft.us', 'dod.teams.microsoft.us', 'TEAMS.microsoft.com']) {
      expect(problem(parseMeetingLink(`https://${host}/l/meetup-join/19%3aabc%40thread.skype/12?context=${encodedContext}`)), host).toBe('ok');
    }
  });

  it('each broken part is named', () => {
    const base = 'https://teams.microsoft.com/l/meetup-join';
    const cases: [string, string][] = [
      [`${base}/19%3ameeting_x%40thread.v3/0?context=${encodedContext}`, 'badThread'],
      [`${base}/20%3ameeting_x%40thread.v2/0?context=${encodedContext}`, 'badThread'],
      [`${base}/19%3ameeting%20x%40thread.v2/0?context=${encodedContext}`, 'badThread'],
      [`${base}/%E0%A4%A/0?context=${encodedContext}`, 'badThread'],
      [`${base}/19%3ax%40thread.v2/abc?context=${encodedContext}`, 'badMessageId'],
      [`${base}/19%3ax%40thread.v2/%E0%A4%A?context=${encodedContext}`, 'badMessageId'],
      [`${base}/19%3ax%40thread.v2/0`, 'badContext'],
      [`${base}/19%3ax%40thread.v2/0?context=%7bTid`, 'badContext'],
      [`${base}/19%3ax%40thread.v2/0?context=null`, 'badTenant'],
      [`${base}/19%3ax%40thread.v2/0?context=${encodeURIComponent('{"Oid":"x"}')}`, 'badTenant'],
      [`${base}/19%3ax%40thread.v2/0?context=${encodeURIComponent('{"Tid":42}')}`, 'badTenant'],
      [`${base}/19%3ax%40thread.v2/0?context=42`, 'badTenant'],
      // A GUID inside an array reads as the GUID when coerced to a string: not a tenant id either.
      [`${base}/19%3ax%40thread.v2/0?context=${encodeURIComponent(`{"Tid":["${tid}"]}`)}`, 'badTenant'],
      [`${base}/19%3ax%40thread.v2/0?context=${encodeURIComponent(`{"Tid":"${tid}x"}`)}`, 'badTenant'],
      [`${base}/19%3ax%40thread.v2/0?context=${encodeURIComponent(`{"Tid":"${tid}","Oid":["${oid}"]}`)}`, 'badOrganizer'],
      [`${base}/x19%3ax%40thread.v2/0?context=${encodeURIComponent(`{"Tid":"${tid}"}`)}`, 'badThread'],
      [`${base}/19%3ax%40thread.v2x/0?context=${encodeURIComponent(`{"Tid":"${tid}"}`)}`, 'badThread'],
      [`${base}/19%3ax%40thread.v2/1x?context=${encodeURIComponent(`{"Tid":"${tid}"}`)}`, 'badMessageId'],
      [`${base}/19%3ax%40thread.v2/x1?context=${encodeURIComponent(`{"Tid":"${tid}"}`)}`, 'badMessageId'],
      [`https://teams.microsoft.com/x/2345678901234?p=a`, 'notAJoinLink'],
      [`https://teams.microsoft.com/l/meetup-join/19%3ax%40thread.v2/0/x?context=${encodedContext}`, 'notAJoinLink'],
      [`https://teams.microsoft.com/l/x/19%3ax%40thread.v2/0?context=${encodedContext}`, 'notAJoinLink'],
      [`https://teams.microsoft.com/x/meetup-join/19%3ax%40thread.v2/0?context=${encodedContext}`, 'notAJoinLink'],
      [`${base}/19%3ax%40thread.v2/0?context=${encodeURIComponent('{"Tid":"contoso.com"}')}`, 'badTenant'],
      [`${base}/19%3ax%40thread.v2/0?context=${encodeURIComponent(`{"Tid":"${tid}","Oid":"bob"}`)}`, 'badOrganizer'],
      [`${base}/19%3ax%40thread.v2/0?context=${encodeURIComponent(`{"Tid":"${tid}","Oid":7}`)}`, 'badOrganizer'],
      [`${base}/19%3ax%40thread.v2?context=${encodedContext}`, 'notAJoinLink'],
      [`${base}/19%3ax%40thread.v2/0/extra?context=${encodedContext}`, 'notAJoinLink'],
      [`https://teams.microsoft.com/x/meetup-join/19%3ax%40thread.v2/0?context=${encodedContext}`, 'notAJoinLink'],
      [`https://teams.microsoft.com/l/chat/19%3ax%40thread.v2/0?context=${encodedContext}`, 'notAJoinLink'],
      [`http://teams.microsoft.com/l/meetup-join/19%3ax%40thread.v2/0?context=${encodedContext}`, 'notHttps'],
    ];
    for (const [link, expected] of cases) expect(problem(parseMeetingLink(link)), link).toBe(expected);
  });

  it('the tenant it names is a GUID even when the thread is valid', () => {
    const r = parseMeetingLink(`https://teams.microsoft.com/l/meetup-join/${encodeURIComponent(thread)}/0?context=${encodeURIComponent(`{"Tid":"x${tid}"}`)}`);
    expect(r).toMatchObject({ ok: false, problem: 'badTenant', detail: expect.stringContaining('Tid') });
  });
});

describe('short join links and meeting ids', () => {
  it('/meet/{id}?p={passcode}: the join id and passcode; other parameters ignored', () => {
    expect(parseMeetingLink('https://teams.microsoft.com/meet/2345678901234?p=AbCd3fGh12')).toEqual({ ok: true, meeting: { kind: 'joinMeetingId', joinMeetingId: '2345678901234', passcode: 'AbCd3fGh12' } });
    expect(parseMeetingLink('https://teams.microsoft.com/meet/2345678901234?anon=true&p=Xy9')).toEqual({ ok: true, meeting: { kind: 'joinMeetingId', joinMeetingId: '2345678901234', passcode: 'Xy9' } });
  });

  it('without a passcode (meetings that need none), or an empty one', () => {
    for (const link of ['https://teams.microsoft.com/meet/2345678901234', 'https://teams.microsoft.com/meet/2345678901234?p=']) {
      expect(parseMeetingLink(link)).toEqual({ ok: true, meeting: { kind: 'joinMeetingId', joinMeetingId: '2345678901234', passcode: undefined } });
    }
  });

  it('a meeting id typed as Teams shows it, with spaces', () => {
    expect(meetingById(' 234 567 890 123 ', 'Pw1')).toEqual({ ok: true, meeting: { kind: 'joinMeetingId', joinMeetingId: '234567890123', passcode: 'Pw1' } });
    expect(meetingById('123456', undefined)).toMatchObject({ ok: true });
    expect(meetingById('12345678901234567890', undefined)).toMatchObject({ ok: true });
  });

  it('bad ids and passcodes are named', () => {
    expect(problem(meetingById('12345', undefined))).toBe('badMeetingId');
    expect(problem(meetingById('123456789012345678901', undefined))).toBe('badMeetingId');
    expect(problem(meetingById('12345a789', undefined))).toBe('badMeetingId');
    expect(problem(meetingById('x123456789', undefined))).toBe('badMeetingId');
    expect(problem(meetingById('123456789x', undefined))).toBe('badMeetingId');
    expect(problem(meetingById('123456789', 'pass word'))).toBe('badPasscode');
    expect(problem(meetingById('123456789', 'a'.repeat(65)))).toBe('badPasscode');
    expect(problem(meetingById('123456789', 'a'.repeat(64)))).toBe('ok');
    expect(problem(meetingById('123456789', '-a'))).toBe('badPasscode');
    expect(problem(meetingById('123456789', 'a b'))).toBe('badPasscode');
    expect(problem(meetingById('1234 5678\t9', undefined))).toBe('ok');
    expect(problem(meetingById('12345678901234567890x', undefined))).toBe('badMeetingId');
    expect(problem(meetingById('x12345678901234567890', undefined))).toBe('badMeetingId');
    expect(problem(meetingById('123456789', 'a-'))).toBe('badPasscode');
    expect(problem(parseMeetingLink('https://teams.microsoft.com/meet/abc?p=x'))).toBe('badMeetingId');
    expect(problem(parseMeetingLink('https://teams.microsoft.com/meet/%E0%A4%A?p=x'))).toBe('badMeetingId');
    expect(problem(parseMeetingLink('https://teams.microsoft.com/meet/2345678901234/x?p=x'))).toBe('notAJoinLink');
    expect(problem(parseMeetingLink('https://teams.microsoft.com/meet'))).toBe('notAJoinLink');
  });
});

describe('links the bot cannot join', () => {
  it('a consumer (teams.live.com) link, in either form', () => {
    for (const link of ['https://teams.live.com/meet/9876543210987?p=abc', 'https://teams.live.com/l/meetup-join/19%3ameeting_x%40thread.v2/0']) {
      expect(parseMeetingLink(link)).toMatchObject({ ok: false, problem: 'consumer', detail: expect.stringContaining('teams.live.com') });
    }
  });

  it('other hosts, look-alikes and non-URLs', () => {
    expect(parseMeetingLink('https://zoom.us/j/123456789')).toMatchObject({ ok: false, problem: 'notTeams', detail: expect.stringContaining('zoom.us') });
    expect(problem(parseMeetingLink('https://teams.microsoft.com.evil.example/meet/2345678901234'))).toBe('notTeams');
    expect(problem(parseMeetingLink('https://evilteams.microsoft.com/meet/2345678901234'))).toBe('notTeams');
    expect(problem(parseMeetingLink('teams.microsoft.com/meet/2345678901234'))).toBe('notAUrl');
    expect(problem(parseMeetingLink(''))).toBe('notAUrl');
  });

  it('garbage never throws and never yields a meeting that is not well formed', () => {
    const part = fc.string({ unit: fc.constantFrom('a', '1', '9', ':', '@', '%', '{', '"', '}', '/', '.', '-', ' ', '?', '&', '=', 'é', 'T', 'i', 'd') });
    const anyLink = fc.oneof(
      fc.string(),
      fc
        .tuple(
          fc.constantFrom('https://', 'http://', '', 'ftp://'),
          fc.constantFrom('teams.microsoft.com', 'teams.live.com', 'example.com', 'gov.teams.microsoft.us', ''),
          fc.constantFrom('/l/meetup-join/', '/meet/', '/', '/l/meetup-join/19:meeting_x@thread.v2/'),
          part,
          part,
          part,
        )
        .map(([scheme, host, path, a, b, c]) => `${scheme}${host}${path}${a}/${b}?context=${c}&p=${c}`),
    );
    fc.assert(
      fc.property(anyLink, (link) => {
        const r = parseMeetingLink(link);
        if (!r.ok) return r.detail.length > 0;
        const m = r.meeting;
        return m.kind === 'classic' ? /^19:/.test(m.threadId) && /^\d+$/.test(m.messageId) && /^[0-9a-f-]{36}$/.test(m.tenantId) : /^\d{6,20}$/.test(m.joinMeetingId);
      }),
    );
  });
});

describe('meeting keys', () => {
  it('the same meeting in every spelling is one key; different meetings differ', () => {
    const ok = (r: LinkParse) => {
      if (!r.ok) throw new Error(r.detail);
      return meetingKey(r.meeting);
    };
    const unencoded = `https://teams.microsoft.com/l/meetup-join/${thread}/0?context={"Tid":"${tid}"}`;
    expect(ok(parseMeetingLink(classicEncoded))).toBe(ok(parseMeetingLink(unencoded)));
    expect(ok(parseMeetingLink(classicEncoded))).toBe(`thread:${thread}:0`);
    expect(ok(parseMeetingLink('https://teams.microsoft.com/meet/2345678901234?p=a'))).toBe(ok(meetingById('234 567 890 1234', 'b')));
    expect(ok(meetingById('2345678901234', undefined))).toBe('joinId:2345678901234');
  });
});
