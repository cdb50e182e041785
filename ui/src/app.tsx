// The app shell: header (navigation, live indicator, write token) and the page for the
// current route.
import { ArenaPage } from './pages/ArenaPage';
import { ComparePage } from './pages/ComparePage';
import { ExperimentPage } from './pages/ExperimentPage';
import { ExperimentsPage } from './pages/ExperimentsPage';
import { LeaderboardPage } from './pages/LeaderboardPage';
import { RolloutPage } from './pages/RolloutPage';
import { LiveIndicator } from './components/LiveIndicator';
import { TokenControl } from './components/TokenControl';
import { matchRoute, routes, useLocation, type Loc, type RouteMatch } from './lib/router';

function Page({ route, loc }: { route: RouteMatch; loc: Loc }) {
  switch (route.page) {
    case 'leaderboard':
      return <LeaderboardPage />;
    case 'experiments':
      return <ExperimentsPage loc={loc} />;
    case 'experiment':
      return <ExperimentPage id={route.id} loc={loc} />;
    case 'rollout':
      return <RolloutPage id={route.id} loc={loc} />;
    case 'compare':
      return <ComparePage id={route.id} loc={loc} />;
    case 'arena':
      return <ArenaPage loc={loc} />;
    default:
      return (
        <section>
          <h1>Not found</h1>
          <p>
            Nothing lives at <code>{loc.path}</code>. Go to the <a href="/">leaderboard</a>.
          </p>
        </section>
      );
  }
}

function NavLink({ to, label, active }: { to: string; label: string; active: boolean }) {
  return (
    <a href={to} class={active ? 'nav-link active' : 'nav-link'} aria-current={active ? 'page' : undefined}>
      {label}
    </a>
  );
}

export function App() {
  const loc = useLocation();
  const route = matchRoute(loc.path);
  const section =
    route.page === 'leaderboard'
      ? 'leaderboard'
      : route.page === 'arena'
        ? 'arena'
        : route.page === 'not-found'
          ? ''
          : 'experiments';
  return (
    <>
      <header class="app-header">
        <a href="/" class="brand">
          evp
        </a>
        <nav class="nav" aria-label="main">
          <NavLink to={routes.leaderboard()} label="Leaderboard" active={section === 'leaderboard'} />
          <NavLink to={routes.experiments()} label="Experiments" active={section === 'experiments'} />
          <NavLink to={routes.arena()} label="Arena" active={section === 'arena'} />
        </nav>
        <span class="spacer" />
        <LiveIndicator />
        <TokenControl />
      </header>
      <main class="app-main">
        <Page route={route} loc={loc} key={'id' in route ? `${route.page}:${route.id}` : route.page} />
      </main>
    </>
  );
}
