import { render } from 'preact';
import { HealthPage } from './pages/Health.tsx';
import { HoldingsPage } from './pages/Holdings.tsx';
import { ImportPage } from './pages/Import.tsx';
import { OverviewPage } from './pages/Overview.tsx';
import { PortfoliosPage } from './pages/Portfolios.tsx';
import { TransactionsPage } from './pages/Transactions.tsx';
import { href, type Route, useRoute } from './route.ts';
import './styles.css';

const TABS: Array<[Route['page'], string]> = [
  ['overview', 'Overview'],
  ['holdings', 'Holdings'],
  ['transactions', 'Transactions'],
  ['health', 'Data health'],
];

function App() {
  const route = useRoute();
  const id = route.portfolioId;
  return (
    <>
      <header class="top">
        <a class="brand" href={href('portfolios')}>
          Portfolio Analytics
        </a>
        <nav aria-label="Main">
          <a href={href('portfolios')} aria-current={route.page === 'portfolios' ? 'page' : undefined}>
            Portfolios
          </a>
          <a href={href('import')} aria-current={route.page === 'import' ? 'page' : undefined}>
            Import
          </a>
          <a href="/docs">API docs</a>
        </nav>
      </header>
      {id && (
        <nav class="tabs" aria-label="Portfolio">
          <span class="pid">{id}</span>
          {TABS.map(([page, label]) => (
            <a
              key={page}
              href={href(page, id, {
                from: route.query.get('from') ?? undefined,
                to: route.query.get('to') ?? undefined,
              })}
              aria-current={route.page === page ? 'page' : undefined}
            >
              {label}
            </a>
          ))}
        </nav>
      )}
      <main>
        {route.page === 'portfolios' && <PortfoliosPage />}
        {route.page === 'import' && <ImportPage />}
        {id && route.page === 'overview' && <OverviewPage id={id} query={route.query} />}
        {id && route.page === 'holdings' && <HoldingsPage id={id} query={route.query} />}
        {id && route.page === 'transactions' && <TransactionsPage id={id} query={route.query} />}
        {id && route.page === 'health' && <HealthPage id={id} />}
      </main>
    </>
  );
}

render(<App />, document.getElementById('app')!);
