// Shapes of the evp REST API answers (docs/api.md, `evp-api/1`). Every field the server may
// omit or send as null is optional here: the UI renders what exists and never assumes more.

export type Cursor = string | null;

export interface ApiInfo {
  api: string;
  evp_version?: string;
  store?: string;
  experiments?: number;
  battles?: number;
  write_requires_token?: boolean;
}

export type ExperimentStatus = 'running' | 'finished' | 'interrupted' | 'failed' | string;

export interface ExperimentSummary {
  id: string;
  suite: string;
  created_at?: string;
  status: ExperimentStatus;
  done?: number;
  total?: number;
}

export interface ExperimentsPage {
  experiments: ExperimentSummary[];
  next: Cursor;
}

export interface Interval {
  mean?: number | null;
  ci_low?: number | null;
  ci_high?: number | null;
}

export interface ScoreSummary extends Interval {
  method?: string;
  n?: number;
  standard_error?: number | null;
}

export interface PassAtK extends Interval {
  k?: number;
}

/** One model of `evp show ID --json`; unknown extra fields are rendered generically. */
export interface ReportModel {
  model: string;
  rows?: number;
  rollouts?: number;
  errors?: number;
  invalid?: number;
  passed?: boolean | null;
  score?: ScoreSummary | null;
  clustered?: (ScoreSummary & { clusters?: number }) | null;
  pass_at_k?: PassAtK | null;
  pass_hat_k?: PassAtK | null;
  majority_vote?: Interval | null;
  metrics?: Record<string, { mean?: number | null } | null>;
  usage?: { prompt_tokens?: number; completion_tokens?: number; total_tokens?: number };
  cost_usd?: number | null;
  judge?: { prompt_tokens?: number; completion_tokens?: number; cost_usd?: number | null };
  /** p50 and p95 in ms, and the histogram over the 1-2-5 bounds (evp show --json). */
  latency_ms?: { p50?: number | null; p95?: number | null; histogram?: LatencyBucket[] };
  [extra: string]: unknown;
}

export interface LatencyBucket {
  le_ms: number | null;
  count: number;
}

export interface Report {
  experiment_id?: string;
  suite?: string;
  status?: string;
  runs?: number;
  passed?: boolean | null;
  threshold?: Threshold | null;
  models?: ReportModel[];
  [extra: string]: unknown;
}

export interface ExperimentDetail {
  experiment: ExperimentSummary & { evp_version?: string; config?: unknown };
  report: Report | null;
  models: string[];
}

export interface RolloutSummary {
  model: string;
  row_id?: string | null;
  row_index: number;
  run: number;
  status_code?: number;
  status?: string;
  score?: number | null;
  score_valid?: boolean;
  cost_usd?: number | null;
  latency_ms?: number | null;
  prompt_tokens?: number | null;
  completion_tokens?: number | null;
  question?: string | null;
  answer?: string | null;
}

export interface RolloutsPage {
  rollouts: RolloutSummary[];
  next: Cursor;
  scanned?: number;
  search_complete?: boolean;
}

export interface Annotation {
  id: number | string;
  label?: string | null;
  note?: string | null;
  created_at?: string;
}

export interface RolloutDetail extends RolloutSummary {
  judge_prompt_tokens?: number | null;
  judge_completion_tokens?: number | null;
  judge_cost_usd?: number | null;
  created_at?: string;
  row: EpRow | null;
  annotations?: Annotation[];
}

/** `evp compare ... --json` for two models. */
export interface Comparison {
  a?: string;
  b?: string;
  n?: number;
  mean_a?: number | null;
  mean_b?: number | null;
  mean_diff?: number | null;
  ci_low?: number | null;
  ci_high?: number | null;
  p_value?: number | null;
  p_value_holm?: number | null;
  test?: string;
  verdict?: 'a_better' | 'b_better' | 'no_difference' | string;
  alpha?: number;
  a_better_rows?: number;
  b_better_rows?: number;
  tied_rows?: number;
  only_a_rows?: number;
  only_b_rows?: number;
}

export interface CompareSide {
  score?: number | null;
  runs?: number;
  answer?: string | null;
}

export interface CompareRow {
  row_index: number;
  row_id?: string | null;
  question?: string | null;
  a?: CompareSide | null;
  b?: CompareSide | null;
}

export interface ComparePage {
  stats: Comparison | null;
  rows: CompareRow[];
  next: Cursor;
}

export interface Threshold {
  success?: number | null;
  standard_error?: number | null;
}

export interface LeaderboardModel {
  model: string;
  experiment_id: string;
  created_at?: string;
  mean?: number | null;
  ci_low?: number | null;
  ci_high?: number | null;
  passed?: boolean | null;
  rollouts?: number;
  errors?: number;
  cost_usd?: number | null;
  prompt_tokens?: number | null;
  completion_tokens?: number | null;
  latency_p50_ms?: number | null;
  latency_p95_ms?: number | null;
}

export interface LeaderboardSuite {
  suite: string;
  threshold?: Threshold | null;
  models: LeaderboardModel[];
}

export interface ArenaModel {
  model: string;
  rating?: number | null;
  ci_low?: number | null;
  ci_high?: number | null;
  battles?: number;
  wins?: number;
  losses?: number;
  ties?: number;
  win_rate_vs_baseline?: number | null;
  identified?: boolean;
  online_elo?: number | null;
}

export interface ArenaLeaderboard {
  models: ArenaModel[];
  anchor?: string | null;
  anchor_rating?: number;
  bootstrap_rounds?: number;
  baseline?: string | null;
  notes?: string[];
  length_coefficient?: number | null;
}

export interface Leaderboard {
  suites: LeaderboardSuite[];
  arena: ArenaLeaderboard | null;
}

export interface ArenaBattle {
  ticket: string;
  suite?: string;
  messages: EpMessage[];
  a: EpMessage[];
  b: EpMessage[];
}

export type ArenaWinner = 'model_a' | 'model_b' | 'tie' | 'tie (bothbad)';

export interface ArenaVoteResult {
  model_a: string;
  model_b: string;
  winner: ArenaWinner | string;
  battle_id?: number | string;
}

export interface ExperimentEvent {
  id: string;
  suite?: string;
  status?: string;
  done?: number;
  total?: number;
}

export interface BattlesEvent {
  battles: number;
}

// ---- Eval Protocol row (defensive: every field may be missing) ----

export interface EpTextPart {
  type: 'text';
  text?: string;
}

export interface EpImagePart {
  type: 'image_url';
  image_url?: { url?: string; detail?: string } | string;
}

export type EpContentPart = EpTextPart | EpImagePart | { type?: string; [k: string]: unknown };

export interface EpToolCall {
  id?: string;
  type?: string;
  function?: { name?: string; arguments?: string | unknown };
}

export interface EpMessage {
  role?: string;
  content?: string | EpContentPart[] | null;
  reasoning_content?: string | null;
  tool_calls?: EpToolCall[] | null;
  tool_call_id?: string | null;
  name?: string | null;
  [k: string]: unknown;
}

export interface EpMetric {
  score?: number | null;
  reason?: string | null;
  is_score_valid?: boolean;
  data?: unknown;
  [k: string]: unknown;
}

export interface EpRow {
  messages?: EpMessage[];
  tools?: unknown;
  input_metadata?: { row_id?: string; [k: string]: unknown };
  evaluation_result?: {
    score?: number | null;
    reason?: string | null;
    is_score_valid?: boolean;
    metrics?: Record<string, EpMetric | null>;
    [k: string]: unknown;
  } | null;
  rollout_status?: { code?: number; message?: string; details?: unknown } | null;
  execution_metadata?: {
    rollout_id?: string;
    usage?: { prompt_tokens?: number; completion_tokens?: number; total_tokens?: number } | null;
    cost_metrics?: Record<string, number | null> | null;
    duration_seconds?: number | null;
    extra?: { evp?: Record<string, unknown>; [k: string]: unknown } | null;
    [k: string]: unknown;
  } | null;
  ground_truth?: unknown;
  created_at?: string;
  [k: string]: unknown;
}
