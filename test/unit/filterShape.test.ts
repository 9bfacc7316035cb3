import assert from 'node:assert/strict';
import { parseConversationFilter, parseStoredFilters } from '../../src/tree/filterShape';

describe('conversation filter shape', () => {
  it('takes three lists of strings, as the QuickPick and scripts give them', () => {
    const filter = { statuses: ['open'], assignees: ['unassigned', '7'], tagIds: [] };
    assert.deepEqual(parseConversationFilter(filter), filter);
    assert.deepEqual(parseConversationFilter({ ...filter, extra: 1 }), filter, 'other fields are dropped');
  });

  it('refuses anything else: not lists, not strings, too many or too long values', () => {
    for (const raw of [
      undefined,
      null,
      'open',
      [],
      { statuses: 'x', assignees: '', tagIds: '' },
      { statuses: ['open'], assignees: [] },
      { statuses: [1], assignees: [], tagIds: [] },
      { statuses: [], assignees: [null], tagIds: [] },
      { statuses: [], assignees: [], tagIds: Array.from({ length: 1_001 }, (_, i) => String(i)) },
      { statuses: ['x'.repeat(257)], assignees: [], tagIds: [] },
    ]) {
      assert.equal(parseConversationFilter(raw), undefined, JSON.stringify(raw)?.slice(0, 80));
    }
  });

  it('keeps the stored filters that are filters and drops the rest', () => {
    const good = { statuses: ['open'], assignees: [], tagIds: ['9'] };
    const stored = parseStoredFilters({ '101': good, '102': { statuses: 'x', assignees: '', tagIds: '' }, '103': 'junk' });
    assert.deepEqual([...stored], [['101', good]]);
    for (const raw of [undefined, null, 'x', [good]]) assert.equal(parseStoredFilters(raw).size, 0);
  });
});
