const encoder = new TextEncoder();

/**
 * A messageId for a message sent without one. A timestamped message gets a content hash, so an exact
 * resend (a client retry) is deduplicated; without a timestamp two identical calls are distinct events.
 */
export async function fallbackMessageId(raw: Record<string, unknown>, sourceId: string): Promise<string> {
  if (!raw.timestamp && !raw.originalTimestamp) return crypto.randomUUID();
  const { sentAt: _sentAt, writeKey: _writeKey, ...stable } = raw;
  const digest = await crypto.subtle.digest(
    'SHA-256',
    encoder.encode(`${sourceId}\n${JSON.stringify(stable)}`),
  );
  return `kw-${[...new Uint8Array(digest, 0, 16)].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}
