// The one road every Hiver request takes: one queue (concurrency 1, user work first),
// coalesced GETs, cancellation, retries that never repeat a POST that may have reached the
// server, a per-request timeout, and state/log events for the UI. It asks the others what to
// do: the pacer when to send (pacer.ts), the budget whether to (budget.ts), the 429 policy
// what a refusal means (rateLimitPolicy.ts). With a shared folder, the pace and the count are
// the account's, shared by every window (sharedSlot.ts). The API key only ever goes into one
// header (and a hash of it names the account's shared slot).
import PQueue from 'p-queue';
import { ofetch, type FetchResponse } from 'ofetch';
import { checkBaseUrl, withoutTrailingSlashes } from './baseUrl';
import { DailyBudget, KeyValueCounter, MemoryStore, utcDay, type Priority } from './budget';
import { systemClock, wallTimeOf, type Clock } from './clock';
import { BadRequestError, CancelledError, HiverError, NetworkError, UnauthorizedError } from './errors';
import { asSentence, decodeSuccessBody, errorForStatus, networkErrorFrom, parseRetryAfter, serverMessageIn } from './failures';
import { requestName, sentenceRequestName } from './operations';
import { IntervalPacer, type Pacer } from './pacer';
import { TEAM } from './paceState';
import { DEFAULT_RETRY_POLICY, RateLimitPolicy, jittered, namesDailyLimit, rateLimitedError, type RetryPolicy } from './rateLimitPolicy';
import { watchSend, warmUpFetch } from './sendTime';
import { SharedSlot, accountId } from './sharedSlot';
import {
  DEFAULT_TRANSPORT_SETTINGS,
  type RequestLogLine,
  type TransportOptions,
  type TransportRequest,
  type TransportResponse,
  type TransportSettings,
  type TransportState,
} from './transportTypes';


interface Disposable {
  dispose(): void;
}

/** One logical request: possibly several attempts, possibly several coalesced callers. */
interface Job {
  req: TransportRequest;
  url: URL;
  logPath: string;
  priority: Priority;
  controller: AbortController;
  subscribers: number;
  /** True once any attempt was handed to fetch. */
  sent: boolean;
  attempts: number;
  /** The key the last attempt used, to scrub it from anything the server echoes back. */
  apiKeyUsed?: string;
  /** For a change (not a GET): the key set when it was asked for, the only one it may go with. */
  askedUnder?: string;
  /** The p-queue id while an attempt waits in the queue (to raise its priority). */
  queuedId?: string;
  queuedPriority?: number;
  result: Promise<TransportResponse>;
}

interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
  /** For a 429: how many came within the policy's window, this one included. */
  refusalsInWindow?: number;
}

const USER_PRIORITY = 2;
const BACKGROUND_PRIORITY = 0;

export class Transport {
  private settings: TransportSettings;
  private readonly policy: RetryPolicy;
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly pacer: Pacer;
  private readonly budget: DailyBudget;
  private readonly localCounter: KeyValueCounter;
  /** The account's slot in the shared folder, once the key is known. */
  private slot?: SharedSlot;
  private readonly queue = new PQueue({ concurrency: 1 });
  private readonly jobs = new Set<Job>();
  private readonly coalescable = new Map<string, Job>();
  private readonly stateListeners = new Set<(state: TransportState) => void>();
  private readonly logListeners = new Set<(line: RequestLogLine) => void>();
  private readonly rateLimits: RateLimitPolicy;
  private inFlight = 0;
  private lastError?: TransportState['lastError'];
  private nextQueueId = 1;
  private disposed = false;
  /** The last deadline shown as a wall-clock time (see wallTime). */
  private lastShown?: { monotonic: number; wall: number };

  constructor(private readonly options: TransportOptions) {
    this.settings = { ...DEFAULT_TRANSPORT_SETTINGS, ...stripUndefined(options.settings), baseUrl: options.settings.baseUrl };
    this.policy = { ...DEFAULT_RETRY_POLICY, ...stripUndefined(options.retryPolicy ?? {}) };
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
    this.pacer =
      options.pacer ??
      new IntervalPacer({
        gapMs: () => this.settings.minGapMs + this.settings.safetyMarginMs,
        marginMs: () => this.settings.safetyMarginMs,
        clock: this.clock,
        state: () => this.sharedSlot(),
        random: this.random,
        spread: TEAM.spread,
        refusedInARow: () => this.rateLimits.refusedInARow,
      });
    this.localCounter = new KeyValueCounter(options.store ?? new MemoryStore());
    this.budget = new DailyBudget(() => this.sharedSlot() ?? this.localCounter, () => this.clock.now());
    this.rateLimits = new RateLimitPolicy(this.policy, this.random);
    void warmUpFetch();
  }

  get state(): TransportState {
    // Pauses are kept in monotonic time (clock.ts); the state shows them as wall-clock times.
    const pausedUntil = this.pauseEnd();
    return {
      queued: this.jobs.size - this.inFlight,
      inFlight: this.inFlight,
      usedToday: this.budget.used,
      dailyLimit: this.settings.dailyLimit,
      resetAt: this.budget.resetAt,
      pausedUntil: pausedUntil > this.clock.monotonic() ? this.wallTime(pausedUntil) : undefined,
      cautiousPacing: this.pacer.cautious,
      ...this.widening(),
      lastError: this.lastError,
    };
  }

  /** Requests at user priority queued or on their way (background work waits behind them). */
  get userRequestsPending(): number {
    let count = 0;
    for (const job of this.jobs) if (job.priority === 'user') count++;
    return count;
  }

  /** The settings in force (defaults filled in). */
  get currentSettings(): Readonly<TransportSettings> {
    return this.settings;
  }

  onDidChangeState(listener: (state: TransportState) => void): Disposable {
    this.stateListeners.add(listener);
    return { dispose: () => this.stateListeners.delete(listener) };
  }

  onDidLog(listener: (line: RequestLogLine) => void): Disposable {
    this.logListeners.add(listener);
    return { dispose: () => this.logListeners.delete(listener) };
  }

  /** Applies new settings to what follows. A new gap, margin or server ends cautious pacing. */
  updateSettings(settings: Partial<TransportSettings>): void {
    const before = this.settings;
    this.settings = { ...this.settings, ...stripUndefined(settings) };
    const pacingChanged = (['minGapMs', 'safetyMarginMs', 'baseUrl'] as const).some((name) => before[name] !== this.settings[name]);
    if (pacingChanged) this.pacer.resetMode();
    this.emitState();
  }

  request(req: TransportRequest): Promise<TransportResponse> {
    const priority = req.priority ?? 'user';
    let url: URL;
    try {
      url = this.buildUrl(req.operation, req.path, req.query);
      this.checkAdmission(req.operation, priority);
    } catch (error) {
      // Refused up front: the state still says why (the status bar shows it).
      return Promise.reject(this.failed(error));
    }
    const key = req.method === 'GET' && req.apiKey === undefined ? url.href : undefined;
    let job = key === undefined ? undefined : this.coalescable.get(key);
    // A shared GET that every caller abandoned is on its way out: start afresh instead.
    if (job?.controller.signal.aborted) job = undefined;
    if (job) {
      if (priority === 'user') this.raisePriority(job);
    } else {
      job = this.startJob(req, url, priority);
      if (key !== undefined) {
        const started = job;
        this.coalescable.set(key, started);
        const forget = () => this.coalescable.get(key) === started && this.coalescable.delete(key);
        started.result.then(forget, forget);
      }
    }
    return this.subscribe(job, req.signal);
  }

  /** Cancels everything queued or in flight; later requests fail at once. */
  dispose(): void {
    this.disposed = true;
    for (const job of this.jobs) job.controller.abort();
    this.stateListeners.clear();
    this.logListeners.clear();
  }

  // --- jobs and callers ---

  private startJob(req: TransportRequest, url: URL, priority: Priority): Job {
    const job: Job = {
      req,
      url,
      logPath: url.pathname.slice(new URL(this.settings.baseUrl).pathname.replace(/\/$/, '').length) + url.search,
      priority,
      controller: new AbortController(),
      subscribers: 0,
      sent: false,
      attempts: 0,
      askedUnder: req.method !== 'GET' && req.apiKey === undefined ? this.keyIfAtHand() : undefined,
      result: undefined as unknown as Promise<TransportResponse>,
    };
    this.jobs.add(job);
    job.result = this.run(job).finally(() => {
      this.jobs.delete(job);
      this.emitState();
    });
    // Callers may all have gone (cancelled); the result must not become an unhandled rejection.
    job.result.catch(() => undefined);
    this.emitState();
    return job;
  }

  /** A caller's view of a job: its own AbortSignal rejects only its own promise. */
  private subscribe(job: Job, signal: AbortSignal | undefined): Promise<TransportResponse> {
    job.subscribers++;
    if (!signal) return job.result;
    const leave = () => {
      if (--job.subscribers === 0) job.controller.abort();
    };
    if (signal.aborted) {
      leave();
      return Promise.reject(this.cancelled(job));
    }
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        leave();
        reject(this.cancelled(job));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      job.result.then(
        (value) => {
          signal.removeEventListener('abort', onAbort);
          resolve(value);
        },
        (error: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(error);
        },
      );
    });
  }

  private cancelled(job: Job): CancelledError {
    const message = job.sent
      ? `${sentenceRequestName(job.req.operation)} was cancelled after it was sent; Hiver may have processed it.`
      : `${sentenceRequestName(job.req.operation)} was cancelled before it was sent.`;
    return new CancelledError(job.req.operation, message, job.sent);
  }

  private raisePriority(job: Job): void {
    if (job.priority === 'user') return;
    job.priority = 'user';
    if (job.queuedId !== undefined && job.queuedPriority !== undefined) {
      job.queuedPriority += USER_PRIORITY - BACKGROUND_PRIORITY;
      this.queue.setPriority(job.queuedId, job.queuedPriority);
    }
  }

  // --- the attempt loop: retries and 429 handling ---

  private async run(job: Job): Promise<TransportResponse> {
    const { operation, method } = job.req;
    const idempotent = method !== 'POST';
    for (let retries = 0; ; retries++) {
      let response: RawResponse;
      try {
        response = await this.enqueue(job, retries > 0);
      } catch (error) {
        // A POST is never repeated once it may have reached the server.
        if (error instanceof NetworkError && idempotent && retries < this.policy.maxRetries) {
          await this.backoff(job, this.policy.retryBaseMs * 2 ** retries);
          continue;
        }
        throw this.failed(error);
      }
      if (response.status >= 200 && response.status < 300) {
        try {
          return { status: response.status, body: decodeSuccessBody(operation, response.status, response.headers.get('content-type'), response.text) };
        } catch (error) {
          throw this.failed(error);
        }
      }
      const serverMessage = serverMessageIn(response.text, job.apiKeyUsed);
      if (response.status >= 500 && idempotent && retries < this.policy.maxRetries) {
        await this.backoff(job, this.policy.retryBaseMs * 2 ** retries);
        continue;
      }
      throw this.failed(errorForStatus(operation, response.status, serverMessage));
    }
  }

  /**
   * One turn in the queue. A 429 means "not processed", so any request may be sent again: the
   * whole queue pauses (the pacer holds every start) and this request, keeping the slot, goes
   * first when the pause ends. When to stop: rateLimitPolicy.ts.
   */
  private async sendInTurn(job: Job): Promise<RawResponse> {
    for (;;) {
      const response = await this.attempt(job);
      if (response.status !== 429) {
        this.rateLimits.answered(this.clock.monotonic());
        return response;
      }
      const serverMessage = serverMessageIn(response.text, job.apiKeyUsed);
      const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), this.clock.now(), response.headers.get('date'));
      const verdict = this.rateLimits.limited(this.clock.monotonic(), retryAfterMs, serverMessage, this.settings.safetyMarginMs, response.refusalsInWindow);
      if (verdict.kind === 'dailyLimit') {
        // Spent elsewhere too (the limit is per account): show it as spent and send nothing more today.
        // The user is told the limit even if the shared count cannot be written.
        this.keepBooks('the day as spent', () => this.budget.markSpent(this.settings.dailyLimit));
        const said = serverMessage ? ` Hiver said: ${asSentence(serverMessage)}` : '';
        throw this.budget.exhausted(job.req.operation, `Hiver says the account's daily request limit is reached (other clients of the account count too); ${requestName(job.req.operation)} was not retried.${said}`);
      }
      if (verdict.kind === 'giveUp') {
        // As above; and a folder that stays broken stops the next request anyway (its wait reads it).
        this.keepBooks('a pause', () => this.pacer.pauseUntil(verdict.until));
        this.emitStateAt(verdict.until);
        throw rateLimitedError(job.req.operation, this.wallTime(verdict.until), serverMessage);
      }
      this.pacer.pauseUntil(verdict.resumeAt);
      this.emitState();
      this.emitStateAt(verdict.resumeAt);
    }
  }

  /** Waits out a retry backoff outside the queue, so other work can use the slot meanwhile. */
  private async backoff(job: Job, baseMs: number): Promise<void> {
    try {
      await this.clock.sleep(jittered(baseMs, this.policy.backoffCapMs, this.random), job.controller.signal);
    } catch {
      throw this.cancelled(job);
    }
  }

  private failed(error: unknown): unknown {
    if (error instanceof HiverError && !(error instanceof CancelledError)) this.noteLastError(error.operation, error.message);
    return error;
  }

  /** A failure of this machine (not of Hiver) that stopped `operation`. */
  private failedHere(operation: string, error: unknown): unknown {
    this.noteLastError(operation, error instanceof Error ? error.message : String(error));
    return error;
  }

  private noteLastError(operation: string, message: string): void {
    this.lastError = { operation, message, at: this.clock.now() };
    this.emitState();
  }

  // --- one attempt, holding the queue's single slot ---

  private enqueue(job: Job, isRetry: boolean): Promise<RawResponse> {
    // A retry goes ahead of fresh work of the same priority: it already waited its turn.
    const priority = (job.priority === 'user' ? USER_PRIORITY : BACKGROUND_PRIORITY) + (isRetry ? 1 : 0);
    const id = String(this.nextQueueId++);
    job.queuedId = id;
    job.queuedPriority = priority;
    return this.queue.add(
      () => {
        job.queuedId = undefined;
        return this.sendInTurn(job);
      },
      { priority, id, throwOnTimeout: true },
    );
  }

  private async attempt(job: Job): Promise<RawResponse> {
    const { operation, method } = job.req;
    const signal = job.controller.signal;
    if (signal.aborted) throw this.cancelled(job);
    this.checkAdmission(operation, job.priority);

    let apiKey = job.req.apiKey ?? job.askedUnder;
    if (apiKey === undefined) {
      try {
        apiKey = await this.options.getApiKey();
      } catch {
        apiKey = undefined;
      }
    }
    if (!apiKey) throw new UnauthorizedError(operation, `No Hiver API key is set, so ${requestName(operation)} was not sent.`);
    job.apiKeyUsed = apiKey;
    this.sharedSlot(apiKey);

    await warmUpFetch();
    try {
      await this.pacer.acquire(signal);
    } catch (error) {
      // Not cancelled: the shared slot's folder failed (sharedRecord.ts). Its error says what
      // to do; the status bar shows it as the last error, as it does Hiver's.
      if (!signal.aborted) throw this.failedHere(operation, error);
      throw this.cancelled(job);
    }
    try {
      if (signal.aborted) throw this.cancelled(job);
      // Checked after the wait for its turn, for every request: another key may be another
      // account's, where the same ids name other conversations (a change keeps the key it was
      // asked under), and a removed key is never used again.
      if (job.req.apiKey === undefined && this.keyChangedFrom(apiKey)) {
        throw new UnauthorizedError(operation, `The Hiver API key was changed or removed while ${requestName(operation)} waited its turn, so it was not sent.`);
      }
      this.budget.spend(operation, job.priority, this.settings);
    } catch (error) {
      // The slot was taken but nothing leaves: other windows need not wait for it.
      this.pacer.markStarted(undefined);
      throw error;
    }
    job.sent = true;
    const attempt = ++job.attempts;
    this.inFlight++;
    this.emitState();
    // Every time in here is monotonic (clock.ts): a step of the system clock cannot shorten or stretch a gap.
    const startedAt = this.clock.monotonic();
    // Pace the next start from when this request really left (see sendTime.ts), and tell the
    // other windows at once: they wait for it to leave (sharedSlot.ts).
    let marked = false;
    let leftAt: number | undefined;
    const mark = (at: number | undefined) => {
      if (marked) return;
      marked = true;
      leftAt = at;
      this.keepBooks('a send time', () => this.pacer.markStarted(at));
    };
    const sendWatch = watchSend(method, job.url, () => this.clock.monotonic(), mark);
    const markSent = () => {
      mark(sendWatch.sentAt());
      sendWatch.dispose();
    };
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), this.settings.timeoutMs);
    const log = (line: Partial<RequestLogLine>) =>
      this.emitLog({ operation, method, path: job.logPath, ms: Math.round(this.clock.monotonic() - startedAt), attempt, ...line });
    try {
      let response: FetchResponse<string>;
      try {
        response = await ofetch.raw<string, 'text'>(job.url.href, {
          method,
          headers: { Authorization: `Bearer ${apiKey}`, Accept: 'application/json' },
          body: job.req.form ? toFormData(job.req.form) : (job.req.json as Record<string, unknown> | undefined),
          retry: 0,
          ignoreResponseError: true,
          responseType: 'text',
          signal: AbortSignal.any([signal, timeout.signal]),
        });
      } catch (error) {
        // No answer (timeout, reset, cancel): paced from its send time only.
        markSent();
        let failure: HiverError;
        if (timeout.signal.aborted) {
          failure = new NetworkError(operation, `Hiver did not answer ${requestName(operation)} within ${Math.round(this.settings.timeoutMs / 1000)} s.`, true, { code: 'ETIMEDOUT' });
        } else if (signal.aborted) {
          failure = this.cancelled(job);
        } else {
          failure = networkErrorFrom(operation, error, apiKey);
        }
        log({ error: failure.message });
        throw failure;
      } finally {
        clearTimeout(timer);
      }
      // Hiver answered: from here on the shared pace's bookkeeping (a file that can fail) is kept
      // out of the outcome, or a 201 would read as "could not reach" and a PATCH be sent again.
      markSent();
      const serverMessage = response.status >= 400 ? serverMessageIn(response._data ?? '', apiKey) : undefined;
      // Pacing cannot help with the daily limit; any other 429 says this account went too fast.
      const tooFast = response.status === 429 && !namesDailyLimit(serverMessage);
      const notes: string[] = [];
      let refusalsInWindow: number | undefined;
      if (tooFast) {
        // A 429 for a request paced right can turn cautious pacing on (pacer.ts).
        const cautious = this.keepBooks('a 429 sent on time', () => this.pacer.refusedAsTooEarly());
        if (cautious) notes.push(cautious);
        refusalsInWindow = this.keepBooks('a 429', () => this.pacer.refused(this.policy.rateLimitWindowMs));
        if (refusalsInWindow !== undefined && refusalsInWindow >= this.policy.reportAfter429sInWindow) notes.push(this.widenedNote(refusalsInWindow));
      } else if (response.status !== 429) {
        this.keepBooks('an answer', () => this.pacer.succeeded());
      }
      // In cautious mode the next start also waits a full gap after this answer.
      this.keepBooks('an answer time', () => this.pacer.markAnswered(this.clock.monotonic(), leftAt));
      log({ status: response.status, ...(notes.length ? { note: notes.join(' ') } : {}), ...(serverMessage === undefined ? {} : { serverMessage }) });
      return { status: response.status, headers: response.headers, text: response._data ?? '', refusalsInWindow };
    } finally {
      this.inFlight--;
      this.emitState();
    }
  }

  /**
   * The pacer's bookkeeping around a request that left (the shared slot's file can fail: disk
   * full, folder removed): logged, never the request's outcome. The next request's wait reports
   * a folder that stays broken.
   */
  private keepBooks<T>(what: string, step: () => T): T | undefined {
    try {
      return step();
    } catch (error) {
      console.error(`Hiver transport: could not record ${what}`, error);
      return undefined;
    }
  }

  /** The account's shared slot (when a shared folder was given), following the key and the base URL. */
  private sharedSlot(apiKey?: string): SharedSlot | undefined {
    const folder = this.options.sharedFolder;
    if (folder === undefined) return undefined;
    const key = apiKey ?? this.keyIfAtHand();
    if (key) {
      const id = accountId(this.settings.baseUrl, key);
      if (this.slot?.id !== id) {
        this.slot = new SharedSlot(folder, id, this.clock);
        const day = utcDay(this.clock.now());
        this.slot.raise(day, this.localCounter.count(day));
      }
    }
    return this.slot;
  }

  /** Whether another key, or none, is set now than `key`; false when getApiKey cannot say at once. */
  private keyChangedFrom(key: string): boolean {
    const now = this.keyAtOnce();
    return now !== undefined && now.key !== key;
  }

  /** The key when getApiKey gives it at once (the extension's does); otherwise the slot stays as it was. */
  private keyIfAtHand(): string | undefined {
    return this.keyAtOnce()?.key;
  }

  /** What getApiKey says at once (`key` undefined: none set, or it failed); undefined when it answers only later. */
  private keyAtOnce(): { key: string | undefined } | undefined {
    try {
      const key = this.options.getApiKey();
      if (typeof key === 'string' || key === undefined) return { key };
      Promise.resolve(key).catch(() => undefined);
      return undefined;
    } catch {
      return { key: undefined };
    }
  }

  /** The widened gap and the 429s behind it, for the state, when the gap is wider than configured. */
  private widening(): Pick<TransportState, 'widenedGapMs' | 'refusedLastWindow'> {
    const configured = this.settings.minGapMs + this.settings.safetyMarginMs;
    const gap = this.pacer.gapMs;
    if (gap <= configured) return {};
    return { widenedGapMs: gap, refusedLastWindow: this.pacer.refusals(this.policy.rateLimitWindowMs) };
  }

  /** The timetable in force (TEAM), in words: the log says so from the third 429 on. */
  private timetableWords(): string {
    const configured = this.settings.minGapMs + this.settings.safetyMarginMs;
    const slot = Math.round(this.pacer.slotMs);
    const slots = this.pacer.slotsInFrame;
    if (slots >= TEAM.frame) return `Requests still go in every slot of ${slot} ms.`;
    const gap = this.pacer.gapMs;
    const seconds = (gaps: number) => Math.round((gaps * configured) / 1000);
    return (
      `Requests now go in ${slots} of every ${TEAM.frame} slots of ${slot} ms (about ${gap} ms apart; other machines of the account hold the rest), ` +
      `one slot more after ${seconds(TEAM.growSoonAfterGaps)} to ${seconds(TEAM.growAfterGaps)} s without a 429 (sooner while new slots get in) ` +
      `and every slot after ${TEAM.forgetAfterMs / 60_000} min without one.`
    );
  }

  private widenedNote(refusals: number): string {
    const seconds = Math.round(this.policy.rateLimitWindowMs / 1000);
    return (
      `Hiver refused ${refusals} requests with 429 in the last ${seconds} s (other clients of the account count too): ` +
      `${this.timetableWords()} ` +
      `At ${this.policy.giveUpAfter429sInWindow} within ${seconds} s the extension stops sending for a while.`
    );
  }

  /** Fails at once, before queueing, when nothing may be sent now. */
  private checkAdmission(operation: string, priority: Priority): void {
    if (this.disposed) throw new CancelledError(operation, `${sentenceRequestName(operation)} was not sent: the Hiver connection was closed.`);
    if (this.rateLimits.coolingDown(this.clock.monotonic())) {
      throw rateLimitedError(operation, this.wallTime(this.rateLimits.coolDownUntil), undefined);
    }
    this.budget.admit(operation, priority, this.settings);
  }

  private buildUrl(operation: string, path: string, query: TransportRequest['query']): URL {
    // Where the key may go (baseUrl.ts): checked here, the one place request URLs are built.
    const base = checkBaseUrl(this.settings.baseUrl, operation);
    const relative = path.startsWith('/') ? path : `/${path}`;
    const url = new URL(withoutTrailingSlashes(base.href) + relative);
    // URL resolves "." and ".." segments (%2e too): a path it rewrote would ask another endpoint.
    // client.ts refuses such ids; this keeps any other path from slipping through.
    if (url.pathname !== withoutTrailingSlashes(base.pathname) + relative) {
      throw new BadRequestError(operation, `${sentenceRequestName(operation)} was not sent: its address would not be the one it was built for.`);
    }
    for (const [name, value] of Object.entries(query ?? {})) {
      if (value !== undefined) url.searchParams.append(name, String(value));
    }
    return url;
  }

  private emitState(): void {
    if (this.stateListeners.size === 0) return;
    const state = this.state;
    for (const listener of this.stateListeners) callListener(listener, state);
  }

  /**
   * A monotonic deadline as wall-clock epoch ms, for the state and errors. The same deadline always
   * reads the same, although the two clocks are read a moment apart each time (and a pause kept
   * as a duration, or in the shared slot, comes back a fraction of a ms off).
   */
  private wallTime(monotonicAt: number): number {
    if (this.lastShown === undefined || Math.abs(this.lastShown.monotonic - monotonicAt) >= 1) this.lastShown = { monotonic: monotonicAt, wall: Math.round(wallTimeOf(this.clock, monotonicAt)) };
    return this.lastShown.wall;
  }

  /** When the pause in force ends (monotonic; -Infinity or a past time when there is none). */
  private pauseEnd(): number {
    return Math.max(this.pacer.pausedUntil ?? Number.NEGATIVE_INFINITY, this.rateLimits.coolDownUntil);
  }

  /**
   * Tells the UI when a pause is over (state.pausedUntil changes by itself then); `time` is
   * monotonic. The pause may have grown by then: another window's 429 on the shared pace, or
   * the pause read back a few ms later than it was set (kept as a duration or a wall-clock time).
   * Then this waits for the new end, or the UI would show the pause until something else happens.
   */
  private emitStateAt(time: number): void {
    const timer = setTimeout(() => {
      const end = this.pauseEnd();
      if (end > time && end > this.clock.monotonic()) this.emitStateAt(end);
      else this.emitState();
    }, Math.max(0, time - this.clock.monotonic()) + 1);
    timer.unref?.();
  }

  private emitLog(line: RequestLogLine): void {
    for (const listener of this.logListeners) callListener(listener, line);
  }
}

/**
 * Listeners run in the middle of a request (after the count, before the answer is handed back):
 * one that throws must not leave a request half done, so its error is only reported.
 */
function callListener<T>(listener: (value: T) => void, value: T): void {
  try {
    listener(value);
  } catch (error) {
    console.error('Hiver transport: a state or log listener threw', error);
  }
}

function toFormData(form: Record<string, string | string[] | undefined>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(form)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) data.append(name, item);
  }
  return data;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
