// The few words an error row shows beside its action (the tooltip has the whole message).
import assert from 'node:assert/strict';
import { errorHeadline } from '../../src/common/errors';
import {
  BadRequestError, BaseUrlError, BudgetExhaustedError, CancelledError, MalformedResponseError, NetworkError, NotFoundError,
  PagingLoopError, RateLimitedError, ServerError, UnauthorizedError,
} from '../../src/hiver/errors';

describe('error row headlines', () => {
  it('say what went wrong in a few words, by kind and status', () => {
    const cases: [unknown, string][] = [
      [new UnauthorizedError('listUsers', 'm', { status: 401 }), 'Key not accepted (HTTP 401)'],
      [new UnauthorizedError('listUsers', 'm'), 'No API key set'],
      [new NetworkError('listUsers', 'm', true), 'Timed out'],
      [new NetworkError('listUsers', 'm', false), 'Could not reach Hiver'],
      [new ServerError('listUsers', 'm', { status: 503 }), 'Server error (HTTP 503)'],
      [new BadRequestError('listUsers', 'm', { status: 422 }), 'Rejected (HTTP 422)'],
      [new BadRequestError('listUsers', 'm'), 'Request not sent'],
      [new NotFoundError('listUsers', 'm', { status: 404 }), 'Not found (HTTP 404)'],
      [new MalformedResponseError('listUsers', 'm'), 'Unexpected answer'],
      [new BudgetExhaustedError('listUsers', 'm', 0), 'Daily budget used up'],
      [new PagingLoopError('listUsers', 'm'), 'Paging stopped'],
      [new BaseUrlError('listUsers', 'm'), 'API URL setting not usable'],
      [new CancelledError('listUsers', 'm'), 'Could not load'],
      [new Error('anything else'), 'Could not load'],
    ];
    for (const [error, headline] of cases) assert.equal(errorHeadline(error), headline, String(error));
    assert.match(errorHeadline(new RateLimitedError('listUsers', 'm', Date.UTC(2026, 0, 1, 9, 30))), /^Rate limited until \S+/);
  });
});
