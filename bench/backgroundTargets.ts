import type { measureBackground } from './backgroundWork';
import type { TargetRow } from './targets';

type Background = Awaited<ReturnType<typeof measureBackground>> & { readonly mode: string };

/** The background work's figures beside their targets (issues 21 and 24). */
export function backgroundTargetRows(b: Background): TargetRow[] {
  const s = b.sustained;
  const skipped = Object.values(s.ticksSkipped).reduce((a, n) => a + n, 0);
  const burstSkipped = Object.values(b.burst.ticksSkipped).reduce((a, n) => a + n, 0);
  const scale = b.mode === 'full' ? '' : ` (${b.mode} mode)`;
  return [
    {
      measure: `Sustained ${b.plan.rate} invitations/s for ${b.plan.sustainedSeconds} s with notifications, timers on their schedules${scale}`,
      result: `${s.achievedRate}/s sent; oldest due check at most ${s.maxOldestOverdueSeconds} s overdue (backlog at most ${s.maxDueBacklog}; invitation checks ${s.byKind.inv?.maxOldestOverdueSeconds} s / ${s.byKind.inv?.maxDue}, replay ${s.byKind.inb?.maxOldestOverdueSeconds} s, outbox events ${s.byKind.evt?.maxOldestOverdueSeconds} s / ${s.byKind.evt?.maxDue}); ${skipped} ticks skipped; minute runs p50/max ${s.minuteRunSeconds.p50}/${s.minuteRunSeconds.max} s; unanswered finalized p50/p99/max ${s.unansweredFinalizedLateSeconds.p50}/${s.unansweredFinalizedLateSeconds.p99}/${s.unansweredFinalizedLateSeconds.max} s after their deadline, ${s.unansweredStillOpen} open`,
      target: 'oldest due check never more than 60 s overdue, no tick skipped',
      met: s.maxOldestOverdueSeconds <= 60 && skipped === 0 && s.unansweredStillOpen === 0,
    },
    {
      measure: `Burst of ${b.burst.planned} unanswered invitations in one minute${scale}`,
      result: `${b.burst.invitations} sent in ${b.burst.sendSeconds} s; finalized p50/p99/max ${b.burst.finalizedLateSeconds.p50}/${b.burst.finalizedLateSeconds.p99}/${b.burst.finalizedLateSeconds.max} s after their deadlines, ${b.burst.stillOpen} open, ${burstSkipped} ticks skipped`,
      target: 'all finalized within 60 s of their deadlines',
      met: b.burst.stillOpen === 0 && b.burst.finalizedLateSeconds.max <= 60,
    },
    {
      measure: 'Storage requests per answered invitation: invite path, and checks left for the sweeps',
      result: `${b.perInvitation.perInvitation}: ${b.perInvitation.invitePathRequests} on the invite path (4, and the call's retention check: each invitation here is on a call of its own), ${b.perInvitation.closeTransactions} transactions closing the ${b.perInvitation.invitations} checks at their outcomes (written behind); ${b.perInvitation.checksLeftForSweeps} checks left for the sweeps`,
      target: 'below the 7 before (4 + 3 for the sweep visit)',
      met: b.perInvitation.checksLeftForSweeps === 0 && b.perInvitation.perInvitation < 7,
    },
    {
      measure: `Sustained run: all storage requests per invitation (invites, notifications, sweeps)${scale}`,
      result: `${s.storageRequestsPerInvitation}`,
      target: '-',
      met: 'reported',
    },
    {
      measure: `Idle cost per hour, no calls (watched ${b.idle.seconds} s, scaled)`,
      result: `${b.idle.perHour.timerExecutions} timer executions, ${b.idle.perHour.storageRequests} storage requests`,
      target: 'at most 60 of each (once a minute)',
      met: b.idle.perHour.timerExecutions <= 60 && b.idle.perHour.storageRequests <= 60,
    },
  ];
}
