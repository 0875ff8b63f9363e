/** The path parameters of every per-portfolio analytics route: /portfolios/:portfolio_id/… */
export type PortfolioParams = { Params: { portfolio_id: string } };
