/** The Authorization header for PAS_API_KEY (a server with PAS_AUTH=required wants it; admin scope here). */
export function apiKeyHeaders(env: Record<string, string | undefined> = process.env): Record<string, string> {
  const key = env.PAS_API_KEY?.trim();
  return key ? { authorization: `Bearer ${key}` } : {};
}
