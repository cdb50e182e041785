// "/arena": human votes. Shows a random prompt of a suite's latest experiment with two
// anonymous answers side by side; a vote (A better, B better, tie, both bad) is posted with
// the write token and only then are the two models revealed. 401 asks for the token, 429
// says how long to wait. `?suite=` limits battles to one suite.
import { useEffect, useState } from 'preact/hooks';
import { apiUrl, ApiError, errorText, getJson, postJson } from '../api/client';
import { requestToken } from '../api/token';
import type { ArenaBattle, ArenaVoteResult, ArenaWinner, EpMessage } from '../api/types';
import { Conversation } from '../components/Conversation';
import { ErrorBox, Loading } from '../components/Status';
import { asMessages } from '../lib/messages';
import type { Loc } from '../lib/router';

const CHOICES: { winner: ArenaWinner; label: string; testid: string }[] = [
  { winner: 'model_a', label: 'A is better', testid: 'vote-a' },
  { winner: 'model_b', label: 'B is better', testid: 'vote-b' },
  { winner: 'tie', label: 'Tie', testid: 'vote-tie' },
  { winner: 'tie (bothbad)', label: 'Both bad', testid: 'vote-bothbad' },
];

function revealText(r: ArenaVoteResult): string {
  const names = `A was ${r.model_a}, B was ${r.model_b}.`;
  switch (r.winner) {
    case 'model_a':
      return `${names} You preferred A (${r.model_a}).`;
    case 'model_b':
      return `${names} You preferred B (${r.model_b}).`;
    case 'tie':
      return `${names} You called it a tie.`;
    default:
      return `${names} You found both bad.`;
  }
}

function AnswerColumn({ side, messages }: { side: 'A' | 'B'; messages: EpMessage[] }) {
  return (
    <div class="arena-answer" data-testid={`arena-answer-${side.toLowerCase()}`}>
      <h3>Answer {side}</h3>
      <Conversation messages={messages} />
    </div>
  );
}

export function ArenaPage({ loc }: { loc: Loc }) {
  const suite = loc.query.get('suite') ?? '';
  const [battle, setBattle] = useState<ArenaBattle | null>(null);
  const [loading, setLoading] = useState(true);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [voting, setVoting] = useState(false);
  const [voteError, setVoteError] = useState<string | null>(null);
  const [result, setResult] = useState<ArenaVoteResult | null>(null);
  const [tick, setTick] = useState(0);

  useEffect(() => {
    document.title = 'Arena · evp';
  }, []);

  useEffect(() => {
    const ctrl = new AbortController();
    setLoading(true);
    setLoadError(null);
    setResult(null);
    setVoteError(null);
    getJson<ArenaBattle>(apiUrl('/api/arena/next', { suite }), ctrl.signal).then(
      (b) => {
        setBattle(b);
        setLoading(false);
      },
      (e: unknown) => {
        if ((e as Error)?.name === 'AbortError') return;
        setBattle(null);
        setLoadError(e);
        setLoading(false);
      },
    );
    return () => ctrl.abort();
  }, [suite, tick]);

  const vote = async (winner: ArenaWinner) => {
    if (!battle || voting || result) return;
    setVoting(true);
    setVoteError(null);
    try {
      setResult(await postJson<ArenaVoteResult>('/api/arena/vote', { ticket: battle.ticket, winner }));
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) {
        setVoteError('Voting needs the write token: paste the token evp ui printed at start, then vote again.');
        requestToken();
      } else if (e instanceof ApiError && e.status === 429) {
        setVoteError(`Slow down, try again in ${e.retryAfterS ?? 'a few'} s.`);
      } else {
        setVoteError(errorText(e));
      }
    } finally {
      setVoting(false);
    }
  };

  const nextBattle = () => setTick((t) => t + 1);

  return (
    <section>
      <h1>Arena</h1>
      <p class="muted">
        Which answer is better? The models stay hidden until you vote. Votes are stored as battles
        by the judge <code>human</code> and count in the arena ratings.
        {suite && (
          <>
            {' '}
            Suite: <strong>{suite}</strong> (<a href="/arena">any suite</a>).
          </>
        )}
      </p>
      {loading && <Loading what="a battle" />}
      {!loading && loadError !== null && (
        loadError instanceof ApiError && loadError.status === 404 ? (
          <p class="empty" data-testid="arena-empty">
            Nothing to vote on: no suite has two models that answered the same rows. Run a suite with two
            or more models first.
          </p>
        ) : (
          <ErrorBox error={loadError} testid="arena-error" />
        )
      )}
      {!loading && battle && (
        <>
          {battle.suite && <p class="muted small">suite {battle.suite}</p>}
          <div class="arena-prompt" data-testid="arena-prompt">
            <h2>Prompt</h2>
            <Conversation messages={asMessages(battle.messages)} />
          </div>
          <div class="arena-answers">
            <AnswerColumn side="A" messages={asMessages(battle.a)} />
            <AnswerColumn side="B" messages={asMessages(battle.b)} />
          </div>
          {!result && (
            <div class="vote-buttons" role="group" aria-label="your vote">
              {CHOICES.map((c) => (
                <button
                  type="button"
                  key={c.winner}
                  class={c.winner.startsWith('model') ? 'primary' : undefined}
                  disabled={voting}
                  onClick={() => vote(c.winner)}
                  data-testid={c.testid}
                >
                  {c.label}
                </button>
              ))}
            </div>
          )}
          {voteError && (
            <p class="error-box" role="alert" data-testid="arena-error">
              {voteError}
            </p>
          )}
          {result && (
            <div class="reveal" role="status">
              <p data-testid="arena-reveal">{revealText(result)}</p>
              <button type="button" class="primary" onClick={nextBattle} data-testid="arena-next">
                Next battle
              </button>
            </div>
          )}
        </>
      )}
      {!loading && !battle && loadError !== null && (
        <button type="button" onClick={nextBattle} data-testid="arena-retry">
          Try again
        </button>
      )}
    </section>
  );
}
