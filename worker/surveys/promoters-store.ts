import { sql } from 'drizzle-orm';
import type { ReferralCandidate } from '../../shared/contracts/surveys';
import type { Db } from '../common/db';

/**
 * Referral candidates: accounts with an NPS promoter answer (9–10) since `sinceMs` and no advocacy record
 * (case study, testimonial, reference, talk or referral) yet, each with its latest such answer, newest first.
 * Promoters raise no alert by default (their rule's `raiseAlert` is off): this list is where they are worked.
 * @example await referralCandidates(db, { sinceMs: Date.now() - 90 * 86_400_000, limit: 100 })
 */
export async function referralCandidates(
  db: Db,
  q: { sinceMs: number; limit: number },
): Promise<ReferralCandidate[]> {
  const rows = await db.all<{
    account: string;
    account_name: string;
    owner_email: string | null;
    arr_cents: number | null;
    currency: string | null;
    score: number;
    comment: string | null;
    contact_email: string | null;
    contact_name: string | null;
    survey_name: string;
    responded_at: number;
  }>(sql`WITH p AS (
      SELECT r.*, row_number() OVER (PARTITION BY r.account_id ORDER BY r.responded_at DESC, r.id DESC) AS nth
      FROM survey_responses r JOIN surveys s ON s.id = r.survey_id
      WHERE s.type = 'nps' AND r.score >= 9 AND r.responded_at >= ${q.sinceMs}
        AND NOT EXISTS (SELECT 1 FROM advocacy v WHERE v.account_id = r.account_id)
    )
    SELECT a.external_id AS account, a.name AS account_name, a.owner_email, a.arr_cents, a.currency, p.score,
      p.comment, l.contact_email, l.contact_name, s.name AS survey_name, p.responded_at
    FROM p JOIN accounts a ON a.id = p.account_id JOIN surveys s ON s.id = p.survey_id
    JOIN survey_links l ON l.id = p.link_id
    WHERE p.nth = 1
    ORDER BY p.responded_at DESC, p.id DESC LIMIT ${q.limit}`);
  return rows.map((r) => ({
    account: r.account,
    accountName: r.account_name,
    ownerEmail: r.owner_email,
    arrCents: r.arr_cents,
    currency: r.currency,
    score: r.score,
    comment: r.comment,
    contactEmail: r.contact_email,
    contactName: r.contact_name,
    surveyName: r.survey_name,
    respondedAt: new Date(r.responded_at).toISOString(),
  }));
}
