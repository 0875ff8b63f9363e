/**
 * The original system served its list routes with a trailing slash (`/portfolios/`); its clients keep
 * working when both spellings answer. The slash variant is hidden from OpenAPI so each route is listed once.
 */
export function withTrailingSlash(url: string, register: (url: string, hide: boolean) => void) {
  register(url, false);
  register(`${url}/`, true);
}
